internal import DistrictSchemaCore
internal import NIOCore

/// A call as the client sends it: everything resolved before it reaches the event loop.
struct OutgoingCall: Sendable {
  let method: String
  let payload: [UInt8]
  let metadata: Metadata
  /// When the caller stops waiting.
  let deadline: NIODeadline?
  let timeout: Duration?

  /// Resolves the options against the call the current task serves, if any: its deadline
  /// caps the timeout, its trace continues, and its authorization may be forwarded.
  init(method: String, payload: [UInt8], options: CallOptions) throws {
    var metadata = options.metadata
    var timeout = options.timeout
    if let served = ServerContext.current {
      if metadata[MetadataKey.traceparent] == nil {
        metadata.add(MetadataKey.traceparent, served.traceParent.child().description)
      }
      if options.forwardsAuthorization, metadata[MetadataKey.authorization] == nil,
        let authorization = served.metadata[MetadataKey.authorization]
      {
        metadata.add(MetadataKey.authorization, authorization)
      }
      if let remaining = served.timeRemaining {
        guard remaining > .zero else {
          throw RPCError(.deadlineExceeded, "no time is left of the deadline of the call being served")
        }
        timeout = min(timeout ?? remaining, remaining)
      }
    }
    self.method = method
    self.payload = payload
    self.metadata = metadata
    self.timeout = timeout.map(CallTimeout.bounded)
    self.deadline = self.timeout.map { .now() + .nanoseconds($0.nanoseconds) }
  }
}

/// Identifies a call between the caller's task and the event loop; touched only on the loop.
final class CallHandle: @unchecked Sendable {
  var callID: UInt64? = nil
  var cancelled = false
}

/// A unary call's answer as it arrives: the encoded response and the server's metadata.
struct UnaryAnswer: Sendable {
  let payload: [UInt8]
  let metadata: Metadata
}
