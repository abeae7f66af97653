/// Who makes a change and through which call: the token's subject and the full RPC method.
public struct AuditStamp: Sendable, Hashable {
  /// The caller, as the token store names it (a token's subject).
  public var subject: String
  /// The method, `/district.finance.v1.Finance/RecordCollection`; for changes made outside a
  /// call (seeding, maintenance), a name such as `seed:reference-geography`.
  public var rpc: String

  public init(subject: String, rpc: String) {
    self.subject = subject
    self.rpc = rpc
  }
}
