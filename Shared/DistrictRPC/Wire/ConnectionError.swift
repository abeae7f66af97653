internal import DistrictSchema

/// A fault that ends a whole connection: the byte stream cannot be trusted past it.
enum ConnectionError: Error, CustomStringConvertible {
  /// The 4-byte length announced 0 bytes, or more than the receiver accepts.
  case frameLength(declared: Int, maximum: Int)
  /// Part of a frame arrived and the rest did not come in time.
  case stalledFrame(buffered: Int)
  /// The frame's bytes are not a `Frame`.
  case undecodableFrame(String)
  /// The peer broke the protocol, e.g. a request before its hello.
  case protocolViolation(String)

  var description: String {
    switch self {
    case .frameLength(let declared, let maximum) where declared == 0:
      return "a frame declared a length of 0 (at most \(maximum) bytes are accepted)"
    case .frameLength(let declared, let maximum):
      return "a frame declared \(declared) bytes; this peer accepts at most \(maximum)"
    case .stalledFrame(let buffered):
      return "\(buffered) bytes of an unfinished frame arrived, then nothing: the read timed out"
    case .undecodableFrame(let reason):
      return "a frame could not be decoded: \(reason)"
    case .protocolViolation(let reason):
      return "protocol violation: \(reason)"
    }
  }

  /// The status sent in the GOAWAY that announces the close.
  var status: RPCError {
    switch self {
    case .frameLength(let declared, _) where declared > 0:
      return RPCError(.resourceExhausted, description)
    case .stalledFrame:
      return RPCError(.deadlineExceeded, description)
    default:
      return RPCError(.internal, description)
    }
  }
}
