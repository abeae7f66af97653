import DistrictRPC
import DistrictSchema
import DistrictStore
import DistrictTestSupport
import Foundation
import SQLKit
import Testing

/// A PostgreSQL of the test's own, started and stopped with scripts/postgres on another port and
/// directory, so that stopping it disturbs no other test.
struct PrivatePostgres {
  let directory: String
  let port: Int

  static var repository: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  }

  init() {
    port = Int.random(in: 56_000..<57_000)
    directory = "/tmp/district-pg-test-\(port)-\(UUID().uuidString.prefix(8))"
  }

  /// Runs `scripts/postgres command` for this server; returns its stdout.
  @discardableResult
  func script(_ command: String) async throws -> String {
    let directory = self.directory
    let port = self.port
    return try await onOwnThread { try Self.script(command, directory: directory, port: port) }
  }

  private static func script(_ command: String, directory: String, port: Int) throws -> String {
    let process = Process()
    process.executableURL = repository.appendingPathComponent("scripts/postgres")
    process.arguments = [command]
    var environment = ProcessInfo.processInfo.environment
    environment["DISTRICT_PG_DIR"] = directory
    environment["DISTRICT_PG_PORT"] = String(port)
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.standardError
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw ScriptFailed(description: "scripts/postgres \(command) exited with \(process.terminationStatus)")
    }
    return String(decoding: data, as: UTF8.self)
  }

  struct ScriptFailed: Error, CustomStringConvertible { var description: String }

  /// The URL `start` printed.
  func start() async throws -> String {
    let output = try await script("start")
    guard let line = output.split(separator: "\n").first(where: { $0.contains("DISTRICT_TEST_POSTGRES_URL=") }) else {
      throw ScriptFailed(description: "scripts/postgres start printed no URL: \(output)")
    }
    return String(line.split(separator: "=", maxSplits: 1)[1])
  }
}

@Suite("A lost database", .timeLimit(.minutes(3)))
struct UnavailableTests {
  static let items = ServiceMigrations(
    service: "items", [Migration(version: 1, name: "items", statements: ["CREATE TABLE item (n BIGINT PRIMARY KEY)"])])

  @Test("PostgreSQL stopped while serving: UNAVAILABLE; started again: the same store recovers")
  func postgresRestart() async throws {
    guard TestBackend.all.contains(.postgres) else { return }
    guard TestDatabase.adminURL != nil else { throw PostgresNotConfigured() }
    let server = PrivatePostgres()
    let url = try await server.start()
    do {
      try await stopAndRestart(server, url: url)
    } catch {
      _ = try? await server.script("clean")
      throw error
    }
    _ = try await server.script("clean")
  }

  private func stopAndRestart(_ server: PrivatePostgres, url: String) async throws {
    let store = try await Store.open(
      url: try DatabaseURL(parsing: url), logger: TestDatabase.quiet, migrations: Self.items)
    func insert(_ n: Int64) async throws {
      try await store.transaction { db in try await db.raw("INSERT INTO item (n) VALUES (\(bind: n))").run() }
    }
    try await insert(1)

    try await server.script("stop")
    for n: Int64 in 2...3 {
      let error = await expectRPCError(.unavailable) { try await insert(n) }
      #expect(error?.message.hasPrefix("the database is unreachable: ") == true, "\(String(describing: error))")
      #expect(error?.message.hasSuffix("; retry later") == true)
      #expect(error?.message.contains("district:district") == false)
    }

    _ = try await server.start()
    let recovered = try await eventually(within: .seconds(15), every: .milliseconds(200)) {
      do {
        try await insert(4)
        return true
      } catch StoreFailure.unavailable {
        return false
      }
    }
    #expect(recovered, "the store did not recover after the server came back")
    let rows = try await store.read { db in
      try await db.raw("SELECT n FROM item ORDER BY n").all().map { try $0.decode(column: "n", as: Int64.self) }
    }
    #expect(rows == [1, 4])
    await store.shutdown()
  }

  @Test("A write that waits for another process's SQLite lock past the busy timeout is UNAVAILABLE")
  func sqliteBusy() async throws {
    try await withDatabase(.sqlite) { database in
      var quick = StoreConfiguration.defaults
      quick.sqliteBusyTimeout = .milliseconds(200)
      let holder = try await database.open(Self.items)
      let waiter = try await database.open(Self.items, configuration: quick)
      let (locked, release) = AsyncStream.makeStream(of: Void.self)
      let (released, finish) = AsyncStream.makeStream(of: Void.self)
      async let holding: Void = holder.transaction { db in
        try await db.raw("INSERT INTO item (n) VALUES (1)").run()
        release.yield()
        for await _ in released { break }
      }
      for await _ in locked { break }
      let error = await expectRPCError(.unavailable) {
        try await waiter.transaction { db in try await db.raw("INSERT INTO item (n) VALUES (2)").run() }
      }
      #expect(error?.message.contains("locked") == true, "\(String(describing: error))")
      finish.yield()
      try await holding
      // Once the lock is free, the same store writes.
      try await waiter.transaction { db in try await db.raw("INSERT INTO item (n) VALUES (2)").run() }
      await holder.shutdown()
      await waiter.shutdown()
    }
  }
}
