import FuzzSupport

/// libFuzzer's entry point: one input through SchemaHarness (Sources/FuzzSupport).
@_cdecl("LLVMFuzzerTestOneInput")
public func schemaFuzzTest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  SchemaHarness.run(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
  return 0
}
