/// The hand-written bridge's loops: ``HandFrame`` to bytes and back.
enum HandPath {
  static var path: CodecPath {
    let frame = HandFrame.sample
    let bytes = frame.serializedBytes()
    return CodecPath(
      name: "hand-written bridge",
      encode: { iterations in
        var sum: UInt64 = 0
        for _ in 0..<iterations { sum &+= digest(frame.serializedBytes()) }
        return sum
      },
      decode: { iterations in
        try bytes.withUnsafeBytes { input in
          var sum: UInt64 = 0
          for _ in 0..<iterations { sum &+= fold(try HandFrame(serializedBytes: input)) }
          return sum
        }
      },
      roundTrip: { iterations in
        var sum: UInt64 = 0
        for _ in 0..<iterations {
          let encoded = frame.serializedBytes()
          sum &+= try encoded.withUnsafeBytes { fold(try HandFrame(serializedBytes: $0)) }
        }
        return sum
      },
      decodesToSample: { encoded in
        try encoded.withUnsafeBytes { try HandFrame(serializedBytes: $0) } == .sample
      },
      sampleEncoding: { frame.serializedBytes() })
  }

  /// A value that depends on the decoded fields.
  @inline(__always)
  static func fold(_ frame: HandFrame) -> UInt64 {
    frame.callID &+ UInt64(frame.method.utf8.count) &+ UInt64(frame.metadata.count) &+ UInt64(frame.payload.count)
  }
}
