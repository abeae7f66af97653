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
    .library(name: "DistrictSchemaCore", targets: ["DistrictSchemaCore"]),
    .library(name: "DistrictSchema", targets: ["DistrictSchema"]),
    // The protoc-c structs, for code that bridges by hand (the schema benchmark's baseline).
    .library(name: "DistrictSchemaC", targets: ["DistrictSchemaC"]),
    .library(name: "DistrictSchemaCoreC", targets: ["DistrictSchemaCoreC"]),
    .library(name: "DistrictConcurrency", targets: ["DistrictConcurrency"]),
    .library(name: "DistrictRPC", targets: ["DistrictRPC"]),
    .library(name: "DistrictStore", targets: ["DistrictStore"]),
    .library(name: "DistrictRuntime", targets: ["DistrictRuntime"]),
    .library(name: "DistrictServiceSupport", targets: ["DistrictServiceSupport"]),
    .library(name: "DistrictServiceRuntime", targets: ["DistrictServiceRuntime"]),
    .library(name: "DistrictGeography", targets: ["DistrictGeography"]),
    .library(name: "DistrictDemo", targets: ["DistrictDemo"]),
    // Executables are named by their products; their targets' names differ from the libraries'
    // by more than case, for case-insensitive file systems.
    .executable(name: "district", targets: ["DistrictCLI"]),
    .library(name: "Indicators", targets: ["Indicators"]),
    .executable(name: "indicators", targets: ["IndicatorsServer"]),
    .library(name: "Finance", targets: ["Finance"]),
    .executable(name: "finance", targets: ["FinanceServer"]),
    .library(name: "Gateway", targets: ["Gateway"]),
    .executable(name: "gateway", targets: ["GatewayServer"]),
    .library(name: "LandClearance", targets: ["LandClearance"]),
    .executable(name: "land-clearance", targets: ["LandClearanceServer"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
    .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
    .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
    .package(url: "https://github.com/vapor/async-kit.git", from: "1.22.0"),
    .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
    .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    // Metrics: the swift-metrics API in the runtime, a Prometheus registry behind it in the executables.
    .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    // The HTTP edge; its default traits would add swift-configuration, which district does not use.
    .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
  ],
  targets: [
    // C libraries from the system, as Debian packages them.
    .systemLibrary(
      name: "CProtobufC", path: "Shared/CProtobufC", pkgConfig: "libprotobuf-c",
      providers: [.apt(["libprotobuf-c-dev"])]),
    .systemLibrary(
      name: "CZlib", path: "Shared/CZlib", pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]),

    // The schema: protoc-c's C code and the generated Swift layer over it (scripts/generate), in
    // two layers: the core (the wire envelope, health, and the runtime every message uses), which
    // is all the RPC runtime needs, and the services' schema on top of it, so that editing a
    // service's .proto rebuilds neither the core nor DistrictRPC.
    .target(
      name: "DistrictSchemaCoreC", dependencies: ["CProtobufC"], path: "Shared/DistrictSchemaCoreC"),
    .target(
      name: "DistrictSchemaCore", dependencies: ["DistrictSchemaCoreC", "CProtobufC"],
      path: "Shared/DistrictSchemaCore", swiftSettings: strictness),
    .target(
      name: "DistrictSchemaC", dependencies: ["DistrictSchemaCoreC", "CProtobufC"], path: "Shared/DistrictSchemaC"),
    .target(
      name: "DistrictSchema",
      dependencies: ["DistrictSchemaCore", "DistrictSchemaC", "DistrictSchemaCoreC", "CProtobufC"],
      path: "Shared/DistrictSchema", swiftSettings: strictness),

    // A value that changes and the tasks that follow it: the one broadcast of the RPC runtime's
    // health statuses and the store's change feed.
    .target(name: "DistrictConcurrency", path: "Shared/DistrictConcurrency", swiftSettings: strictness),

    // The RPC runtime: gRPC's semantics over length-prefixed protobuf-c frames, on SwiftNIO.
    .target(
      name: "DistrictRPC",
      dependencies: [
        "DistrictSchemaCore", "DistrictConcurrency", "CZlib",
        .product(name: "CoreMetrics", package: "swift-metrics"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ],
      path: "Shared/DistrictRPC", swiftSettings: strictness),

    // Durable, audited, idempotent storage: SQLite by default, PostgreSQL by URL, one SQL. It
    // knows no wire: its failures are its own (StoreFailure), given status codes one layer up.
    .target(
      name: "DistrictStore",
      dependencies: [
        "DistrictSchema", "DistrictGeography", "DistrictConcurrency",
        .product(name: "CoreMetrics", package: "swift-metrics"),
        .product(name: "SQLKit", package: "sql-kit"),
        .product(name: "SQLiteKit", package: "sqlite-kit"),
        .product(name: "PostgresKit", package: "postgres-kit"),
        .product(name: "AsyncKit", package: "async-kit"),
        .product(name: "SQLiteNIO", package: "sqlite-nio"),
        .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      path: "Shared/DistrictStore", swiftSettings: strictness),

    // Where the store meets the wire, for the services' handlers: request checks, paging, audit
    // stamps and idempotency keys from a call's context, and StoreFailure's status codes.
    .target(
      name: "DistrictServiceSupport",
      dependencies: [
        "DistrictRPC", "DistrictSchema", "DistrictStore",
        .product(name: "SQLKit", package: "sql-kit"),
      ],
      path: "Shared/DistrictServiceSupport", swiftSettings: strictness),

    // Services as libraries; their executables wrap them.
    .target(
      name: "Indicators",
      dependencies: [
        "DistrictRPC", "DistrictSchema", "DistrictStore", "DistrictServiceSupport", "DistrictGeography",
        .product(name: "SQLKit", package: "sql-kit"),
        .product(name: "Logging", package: "swift-log"),
      ],
      path: "Services/Indicators/Library", swiftSettings: strictness),
    .executableTarget(
      name: "IndicatorsServer",
      dependencies: [
        "Indicators", "DistrictRuntime", "DistrictServiceRuntime",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "Services/Indicators/Executable", swiftSettings: strictness),
    // Finance: revenue against estimates, lagging communes, disbursement (issue 7).
    .target(
      name: "Finance",
      dependencies: [
        "DistrictRPC", "DistrictSchema", "DistrictStore", "DistrictServiceSupport", "DistrictGeography",
        .product(name: "SQLKit", package: "sql-kit"),
        .product(name: "Logging", package: "swift-log"),
      ],
      path: "Services/Finance/Library", swiftSettings: strictness),
    .executableTarget(
      name: "FinanceServer",
      dependencies: [
        "Finance", "DistrictRuntime", "DistrictServiceRuntime",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "Services/Finance/Executable", swiftSettings: strictness),
    // Land clearance and compensation for key projects (issue 6).
    .target(
      name: "LandClearance",
      dependencies: [
        "DistrictRPC", "DistrictSchema", "DistrictStore", "DistrictServiceSupport", "DistrictGeography",
        .product(name: "SQLKit", package: "sql-kit"),
        .product(name: "Logging", package: "swift-log"),
      ],
      path: "Services/LandClearance/Library", swiftSettings: strictness),
    .executableTarget(
      name: "LandClearanceServer",
      dependencies: [
        "LandClearance", "DistrictRuntime", "DistrictServiceRuntime",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "Services/LandClearance/Executable", swiftSettings: strictness),

    // Gateway: district-wide views composed from the three services, and the bilingual report.
    .target(
      name: "Gateway",
      dependencies: [
        "DistrictRPC", "DistrictSchema",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ],
      path: "Services/Gateway/Library", swiftSettings: strictness),
    // The HTTP edge: every method over the Connect protocol, forwarded over DistrictRPC.
    .target(
      name: "HTTPEdge",
      dependencies: [
        "DistrictRPC", "DistrictSchema",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ],
      path: "Services/Gateway/HTTPEdge", swiftSettings: strictness),
    .executableTarget(
      name: "GatewayServer",
      dependencies: [
        "Gateway", "HTTPEdge", "DistrictRuntime", "DistrictRPC",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ],
      path: "Services/Gateway/Executable", swiftSettings: strictness),

    // What every executable shares: settings from flags and DISTRICT_* variables, JSON logs,
    // Prometheus metrics, server and graceful shutdown — no database, so that the gateway and
    // the CLI link none.
    .target(
      name: "DistrictRuntime",
      dependencies: [
        "DistrictRPC",
        .product(name: "CoreMetrics", package: "swift-metrics"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "UnixSignals", package: "swift-service-lifecycle"),
      ],
      path: "Shared/DistrictRuntime", swiftSettings: strictness),

    // What the three services with a database add to it: the database settings, waiting for it
    // at start-up, and serving with it and its change feed (ChangesService: the feed on the wire).
    .target(
      name: "DistrictServiceRuntime",
      dependencies: [
        "DistrictRuntime", "DistrictRPC", "DistrictStore", "DistrictServiceSupport",
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ],
      path: "Shared/DistrictServiceRuntime", swiftSettings: strictness),
    // The country's administrative units as values: Cần Giuộc before and after the 2025 reform.
    .target(name: "DistrictGeography", path: "Shared/DistrictGeography", swiftSettings: strictness),
    // The article's figures as data sets, written into running services over the wire: a pure
    // client of the services, shared by `district seed --demo` and the tests.
    .target(
      name: "DistrictDemo", dependencies: ["DistrictRPC", "DistrictSchema", "DistrictGeography"],
      path: "Shared/DistrictDemo", swiftSettings: strictness),

    // The `district` command: a client of the services, with no database driver.
    .executableTarget(
      name: "DistrictCLI",
      dependencies: [
        "DistrictRPC", "DistrictSchema", "DistrictRuntime", "DistrictDemo",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "UnixSignals", package: "swift-service-lifecycle"),
      ],
      path: "CLI", swiftSettings: strictness),

    .testTarget(
      name: "DistrictCLITests",
      dependencies: [
        "DistrictTestSupport", "DistrictCLI", "DistrictDemo", "DistrictRPC", "DistrictSchema", "Finance",
        "DistrictServiceRuntime",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ],
      path: "Tests/DistrictCLITests", swiftSettings: strictness),
    .testTarget(
      name: "DistrictRuntimeTests",
      dependencies: [
        "DistrictTestSupport", "DistrictRuntime", "DistrictServiceRuntime", "DistrictStore", "DistrictRPC",
        "DistrictSchema",
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ],
      path: "Tests/DistrictRuntimeTests", swiftSettings: strictness),
    .testTarget(
      name: "DistrictRPCTests",
      dependencies: [
        "DistrictTestSupport", "DistrictRPC", "DistrictConcurrency", "DistrictSchema",
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOEmbedded", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ],
      path: "Tests/DistrictRPCTests", swiftSettings: strictness),
    .testTarget(
      name: "DistrictSchemaTests",
      dependencies: ["DistrictSchema", "DistrictSchemaCore", "DistrictSchemaC", "DistrictSchemaCoreC"],
      path: "Tests/DistrictSchemaTests", exclude: ["Fixtures"], swiftSettings: strictness),
    // The one harness of every suite: servers in a service group on loopback (TestServer), the
    // tokens they accept, a fresh database per test on SQLite and PostgreSQL, RPC error expectations.
    .target(
      name: "DistrictTestSupport",
      dependencies: [
        "DistrictStore", "DistrictServiceSupport", "DistrictRPC", "DistrictGeography",
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "SQLKit", package: "sql-kit"),
        .product(name: "PostgresKit", package: "postgres-kit"),
        .product(name: "Logging", package: "swift-log"),
      ],
      path: "Tests/DistrictTestSupport", swiftSettings: strictness),
    .testTarget(
      name: "DistrictStoreTests",
      dependencies: [
        "DistrictTestSupport", "DistrictStore", "DistrictServiceSupport", "DistrictServiceRuntime", "DistrictGeography",
        "DistrictRPC",
        "DistrictSchema",
        "store-crash-writer",
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "SQLKit", package: "sql-kit"),
        .product(name: "PostgresKit", package: "postgres-kit"),
        .product(name: "Logging", package: "swift-log"),
      ],
      path: "Tests/DistrictStoreTests", swiftSettings: strictness),
    .testTarget(
      name: "IndicatorsTests",
      dependencies: [
        "DistrictTestSupport", "Indicators", "DistrictDemo", "DistrictGeography", "DistrictRPC", "DistrictSchema",
        "DistrictStore", "DistrictServiceSupport",
        .product(name: "SQLKit", package: "sql-kit"),
        .product(name: "PostgresKit", package: "postgres-kit"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      path: "Tests/IndicatorsTests", swiftSettings: strictness),
    .testTarget(
      name: "FinanceTests",
      dependencies: [
        "DistrictTestSupport", "Finance", "DistrictDemo", "DistrictGeography", "DistrictRPC", "DistrictSchema",
        "DistrictStore", "DistrictServiceSupport",
        .product(name: "SQLKit", package: "sql-kit"),
        .product(name: "PostgresKit", package: "postgres-kit"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      path: "Tests/FinanceTests", swiftSettings: strictness),
    .testTarget(
      name: "GatewayTests",
      dependencies: [
        "DistrictTestSupport", "Gateway", "Indicators", "Finance", "LandClearance", "DistrictDemo", "DistrictGeography",
        "DistrictServiceRuntime", "DistrictRPC", "DistrictSchema",
        "DistrictStore",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      path: "Tests/GatewayTests", swiftSettings: strictness),
    .testTarget(
      name: "HTTPEdgeTests",
      dependencies: [
        "DistrictTestSupport", "HTTPEdge", "DistrictRPC", "DistrictSchema",
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "Logging", package: "swift-log"),
      ],
      path: "Tests/HTTPEdgeTests", swiftSettings: strictness),
    .testTarget(
      name: "LandClearanceTests",
      dependencies: [
        "DistrictTestSupport", "LandClearance", "DistrictDemo", "DistrictGeography", "DistrictRPC", "DistrictSchema",
        "DistrictStore", "DistrictServiceSupport",
        .product(name: "SQLKit", package: "sql-kit"),
        .product(name: "PostgresKit", package: "postgres-kit"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      path: "Tests/LandClearanceTests", swiftSettings: strictness),
    // Black-box tests of a running stack (local processes or the compose stack), addressed only
    // by DISTRICT_*_ADDR variables: scripts/stack and scripts/compose-test run them.
    .testTarget(
      name: "IntegrationTests",
      dependencies: ["DistrictRPC", "DistrictSchema"],
      path: "Tests/IntegrationTests", swiftSettings: strictness),
    // A helper the durability test runs and kills with SIGKILL: it acknowledges each committed write.
    .executableTarget(
      name: "store-crash-writer",
      dependencies: [
        "DistrictStore",
        .product(name: "SQLKit", package: "sql-kit"),
        .product(name: "Logging", package: "swift-log"),
      ],
      path: "Tests/StoreCrashWriter", swiftSettings: strictness),
  ],
  swiftLanguageModes: [.v6]
)
