// SchemaBenchmark: ns/op of encoding and decoding one REQUEST frame four ways, side by side.
// Run from the repo root with scripts/bench-schema (a release build); --help lists options.
import DistrictSchema
import DistrictSchemaC

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

guard let options = Options.parse(CommandLine.arguments.dropFirst()) else {
  printError(Options.usage)
  exit(2)
}
if options.help {
  print(Options.usage)
  exit(0)
}

let cPath = CFramePath()
let paths = [cPath.path, HandPath.path, GeneratedPath.path, SwiftProtobufPath.path]
let keys = ["c", "hand", "generated", "swift-protobuf"]

// Compatibility first: a benchmark of codecs that disagree would measure nothing useful.
let wire: [UInt8]
do {
  wire = try Compatibility.check(paths)
} catch {
  printError("SchemaBenchmark: incompatible encodings: \(error)")
  exit(1)
}

var checksum = Checksum()

if let only = options.only {
  let parts = only.split(separator: ".").map(String.init)
  let operations = ["encode", "decode", "roundtrip"]
  guard parts.count == 2, let pathIndex = keys.firstIndex(of: parts[0]),
    let operation = operations.firstIndex(of: parts[1])
  else {
    printError(Options.usage)
    exit(2)
  }
  let path = paths[pathIndex]
  let loop = [path.encode, path.decode, path.roundTrip][operation]
  checksum.add(try loop(options.iterations))
  print("\(only): \(options.iterations) operations, checksum \(checksum.value)")
  exit(0)
}

#if DEBUG
  printError("SchemaBenchmark: this is a debug build; the figures mean nothing (use scripts/bench-schema)")
#endif

let stopwatch = Stopwatch(
  minimumRepetitionTime: .milliseconds(options.minimumMilliseconds), repetitions: options.repetitions)
print("SchemaBenchmark: district.rpc.v1.Frame, REQUEST with a \(SampleFrame.payload.count)-byte payload")
print("compatibility: 4 paths encode the same \(wire.count) bytes and decode them back to the same frame")
print(
  "timing: ContinuousClock, median of \(options.repetitions) repetitions of >= \(options.minimumMilliseconds) ms each, round-robin over all measurements"
)
print("")

let loops = paths.flatMap { [$0.encode, $0.decode, $0.roundTrip] }
let samples = try stopwatch.measure(loops, checksum: &checksum) { repetition in
  printError("  repetition \(repetition)/\(options.repetitions) done")
}
func median(_ path: Int, _ operation: Int) -> Double { samples[path * 3 + operation].median }

print(
  Report.table(
    ["path", "encode ns/op", "decode ns/op", "round trip ns/op"],
    paths.indices.map { index in
      [paths[index].name] + (0..<3).map { Report.fixed(median(index, $0)) }
    }))
print(
  """
  (C only: get_packed_size + pack of a prebuilt struct into a reused buffer; unpack + free_unpacked.
   The others start from a Swift value and end with [UInt8], or start from bytes and end with a Swift value.)
  """)
print("")

let (c, hand, generated, swiftProtobuf) = (0, 1, 2, 3)
let target = 1.2
var verdicts: [String] = []
for (operation, name) in ["encode", "decode", "round trip"].enumerated() {
  let value = median(generated, operation) / median(hand, operation)
  verdicts.append("\(name) \(Report.fixed(value, 2))×\(value <= target ? "" : " (over \(Report.fixed(target, 2))×)")")
}
print("generated / hand-written:   " + verdicts.joined(separator: ", "))
print("swift-protobuf / generated: round trip \(Report.ratio(median(swiftProtobuf, 2), median(generated, 2)))")
print(
  "generated / C only:         encode \(Report.ratio(median(generated, 0), median(c, 0))), decode \(Report.ratio(median(generated, 1), median(c, 1))), round trip \(Report.ratio(median(generated, 2), median(c, 2)))"
)
print("")

print("spread over repetitions (min .. max ns/op):")
print(
  Report.table(
    ["path", "encode", "decode", "round trip"],
    paths.indices.map { index in
      [paths[index].name]
        + (0..<3).map { operation in
          let sample = samples[index * 3 + operation]
          return "\(Report.fixed(sample.minimum)) .. \(Report.fixed(sample.maximum))"
        }
    }))
print("")

let metadataBytes = SampleFrame.metadata.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
print("per message:")
print(
  "  wire: \(wire.count) bytes = payload \(SampleFrame.payload.count) + method \(SampleFrame.method.utf8.count) + metadata keys and values \(metadataBytes) + \(wire.count - SampleFrame.payload.count - SampleFrame.method.utf8.count - metadataBytes) of tags, lengths and varints"
)
print(
  "  C struct District__Rpc__V1__Frame: \(MemoryLayout<District__Rpc__V1__Frame>.size) bytes, each MetadataEntry \(MemoryLayout<District__Rpc__V1__MetadataEntry>.size) bytes"
)
print(
  "  Swift value inline: RPCV1.Frame \(MemoryLayout<RPCV1.Frame>.size) bytes, HandFrame \(MemoryLayout<HandFrame>.size) bytes, swift-protobuf RPCV1Frame \(MemoryLayout<RPCV1Frame>.size) bytes (fields in a heap storage class)"
)
print(
  "  hand-written encode scratch (stack): \(HandFrame.sample.scratchByteCount) bytes; method and payload are borrowed, not copied"
)
print(
  "  round-trip throughput of wire bytes: "
    + [c, hand, generated, swiftProtobuf].map { index in
      "\(keys[index]) \(Report.fixed(Double(wire.count) * 1e3 / median(index, 2), 0)) MB/s"
    }.joined(separator: ", "))
print("")
print("checksum: \(checksum.value)")
