import DistrictSchemaC

/// The hand-written Swift ↔ protoc-c conversion of ``HandFrame``: the baseline the generated
/// bridge is held to.
///
/// Encoding borrows `method` and `payload` in place (`withCString`, `withUnsafeBufferPointer`)
/// and lays everything else out in one stack temporary, so it allocates only the result array.
/// Like most hand code it does not refuse a string holding NUL; decoding uses
/// `String(cString:)`, which repairs invalid UTF-8 instead of refusing it.
extension HandFrame {
  /// Why bytes did not decode.
  struct DecodingError: Error {}

  /// The protobuf encoding.
  func serializedBytes() -> [UInt8] {
    withUnsafeTemporaryAllocation(byteCount: scratchByteCount, alignment: 16) { scratch in
      var writer = ScratchWriter(scratch)
      var c = District__Rpc__V1__Frame()
      district__rpc__v1__frame__init(&c)
      c.call_id = callID
      c.kind = .init(rawValue: .init(truncatingIfNeeded: kind))
      c.timeout_micros = timeoutMicros
      if !metadata.isEmpty {
        let pointers = writer.take(UnsafeMutablePointer<District__Rpc__V1__MetadataEntry>?.self, count: metadata.count)
        for (index, pair) in metadata.enumerated() {
          let entry = writer.take(District__Rpc__V1__MetadataEntry.self)
          district__rpc__v1__metadata_entry__init(entry)
          entry.pointee.key = writer.cString(pair.key)
          entry.pointee.value = writer.cString(pair.value)
          pointers[index] = entry
        }
        c.n_metadata = metadata.count
        c.metadata = pointers
      }
      if let status { c.status = status.toC(&writer) }
      c.compressed = compressed ? 1 : 0
      if let hello { c.hello = hello.toC(&writer) }
      c.ping_data = pingData
      c.last_call_id = lastCallID
      return method.withCString { method in
        c.method = UnsafeMutablePointer(mutating: method)
        return payload.withUnsafeBufferPointer { payload in
          c.payload = ProtobufCBinaryData(len: payload.count, data: UnsafeMutablePointer(mutating: payload.baseAddress))
          let size = district__rpc__v1__frame__get_packed_size(&c)
          return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = buffer.baseAddress.map { district__rpc__v1__frame__pack(&c, $0) } ?? 0
          }
        }
      }
    }
  }

  /// The scratch bytes ``serializedBytes()`` needs besides the borrowed method and payload.
  var scratchByteCount: Int {
    var total = ScratchWriter.bytes(
      for: UnsafeMutablePointer<District__Rpc__V1__MetadataEntry>?.self, count: metadata.count)
    for pair in metadata {
      total +=
        ScratchWriter.bytes(for: District__Rpc__V1__MetadataEntry.self)
        + ScratchWriter.bytes(for: pair.key) + ScratchWriter.bytes(for: pair.value)
    }
    if let status { total += status.scratchByteCount }
    if let hello { total += hello.scratchByteCount }
    return total
  }

  /// Decodes `bytes`: unpack, copy every field into Swift, free the C struct.
  init(serializedBytes bytes: UnsafeRawBufferPointer) throws {
    let data = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
    guard let c = district__rpc__v1__frame__unpack(nil, bytes.count, data) else { throw DecodingError() }
    defer { district__rpc__v1__frame__free_unpacked(c, nil) }
    callID = c.pointee.call_id
    kind = Int32(truncatingIfNeeded: c.pointee.kind.rawValue)
    method = String(cString: c.pointee.method)
    timeoutMicros = c.pointee.timeout_micros
    metadata = (0..<c.pointee.n_metadata).map { index in
      let entry = c.pointee.metadata[index]!
      return HandMetadataEntry(key: String(cString: entry.pointee.key), value: String(cString: entry.pointee.value))
    }
    status = c.pointee.status.map { HandStatus(cMessage: $0) }
    compressed = c.pointee.compressed != 0
    let payload = c.pointee.payload
    self.payload = payload.len == 0 ? [] : Array(UnsafeBufferPointer(start: payload.data, count: payload.len))
    hello = c.pointee.hello.map { HandHello(cMessage: $0) }
    pingData = c.pointee.ping_data
    lastCallID = c.pointee.last_call_id
  }
}

extension HandStatus {
  /// The C struct, laid out in `writer`.
  func toC(_ writer: inout ScratchWriter) -> UnsafeMutablePointer<District__Rpc__V1__Status> {
    let c = writer.take(District__Rpc__V1__Status.self)
    district__rpc__v1__status__init(c)
    c.pointee.code = .init(rawValue: .init(truncatingIfNeeded: code))
    if !message.isEmpty { c.pointee.message = writer.cString(message) }
    if !details.isEmpty {
      let pointers = writer.take(UnsafeMutablePointer<District__Rpc__V1__StatusDetail>?.self, count: details.count)
      for (index, detail) in details.enumerated() {
        let entry = writer.take(District__Rpc__V1__StatusDetail.self)
        district__rpc__v1__status_detail__init(entry)
        entry.pointee.key = writer.cString(detail.key)
        entry.pointee.value = writer.cString(detail.value)
        pointers[index] = entry
      }
      c.pointee.n_details = details.count
      c.pointee.details = pointers
    }
    return c
  }

  var scratchByteCount: Int {
    var total = ScratchWriter.bytes(for: District__Rpc__V1__Status.self) + ScratchWriter.bytes(for: message)
    total += ScratchWriter.bytes(for: UnsafeMutablePointer<District__Rpc__V1__StatusDetail>?.self, count: details.count)
    for detail in details {
      total +=
        ScratchWriter.bytes(for: District__Rpc__V1__StatusDetail.self)
        + ScratchWriter.bytes(for: detail.key) + ScratchWriter.bytes(for: detail.value)
    }
    return total
  }

  init(cMessage c: UnsafeMutablePointer<District__Rpc__V1__Status>) {
    code = Int32(truncatingIfNeeded: c.pointee.code.rawValue)
    message = String(cString: c.pointee.message)
    details = (0..<c.pointee.n_details).map { index in
      let detail = c.pointee.details[index]!
      return HandStatusDetail(key: String(cString: detail.pointee.key), value: String(cString: detail.pointee.value))
    }
  }
}

extension HandHello {
  /// The C struct, laid out in `writer`.
  func toC(_ writer: inout ScratchWriter) -> UnsafeMutablePointer<District__Rpc__V1__Hello> {
    let c = writer.take(District__Rpc__V1__Hello.self)
    district__rpc__v1__hello__init(c)
    c.pointee.protocol_version = protocolVersion
    c.pointee.max_frame_bytes = maxFrameBytes
    c.pointee.max_concurrent_calls = maxConcurrentCalls
    if !acceptEncodings.isEmpty {
      let strings = writer.take(UnsafeMutablePointer<CChar>?.self, count: acceptEncodings.count)
      for (index, encoding) in acceptEncodings.enumerated() { strings[index] = writer.cString(encoding) }
      c.pointee.n_accept_encodings = acceptEncodings.count
      c.pointee.accept_encodings = strings
    }
    if !agent.isEmpty { c.pointee.agent = writer.cString(agent) }
    return c
  }

  var scratchByteCount: Int {
    var total = ScratchWriter.bytes(for: District__Rpc__V1__Hello.self) + ScratchWriter.bytes(for: agent)
    total += ScratchWriter.bytes(for: UnsafeMutablePointer<CChar>?.self, count: acceptEncodings.count)
    for encoding in acceptEncodings { total += ScratchWriter.bytes(for: encoding) }
    return total
  }

  init(cMessage c: UnsafeMutablePointer<District__Rpc__V1__Hello>) {
    protocolVersion = c.pointee.protocol_version
    maxFrameBytes = c.pointee.max_frame_bytes
    maxConcurrentCalls = c.pointee.max_concurrent_calls
    acceptEncodings = (0..<c.pointee.n_accept_encodings).map { String(cString: c.pointee.accept_encodings[$0]!) }
    agent = String(cString: c.pointee.agent)
  }
}
