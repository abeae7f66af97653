import DistrictSchema
import Testing

@Suite("Garbage never crashes a decoder")
struct GarbageInputTests {
  /// Decodes `bytes` as every message shape; each attempt must succeed or throw a SchemaError.
  private func decodeAsEverything(_ bytes: [UInt8]) -> Int {
    var decoded = 0
    func attempt<M: SchemaMessage>(_ type: M.Type) {
      do {
        let message = try M(serializedBytes: bytes)
        // What decodes must encode again.
        _ = try message.serializedBytes()
        decoded += 1
      } catch is SchemaError {
      } catch {
        Issue.record("unexpected error \(error) decoding \(M.protoName)")
      }
    }
    attempt(ConformanceV1.Shapes.self)
    attempt(ConformanceV1.Scalars.self)
    attempt(RPCV1.Frame.self)
    attempt(GatewayV1.Overview.self)
    return decoded
  }

  @Test("10,000 random byte strings")
  func randomBytes() {
    var rng = SplitMix64(seed: 0xD157_21C7)
    var decoded = 0
    for _ in 0..<10_000 {
      let count = Int.random(in: 0...96, using: &rng)
      let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
      decoded += decodeAsEverything(bytes)
    }
    // Random bytes are usually invalid: the decoders must have rejected most of them.
    #expect(decoded < 40_000)
  }

  @Test("10,000 mutations of a valid encoding")
  func mutatedEncodings() throws {
    let valid = try fixtureShapes().serializedBytes()
    var rng = SplitMix64(seed: 0x5EED)
    var rejected = 0
    for _ in 0..<10_000 {
      var bytes = valid
      for _ in 0..<Int.random(in: 1...4, using: &rng) {
        switch Int.random(in: 0..<5, using: &rng) {
        case 0:  // flip a bit
          let index = Int.random(in: 0..<bytes.count, using: &rng)
          bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
        case 1:  // truncate
          bytes.removeLast(Int.random(in: 0..<bytes.count, using: &rng))
        case 2:  // insert random bytes
          let index = Int.random(in: 0...bytes.count, using: &rng)
          bytes.insert(
            contentsOf: (0..<Int.random(in: 1...8, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) },
            at: index)
        case 3:  // an absurd declared length after a length-delimited tag
          let index = Int.random(in: 0...bytes.count, using: &rng)
          bytes.insert(contentsOf: [0x2A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], at: index)
        default:  // overwrite a byte
          bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
        }
        if bytes.isEmpty { bytes = [0x08] }
      }
      if decodeAsEverything(bytes) < 4 { rejected += 1 }
    }
    #expect(rejected > 1_000)
  }

  @Test("Truncating a valid encoding at every length")
  func everyTruncation() throws {
    let valid = try fixtureShapes().serializedBytes()
    for length in 0..<valid.count {
      do {
        _ = try ConformanceV1.Shapes(serializedBytes: valid[0..<length])
      } catch is SchemaError {
      } catch {
        Issue.record("unexpected error \(error) at length \(length)")
      }
    }
  }
}
