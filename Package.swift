// swift-tools-version: 6.1
import PackageDescription

let strictness: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
  name: "district",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "DistrictSchema", targets: ["DistrictSchema"]),
    // The protoc-c structs, for code that bridges by hand (the schema benchmark's baseline).
    .library(name: "DistrictSchemaC", targets: ["DistrictSchemaC"]),
  ],
  dependencies: [],
  targets: [
    // C libraries from the system, as Debian packages them.
    .systemLibrary(
      name: "CProtobufC", path: "Shared/CProtobufC", pkgConfig: "libprotobuf-c",
      providers: [.apt(["libprotobuf-c-dev"])]),
    .systemLibrary(
      name: "CZlib", path: "Shared/CZlib", pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]),

    // The schema: protoc-c's C code and the generated Swift layer over it (scripts/generate).
    .target(
      name: "DistrictSchemaC", dependencies: ["CProtobufC"], path: "Shared/DistrictSchemaC"),
    .target(
      name: "DistrictSchema", dependencies: ["DistrictSchemaC", "CProtobufC"],
      path: "Shared/DistrictSchema", swiftSettings: strictness),

    .testTarget(
      name: "DistrictSchemaTests", dependencies: ["DistrictSchema", "DistrictSchemaC"],
      path: "Tests/DistrictSchemaTests", exclude: ["Fixtures"], swiftSettings: strictness),
  ],
  swiftLanguageModes: [.v6]
)
