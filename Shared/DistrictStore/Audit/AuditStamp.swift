public import DistrictRPC
public import DistrictSchema
public import Foundation

/// Who makes a change and through which call: the token's subject and the full RPC method.
public struct AuditStamp: Sendable, Hashable {
  /// The caller, as the token store names it (``Principal/subject``).
  public var subject: String
  /// The method, `/district.finance.v1.Finance/RecordCollection`; for changes made outside a
  /// call (seeding, maintenance), a name such as `seed:reference-geography`.
  public var rpc: String

  public init(subject: String, rpc: String) {
    self.subject = subject
    self.rpc = rpc
  }

  /// The caller and method of the call `context` serves.
  public init(_ context: ServerContext) {
    self.init(subject: context.principal.subject, rpc: context.method)
  }
}

extension CommonV1.AuditStamp {
  /// The stamp a service keeps on what it writes: the caller and method of the call `context`
  /// serves (as ``AuditStamp/init(_:)``), at `milliseconds` since the epoch (now unless given)
  /// as ISO 8601 text.
  public init(_ context: ServerContext, atMilliseconds milliseconds: Int64 = Timestamp.milliseconds(Date())) {
    let stamp = AuditStamp(context)
    self.init()
    self.subject = stamp.subject
    self.at = Timestamp.iso8601(milliseconds: milliseconds)
    self.rpc = stamp.rpc
  }
}
