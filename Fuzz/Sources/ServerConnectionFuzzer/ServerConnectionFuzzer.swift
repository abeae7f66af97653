import FuzzSupport

/// libFuzzer's entry point: one input through ServerConnectionHarness (Sources/FuzzSupport).
@_cdecl("LLVMFuzzerTestOneInput")
public func serverConnectionFuzzTest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  ServerConnectionHarness.shared.runBlocking(input)
  return 0
}
