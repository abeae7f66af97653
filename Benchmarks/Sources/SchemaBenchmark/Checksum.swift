/// Folds results of the measured operations into a value that is printed at the end, so the
/// optimiser cannot drop the work.
struct Checksum {
  private(set) var value: UInt64 = 0

  mutating func add(_ x: UInt64) {
    value = (value &* 31) &+ x
  }
}

/// A cheap digest of an encoding: its length and a few of its bytes.
@inline(__always)
func digest(_ bytes: [UInt8]) -> UInt64 {
  guard let last = bytes.last else { return 0 }
  return UInt64(bytes.count) &+ UInt64(bytes[bytes.count / 2]) &<< 16 &+ UInt64(last) &<< 8
}
