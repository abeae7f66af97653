import FuzzSupport

/// libFuzzer's entry point: one input through FrameDecoderHarness (Sources/FuzzSupport).
@_cdecl("LLVMFuzzerTestOneInput")
public func frameDecoderFuzzTest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  FrameDecoderHarness.run(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
  return 0
}
