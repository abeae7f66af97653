import DistrictSchemaC

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The protobuf-c floor: the sample frame as a C struct built once (malloc'd, freed on deinit),
/// packed into a reused buffer; decoding unpacks and frees. No Swift values are involved.
final class CFramePath {
  private let frame: UnsafeMutablePointer<District__Rpc__V1__Frame>
  private let entries: UnsafeMutablePointer<District__Rpc__V1__MetadataEntry>
  private let entryPointers: UnsafeMutablePointer<UnsafeMutablePointer<District__Rpc__V1__MetadataEntry>?>
  private let payload: UnsafeMutablePointer<UInt8>
  private var strings: [UnsafeMutablePointer<CChar>] = []
  /// Where encodings are packed; large enough for the sample frame.
  private let buffer: UnsafeMutablePointer<UInt8>
  private let bufferSize = 4096

  init() {
    let count = SampleFrame.metadata.count
    frame = .allocate(capacity: 1)
    frame.initialize(to: District__Rpc__V1__Frame())
    district__rpc__v1__frame__init(frame)
    entries = .allocate(capacity: count)
    entryPointers = .allocate(capacity: count)
    payload = .allocate(capacity: SampleFrame.payload.count)
    payload.initialize(from: SampleFrame.payload, count: SampleFrame.payload.count)
    buffer = .allocate(capacity: bufferSize)

    frame.pointee.call_id = SampleFrame.callID
    frame.pointee.kind = .init(rawValue: .init(SampleFrame.kind))
    frame.pointee.method = copy(SampleFrame.method)
    frame.pointee.timeout_micros = SampleFrame.timeoutMicros
    for (index, pair) in SampleFrame.metadata.enumerated() {
      (entries + index).initialize(to: District__Rpc__V1__MetadataEntry())
      district__rpc__v1__metadata_entry__init(entries + index)
      entries[index].key = copy(pair.key)
      entries[index].value = copy(pair.value)
      (entryPointers + index).initialize(to: entries + index)
    }
    frame.pointee.n_metadata = count
    frame.pointee.metadata = entryPointers
    frame.pointee.payload = ProtobufCBinaryData(len: SampleFrame.payload.count, data: payload)
  }

  deinit {
    for string in strings { free(string) }
    frame.deallocate()
    entries.deallocate()
    entryPointers.deallocate()
    payload.deallocate()
    buffer.deallocate()
  }

  private func copy(_ string: String) -> UnsafeMutablePointer<CChar> {
    let pointer = strdup(string)!
    strings.append(pointer)
    return pointer
  }

  /// Sizes and packs the prebuilt struct into the reused buffer; returns the byte count.
  @inline(__always)
  private func pack() -> Int {
    let size = district__rpc__v1__frame__get_packed_size(frame)
    precondition(size <= bufferSize)
    return district__rpc__v1__frame__pack(frame, buffer)
  }

  /// Unpacks `count` bytes at `data`, reads a few fields, frees the struct.
  @inline(__always)
  private func unpackAndFree(_ data: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
    guard let message = district__rpc__v1__frame__unpack(nil, count, data) else { return 0 }
    let result = message.pointee.call_id &+ UInt64(message.pointee.n_metadata) &+ UInt64(message.pointee.payload.len)
    district__rpc__v1__frame__free_unpacked(message, nil)
    return result
  }

  func encodeLoop(_ iterations: Int) -> UInt64 {
    var sum: UInt64 = 0
    for _ in 0..<iterations {
      let size = pack()
      sum &+= UInt64(size) &+ UInt64(buffer[size - 1])
    }
    return sum
  }

  func decodeLoop(_ iterations: Int) -> UInt64 {
    let size = pack()
    var sum: UInt64 = 0
    for _ in 0..<iterations {
      sum &+= unpackAndFree(buffer, size)
    }
    return sum
  }

  func roundTripLoop(_ iterations: Int) -> UInt64 {
    var sum: UInt64 = 0
    for _ in 0..<iterations {
      let size = pack()
      sum &+= unpackAndFree(buffer, size)
    }
    return sum
  }

  /// The encoding of the prebuilt struct.
  func sampleEncoding() -> [UInt8] {
    let size = pack()
    return Array(UnsafeBufferPointer(start: buffer, count: size))
  }

  /// Whether `bytes` unpack to the sample frame's fields.
  func decodesToSample(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBufferPointer { input in
      guard let m = district__rpc__v1__frame__unpack(nil, input.count, input.baseAddress) else { return false }
      defer { district__rpc__v1__frame__free_unpacked(m, nil) }
      let frame = m.pointee
      guard frame.call_id == SampleFrame.callID, frame.kind.rawValue == SampleFrame.kind,
        String(cString: frame.method) == SampleFrame.method,
        frame.timeout_micros == SampleFrame.timeoutMicros,
        frame.n_metadata == SampleFrame.metadata.count,
        frame.status == nil, frame.hello == nil, frame.compressed == 0,
        frame.ping_data == 0, frame.last_call_id == 0,
        Array(UnsafeBufferPointer(start: frame.payload.data, count: frame.payload.len)) == SampleFrame.payload
      else { return false }
      for (index, pair) in SampleFrame.metadata.enumerated() {
        guard let entry = frame.metadata[index],
          String(cString: entry.pointee.key) == pair.key,
          String(cString: entry.pointee.value) == pair.value
        else { return false }
      }
      return true
    }
  }

  /// The path's three loops and checks.
  var path: CodecPath {
    CodecPath(
      name: "C only (protobuf-c)",
      encode: { self.encodeLoop($0) },
      decode: { self.decodeLoop($0) },
      roundTrip: { self.roundTripLoop($0) },
      decodesToSample: { self.decodesToSample($0) },
      sampleEncoding: { self.sampleEncoding() })
  }
}
