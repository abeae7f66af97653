import DistrictSchema

/// The generated bridge's loops: `RPCV1.Frame` through `serializedBytes()` and
/// `init(serializedBytes:)` (the `UnsafeRawBufferPointer` overload, which does not copy).
enum GeneratedPath {
  /// The sample frame as the services build it.
  static var sample: RPCV1.Frame {
    var frame = RPCV1.Frame()
    frame.callID = SampleFrame.callID
    frame.kind = RPCV1.FrameKind(rawValue: SampleFrame.kind)
    frame.method = SampleFrame.method
    frame.timeoutMicros = SampleFrame.timeoutMicros
    frame.metadata = SampleFrame.metadata.map { pair in
      var entry = RPCV1.MetadataEntry()
      entry.key = pair.key
      entry.value = pair.value
      return entry
    }
    frame.payload = SampleFrame.payload
    return frame
  }

  static var path: CodecPath {
    let frame = sample
    let bytes = (try? frame.serializedBytes()) ?? []
    return CodecPath(
      name: "generated bridge (DistrictSchema)",
      encode: { iterations in
        var sum: UInt64 = 0
        for _ in 0..<iterations { sum &+= digest(try frame.serializedBytes()) }
        return sum
      },
      decode: { iterations in
        try bytes.withUnsafeBytes { input in
          var sum: UInt64 = 0
          for _ in 0..<iterations { sum &+= fold(try RPCV1.Frame(serializedBytes: input)) }
          return sum
        }
      },
      roundTrip: { iterations in
        var sum: UInt64 = 0
        for _ in 0..<iterations {
          let encoded = try frame.serializedBytes()
          sum &+= try encoded.withUnsafeBytes { fold(try RPCV1.Frame(serializedBytes: $0)) }
        }
        return sum
      },
      decodesToSample: { encoded in
        try encoded.withUnsafeBytes { try RPCV1.Frame(serializedBytes: $0) } == sample
      },
      sampleEncoding: { try frame.serializedBytes() })
  }

  /// A value that depends on the decoded fields.
  @inline(__always)
  static func fold(_ frame: RPCV1.Frame) -> UInt64 {
    frame.callID &+ UInt64(frame.method.utf8.count) &+ UInt64(frame.metadata.count) &+ UInt64(frame.payload.count)
  }
}
