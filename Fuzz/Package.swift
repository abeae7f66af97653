// swift-tools-version: 6.1
// libFuzzer fuzzers of the wire layer, kept out of the root package so that building the
// services never needs the sanitizers. Build and run with scripts/fuzz from the repo root:
// every target here is compiled with `-sanitize=fuzzer,address` (coverage instrumentation and
// AddressSanitizer), and each executable's entry point is libFuzzer's own `main`.
//
// The harnesses reach the runtime's internal types (FrameDecoder, FrameCodec,
// ServerConnectionHandler) with `@testable import DistrictRPC`, which needs the main package
// built with testability: a debug build has it; a release build needs `-Xswiftc -enable-testing`.
import PackageDescription

let package = Package(
  name: "DistrictFuzz",
  platforms: [.macOS(.v15)],
  dependencies: [
    .package(name: "district", path: ".."),
    .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
  ],
  targets: [
    // The harnesses: what one fuzz input does, shared by the fuzzers and usable without libFuzzer.
    .target(
      name: "FuzzSupport",
      dependencies: [
        .product(name: "DistrictRPC", package: "district"),
        .product(name: "DistrictSchema", package: "district"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOEmbedded", package: "swift-nio"),
        .product(name: "Logging", package: "swift-log"),
      ]),
    // Bytes → FrameDecoder (on an EmbeddedChannel) → FrameCodec.decode of each frame, with a
    // re-encode round trip of every frame that decodes.
    .executableTarget(name: "FrameDecoderFuzzer", dependencies: ["FuzzSupport"]),
    // A sequence of frames and events (time, writability, drain, close) → FrameDecoder +
    // ServerConnectionHandler with the health service and a test service registered.
    .executableTarget(name: "ServerConnectionFuzzer", dependencies: ["FuzzSupport"]),
    // One byte choosing a message type of the schema, then bytes → its decoder (protobuf-c and
    // the generated conversion), a binary and a JSON round trip; leaks checked after each input.
    .executableTarget(name: "SchemaFuzzer", dependencies: ["FuzzSupport"]),
  ],
  swiftLanguageModes: [.v6]
)
