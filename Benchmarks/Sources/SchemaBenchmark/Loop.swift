/// A measured operation: runs it `iterations` times in a tight loop and returns a value that
/// depends on every result, so the work cannot be optimised away.
typealias Loop = (_ iterations: Int) throws -> UInt64

/// One way of turning the sample frame into bytes and back, as three measured operations.
struct CodecPath {
  /// The row label in the table.
  let name: String
  /// Swift value (or C struct) to bytes.
  let encode: Loop
  /// Bytes to Swift value (or C struct, freed).
  let decode: Loop
  /// Encode, then decode what was encoded.
  let roundTrip: Loop
  /// Decodes `bytes` and answers whether the result equals the sample frame.
  let decodesToSample: ([UInt8]) throws -> Bool
  /// The sample frame's encoding, made once, for the compatibility check.
  let sampleEncoding: () throws -> [UInt8]
}
