internal import DistrictSchemaCore

/// A fault that ends a whole connection: the byte stream cannot be trusted past it.
enum ConnectionError: Error, Equatable, CustomStringConvertible {
  /// The 4-byte length announced 0 bytes, or more than the receiver accepts.
  case frameLength(declared: Int, maximum: Int)
  /// A frame was not whole within the frame timeout of its first byte.
  case stalledFrame(buffered: Int)
  /// The frame's bytes are not a `Frame`.
  case undecodableFrame(String)
  /// The peer broke the protocol, e.g. a request before its hello.
  case protocolViolation(String)
  /// A frame carried more metadata than ``MetadataLimits`` allow.
  case tooMuchMetadata(String)
  /// The peer sent no HELLO within the server's hello timeout.
  case noHello(within: Duration)
  /// No call was in flight and no frame arrived for the server's idle timeout.
  case idle(for: Duration)

  var description: String {
    switch self {
    case .frameLength(let declared, let maximum) where declared == 0:
      return "a frame declared a length of 0 (at most \(maximum) bytes are accepted)"
    case .frameLength(let declared, let maximum):
      return "a frame declared \(declared) bytes; this peer accepts at most \(maximum)"
    case .stalledFrame(let buffered):
      return "a frame was not complete within the read timeout of its first byte (\(buffered) bytes of it arrived)"
    case .undecodableFrame(let reason):
      return "a frame could not be decoded: \(reason)"
    case .protocolViolation(let reason):
      return "protocol violation: \(reason)"
    case .tooMuchMetadata(let reason):
      return reason
    case .noHello(let timeout):
      return "no HELLO arrived within \(timeout) of the connection's start"
    case .idle(let timeout):
      return
        "the connection was idle (no call in flight, no frame) for \(timeout); connect again when needed, or send PING to keep it open"
    }
  }

  /// What kind of fault it is, as a metric's label value (``ServerMetrics``).
  enum Reason: String, CaseIterable, Sendable {
    case frameLength = "frame_length"
    case stalledFrame = "stalled_frame"
    case undecodableFrame = "undecodable_frame"
    case protocolViolation = "protocol_violation"
    case tooMuchMetadata = "too_much_metadata"
    case noHello = "no_hello"
    case idle
  }

  var reason: Reason {
    switch self {
    case .frameLength: .frameLength
    case .stalledFrame: .stalledFrame
    case .undecodableFrame: .undecodableFrame
    case .protocolViolation: .protocolViolation
    case .tooMuchMetadata: .tooMuchMetadata
    case .noHello: .noHello
    case .idle: .idle
    }
  }

  /// The status sent in the GOAWAY that announces the close.
  var status: RPCError {
    switch self {
    case .frameLength(let declared, _) where declared > 0:
      return RPCError(.resourceExhausted, description)
    case .tooMuchMetadata:
      return RPCError(.resourceExhausted, description)
    case .stalledFrame, .noHello:
      return RPCError(.deadlineExceeded, description)
    case .idle:
      return RPCError(.unavailable, description)
    default:
      return RPCError(.internal, description)
    }
  }
}
