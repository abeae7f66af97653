import SwiftProtobuf

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// swift-protobuf 1.39.0's loops, on the code it generates for frame.proto (`RPCV1Frame`:
/// frame.proto's `swift_prefix` names it so), serializing to and parsing from `[UInt8]`.
enum SwiftProtobufPath {
  /// The sample frame as swift-protobuf's types hold it.
  static var sample: RPCV1Frame {
    var frame = RPCV1Frame()
    frame.callID = SampleFrame.callID
    frame.kind = RPCV1FrameKind(rawValue: Int(SampleFrame.kind)) ?? .unspecified
    frame.method = SampleFrame.method
    frame.timeoutMicros = SampleFrame.timeoutMicros
    frame.metadata = SampleFrame.metadata.map { pair in
      var entry = RPCV1MetadataEntry()
      entry.key = pair.key
      entry.value = pair.value
      return entry
    }
    frame.payload = Data(SampleFrame.payload)
    return frame
  }

  static var path: CodecPath {
    let frame = sample
    let bytes: [UInt8] = (try? frame.serializedBytes()) ?? []
    return CodecPath(
      name: "swift-protobuf 1.39.0",
      encode: { iterations in
        var sum: UInt64 = 0
        for _ in 0..<iterations {
          let encoded: [UInt8] = try frame.serializedBytes()
          sum &+= digest(encoded)
        }
        return sum
      },
      decode: { iterations in
        var sum: UInt64 = 0
        for _ in 0..<iterations { sum &+= fold(try RPCV1Frame(serializedBytes: bytes)) }
        return sum
      },
      roundTrip: { iterations in
        var sum: UInt64 = 0
        for _ in 0..<iterations {
          let encoded: [UInt8] = try frame.serializedBytes()
          sum &+= fold(try RPCV1Frame(serializedBytes: encoded))
        }
        return sum
      },
      decodesToSample: { encoded in try RPCV1Frame(serializedBytes: encoded) == sample },
      sampleEncoding: { try frame.serializedBytes() })
  }

  /// A value that depends on the decoded fields.
  @inline(__always)
  static func fold(_ frame: RPCV1Frame) -> UInt64 {
    frame.callID &+ UInt64(frame.method.utf8.count) &+ UInt64(frame.metadata.count) &+ UInt64(frame.payload.count)
  }
}
