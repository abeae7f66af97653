internal import DistrictSchemaCore

/// What a peer's HELLO says about it (docs/PROTOCOL.md §2), read the same way by the client and
/// the server: whether it accepts deflate, and the largest frame it takes.
struct PeerHello: Equatable {
  var acceptsDeflate = false
  /// 4 MiB until the peer says otherwise (a HELLO's 0 keeps it).
  var maxFrameBytes = 4 * 1024 * 1024
}

extension PeerHello {
  /// Reads `hello`, or returns `nil` when the peer speaks a protocol version other than
  /// ``ProtocolVersion/current``: each side words that refusal for its own caller.
  init?(_ hello: RPCV1.Hello) {
    guard hello.protocolVersion == ProtocolVersion.current else { return nil }
    acceptsDeflate = hello.acceptEncodings.contains(Deflate.encodingName)
    if hello.maxFrameBytes > 0 { maxFrameBytes = Int(clamping: hello.maxFrameBytes) }
  }
}
