import DistrictDemo
import DistrictRPC
import DistrictStore
import DistrictTestSupport
import Finance
import Foundation
import Indicators
import LandClearance

/// The demo data of the three services, seeded once per test process over the wire (each
/// service's demo loader against the real service on loopback) into SQLite files; every test
/// gets its own copy of the files, so tests stay independent without each paying for the seeding
/// (about 30 s in a debug build, most of it the land-clearance demo).
actor DemoDatabases {
  static let shared = DemoDatabases()

  private var seeding: Task<URL, any Error>?

  /// A new directory holding a copy of the seeded `indicators.db`, `finance.db` and
  /// `land-clearance.db`.
  func copy() async throws -> URL {
    let template = try await seeded()
    let directory = temporaryDirectory()
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    for file in try FileManager.default.contentsOfDirectory(atPath: template.path) {
      try FileManager.default.copyItem(
        at: template.appendingPathComponent(file), to: directory.appendingPathComponent(file))
    }
    return directory
  }

  private func seeded() async throws -> URL {
    if let seeding { return try await seeding.value }
    let task = Task { try await Self.seed() }
    seeding = task
    return try await task.value
  }

  /// Runs the three services on fresh databases, loads their demos through their RPCs, and
  /// closes the databases (the files are complete once closed).
  private static func seed() async throws -> URL {
    let directory = temporaryDirectory()
    try await seed(
      "indicators", IndicatorsService.migrations, in: directory, { IndicatorsService(store: $0, logger: quiet) }
    ) {
      try await IndicatorsDemo.seed($0, options: Token.options(Token.admin))
    }
    try await seed("finance", FinanceService.migrations, in: directory, { FinanceService(store: $0, logger: quiet) }) {
      try await FinanceDemo.seed($0, options: Token.options(Token.admin))
    }
    try await seed(
      "land-clearance", LandClearanceService.migrations, in: directory,
      { LandClearanceService(store: $0, logger: quiet) }
    ) {
      try await LandClearanceDemo.seed($0, options: Token.options(Token.admin))
    }
    return directory
  }

  private static func seed(
    _ name: String, _ migrations: ServiceMigrations, in directory: URL, _ service: (Store) -> any RPCService,
    demo: (RPCClient) async throws -> Void
  ) async throws {
    let database = try await store(name, in: directory, migrations: migrations)
    let server = try await TestServer.start([service(database)])
    let client = RPCClient(host: "127.0.0.1", port: server.port, logger: quiet)
    func close() async {
      client.close()
      try? await server.stop()
      await database.shutdown()
    }
    do {
      try await demo(client)
    } catch {
      await close()
      throw error
    }
    await close()
  }
}
