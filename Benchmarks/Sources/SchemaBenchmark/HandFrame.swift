/// A hand-written Swift mirror of `district.rpc.v1.Frame`, as someone would write it without a
/// generator. Its conversion to and from the protoc-c struct is in HandBridge.swift.
struct HandFrame: Equatable {
  var callID: UInt64 = 0
  /// The `FrameKind` number.
  var kind: Int32 = 0
  var method = ""
  var timeoutMicros: UInt64 = 0
  var metadata: [HandMetadataEntry] = []
  var status: HandStatus?
  var compressed = false
  var payload: [UInt8] = []
  var hello: HandHello?
  var pingData: UInt64 = 0
  var lastCallID: UInt64 = 0

  /// The sample frame.
  static var sample: HandFrame {
    var frame = HandFrame()
    frame.callID = SampleFrame.callID
    frame.kind = SampleFrame.kind
    frame.method = SampleFrame.method
    frame.timeoutMicros = SampleFrame.timeoutMicros
    frame.metadata = SampleFrame.metadata.map { HandMetadataEntry(key: $0.key, value: $0.value) }
    frame.payload = SampleFrame.payload
    return frame
  }
}

/// `district.rpc.v1.MetadataEntry`.
struct HandMetadataEntry: Equatable {
  var key = ""
  var value = ""
}

/// `district.rpc.v1.Status`.
struct HandStatus: Equatable {
  /// The `StatusCode` number.
  var code: Int32 = 0
  var message = ""
  var details: [HandStatusDetail] = []
}

/// `district.rpc.v1.StatusDetail`.
struct HandStatusDetail: Equatable {
  var key = ""
  var value = ""
}

/// `district.rpc.v1.Hello`.
struct HandHello: Equatable {
  var protocolVersion: UInt32 = 0
  var maxFrameBytes: UInt32 = 0
  var maxConcurrentCalls: UInt32 = 0
  var acceptEncodings: [String] = []
  var agent = ""
}
