/// A fast, non-cryptographic generator (SplitMix64) seeded from the system's, for ids that must
/// be unique and unpredictable enough for tracing, not secret. One per connection, used on its
/// event loop: a system random call per request costs a syscall.
struct FastRandom: RandomNumberGenerator {
  private var state: UInt64

  init() {
    var system = SystemRandomNumberGenerator()
    state = system.next()
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
