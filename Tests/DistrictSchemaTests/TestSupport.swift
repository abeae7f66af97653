import DistrictSchema
import Foundation

/// The repository's root, found from this file's path.
let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Runs a program to completion; returns its standard output, or throws with its standard error.
func run(_ executable: String, _ arguments: [String], input: Data? = nil) throws -> Data {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = [executable] + arguments
  process.currentDirectoryURL = repositoryRoot
  let output = Pipe()
  let errors = Pipe()
  let stdin = Pipe()
  process.standardOutput = output
  process.standardError = errors
  process.standardInput = stdin
  try process.run()
  if let input { stdin.fileHandleForWriting.write(input) }
  try stdin.fileHandleForWriting.close()
  let data = output.fileHandleForReading.readDataToEndOfFile()
  let message = errors.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  guard process.terminationStatus == 0 else {
    throw RunError(
      command: ([executable] + arguments).joined(separator: " "),
      status: process.terminationStatus,
      stderr: String(decoding: message, as: UTF8.self))
  }
  return data
}

struct RunError: Error, CustomStringConvertible {
  let command: String
  let status: Int32
  let stderr: String
  var description: String { "`\(command)` exited \(status): \(stderr)" }
}

/// A small deterministic generator, so that a failing fuzz case can be replayed.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// The value of Fixtures/shapes.txtpb, built in Swift.
func fixtureShapes() -> ConformanceV1.Shapes {
  var scalars = ConformanceV1.Scalars()
  scalars.i32 = .min
  scalars.i64 = .min
  scalars.u32 = .max
  scalars.u64 = .max
  scalars.s32 = -17
  scalars.s64 = .max
  scalars.f32 = 7
  scalars.f64 = 1_200_000_000_000
  scalars.sf32 = -3
  scalars.sf64 = -610_000_000_000
  scalars.flag = true
  scalars.real32 = 1.5
  scalars.real64 = -0.25
  scalars.text = "Cần Giuộc, Long An"
  scalars.blob = [0, 1, 255]
  scalars.colour = .green

  var child = ConformanceV1.Item()
  child.name = "con"
  child.amount = -1
  var item = ConformanceV1.Item()
  item.name = "Khu công nghiệp Nam Tân Tập"
  item.amount = 1_200_000_000_000
  item.child = child

  var shapes = ConformanceV1.Shapes()
  shapes.scalars = scalars
  shapes.item = item
  shapes.i32s = [1, -1, 0, .max]
  shapes.i64s = [.max, .min, 0]
  shapes.texts = ["", "Phước Lý", "Mỹ Lộc"]
  shapes.blobs = [[], [255, 254]]
  shapes.colours = [.red, .unspecified, .green]
  shapes.items = [ConformanceV1.Item().with { $0.name = "a" }, ConformanceV1.Item().with { $0.amount = 2 }]
  shapes.reals = [0.5, -1e300]
  shapes.flags = [true, false, true]
  shapes.totals = ["thuế xây dựng": 610_000_000_000]
  shapes.names = [-5: "âm năm"]
  shapes.itemsByKey = [
    "k": ConformanceV1.Item().with {
      $0.name = "v"
      $0.amount = 3
    }
  ]
  shapes.choice = .choiceItem(
    ConformanceV1.Item().with {
      $0.name = "oneof"
      $0.amount = 9
    })
  shapes.maybeNumber = 0
  shapes.maybeText = ""
  var leaf = ConformanceV1.Shapes.Nested()
  leaf.mood = .calm
  var nested = ConformanceV1.Shapes.Nested()
  nested.mood = .calm
  nested.children = [leaf, ConformanceV1.Shapes.Nested()]
  shapes.nested = nested
  return shapes
}
