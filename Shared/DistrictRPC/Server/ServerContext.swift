public import Logging

/// What a handler knows about the call it serves.
public struct ServerContext: Sendable {
  /// The full method name, `/district.finance.v1.Finance/GetRevenueSummary`.
  public let method: String
  /// The caller's metadata.
  public let metadata: Metadata
  /// When the caller stops waiting; `nil` when it sent no timeout.
  public let deadline: ContinuousClock.Instant?
  /// The caller's address.
  public let peer: String
  /// The trace this call belongs to: the caller's `traceparent`, or a new trace.
  public let traceParent: TraceParent
  /// The authenticated caller, set by the authentication interceptor.
  public internal(set) var principal: Principal
  /// A logger whose metadata names the method, call and trace.
  public var logger: Logger
  /// Metadata to send back with the answer.
  public let responseMetadata = ResponseMetadata()

  /// The caller's `idempotency-key`: a write that carries one is applied at most once.
  public var idempotencyKey: String? { metadata[MetadataKey.idempotencyKey] }

  /// What is left of the caller's deadline; `nil` when it has none.
  public var timeRemaining: Duration? {
    deadline.map { $0 - ContinuousClock.now }
  }

  /// The context of the call the current task serves, for calls it makes in turn
  /// (they inherit what is left of the deadline and the trace).
  @TaskLocal public static var current: ServerContext? = nil

  package init(
    method: String, metadata: Metadata, deadline: ContinuousClock.Instant?, peer: String,
    traceParent: TraceParent, principal: Principal, logger: Logger
  ) {
    self.method = method
    self.metadata = metadata
    self.deadline = deadline
    self.peer = peer
    self.traceParent = traceParent
    self.principal = principal
    self.logger = logger
  }
}
