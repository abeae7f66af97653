internal import DistrictSchemaCore

/// The version of the wire protocol this runtime speaks (docs/PROTOCOL.md).
enum ProtocolVersion {
  static let current: UInt32 = 1

  /// The hello this side sends first on every connection.
  static func hello(maxFrameBytes: Int, maxConcurrentCalls: Int, agent: String) -> RPCV1.Frame {
    var frame = RPCV1.Frame()
    frame.kind = .hello
    frame.hello = RPCV1.Hello().with {
      $0.protocolVersion = current
      $0.maxFrameBytes = UInt32(clamping: maxFrameBytes)
      $0.maxConcurrentCalls = UInt32(clamping: maxConcurrentCalls)
      $0.acceptEncodings = [Deflate.encodingName]
      $0.agent = agent
    }
    return frame
  }
}
