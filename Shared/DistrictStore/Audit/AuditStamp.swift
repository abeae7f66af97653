/// Who makes a change and through which call: the token's subject and the full RPC method, and
/// what ties the change to the call (its trace and its idempotency key).
public struct AuditStamp: Sendable, Hashable {
  /// The caller, as the token store names it (a token's subject).
  public var subject: String
  /// The method, `/district.finance.v1.Finance/RecordCollection`; for changes made outside a
  /// call (seeding, maintenance), a name such as `seed:reference-geography`.
  public var rpc: String
  /// The W3C trace id of the call (32 hex digits), to find its log lines; `nil` outside a call.
  public var traceID: String?
  /// The caller's idempotency key, when it sent one.
  public var idempotencyKey: String?

  public init(subject: String, rpc: String, traceID: String? = nil, idempotencyKey: String? = nil) {
    self.subject = subject
    self.rpc = rpc
    self.traceID = traceID
    self.idempotencyKey = idempotencyKey
  }
}
