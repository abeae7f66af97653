public import DistrictStore
internal import Foundation
public import Logging
internal import PostgresKit
internal import SQLKit
public import Testing

/// The backends every backend-parameterised test runs on: SQLite always; PostgreSQL when a
/// server is configured (`DISTRICT_TEST_POSTGRES_URL`, which scripts/test sets), or required
/// (`DISTRICT_REQUIRE_POSTGRES=1`, which scripts/test also sets, so that CI cannot skip them),
/// and not when `DISTRICT_SKIP_POSTGRES=1`. A plain `swift test` on a machine without PostgreSQL
/// runs the SQLite cases and says, once, that the PostgreSQL ones were left out.
public enum TestBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
  case sqlite
  case postgres

  public var testDescription: String { rawValue }

  public static let all: [TestBackend] = {
    let environment = ProcessInfo.processInfo.environment
    if environment["DISTRICT_SKIP_POSTGRES"] == "1" { return [.sqlite] }
    if TestDatabase.adminURL == nil, environment["DISTRICT_REQUIRE_POSTGRES"] != "1" {
      FileHandle.standardError.write(
        Data(
          """
          note: DISTRICT_TEST_POSTGRES_URL is not set: the PostgreSQL cases are left out; run \
          `eval "$(scripts/postgres start)"` first (scripts/test does) to run them too

          """.utf8))
      return [.sqlite]
    }
    return [.sqlite, .postgres]
  }()
}

/// Why a PostgreSQL case cannot run: it fails with this rather than pass silently.
public struct PostgresNotConfigured: Error, CustomStringConvertible {
  public init() {}

  public var description: String {
    """
    DISTRICT_TEST_POSTGRES_URL is not set, so the PostgreSQL cases cannot run: start a server with \
    `eval "$(scripts/postgres start)"` (scripts/test does), or set DISTRICT_SKIP_POSTGRES=1 to run \
    the SQLite cases only
    """
  }
}

/// A fresh, empty database for one test: a file in a new temporary directory, or a new
/// PostgreSQL database `t_<random>` made through the admin URL; ``drop()`` removes it.
public struct TestDatabase: Sendable {
  public let backend: TestBackend
  public let url: DatabaseURL
  public let urlString: String
  private let name: String

  public static let quiet = Logger(label: "district-tests") { _ in SwiftLogNoOpLogHandler() }

  public static var adminURL: String? {
    ProcessInfo.processInfo.environment["DISTRICT_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
  }

  /// - Parameter file: the SQLite file's name (the service's, e.g. `finance.db`).
  public static func make(_ backend: TestBackend, file: String = "test.db") async throws -> TestDatabase {
    let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
    switch backend {
    case .sqlite:
      let directory = FileManager.default.temporaryDirectory.appendingPathComponent("district-tests/\(name)")
      let string = "sqlite://\(directory.path)/\(file)"
      return TestDatabase(
        backend: backend, url: try DatabaseURL(parsing: string), urlString: string, name: String(name))
    case .postgres:
      guard let admin = adminURL else { throw PostgresNotConfigured() }
      try await Self.admin(admin, "CREATE DATABASE \(name)")
      var components = URLComponents(string: admin)!
      components.path = "/\(name)"
      let string = components.string!
      return TestDatabase(
        backend: backend, url: try DatabaseURL(parsing: string), urlString: string, name: String(name))
    }
  }

  public func drop() async {
    switch backend {
    case .sqlite:
      if case .sqlite(let path) = url {
        try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
      }
    case .postgres:
      if let admin = Self.adminURL {
        try? await Self.admin(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
      }
    }
  }

  /// Runs one statement on the admin database.
  public static func admin(_ url: String, _ statement: String) async throws {
    let configuration = try SQLPostgresConfiguration(url: url)
    let connection = try await PostgresConnection.connect(
      configuration: configuration.coreConfiguration, id: 1, logger: quiet)
    do {
      try await connection.sql().raw(SQLQueryString(statement)).run()
      try await connection.close()
    } catch {
      try? await connection.close()
      throw error
    }
  }

  /// Opens a store on this database.
  public func open(
    _ migrations: ServiceMigrations = ServiceMigrations(service: "test", []),
    configuration: StoreConfiguration = .defaults, logger: Logger = TestDatabase.quiet
  ) async throws -> Store {
    try await Store.open(url: url, logger: logger, migrations: migrations, configuration: configuration)
  }
}

extension TestDatabase {
  /// Runs `body` with a store opened on this database, then shuts the store down, whether
  /// `body` returned or threw; the database stays.
  public func withStore<T: Sendable>(
    _ migrations: ServiceMigrations = ServiceMigrations(service: "test", []), logger: Logger = TestDatabase.quiet,
    _ body: (Store) async throws -> T
  ) async throws -> T {
    let store = try await open(migrations, logger: logger)
    do {
      let result = try await body(store)
      await store.shutdown()
      return result
    } catch {
      await store.shutdown()
      throw error
    }
  }
}

/// Runs `body` with a fresh database of `backend` (SQLite in a file named `file`) and removes it
/// afterwards, whether `body` returned or threw.
public func withDatabase<T: Sendable>(
  _ backend: TestBackend, file: String = "test.db", _ body: (TestDatabase) async throws -> T
) async throws -> T {
  let database = try await TestDatabase.make(backend, file: file)
  do {
    let result = try await body(database)
    await database.drop()
    return result
  } catch {
    await database.drop()
    throw error
  }
}

/// Runs `body` with a store opened on a fresh database of `backend`, then shuts it down and
/// removes the database.
public func withStore(
  _ backend: TestBackend, migrations: ServiceMigrations = ServiceMigrations(service: "test", []),
  _ body: (Store) async throws -> Void
) async throws {
  try await withDatabase(backend) { database in try await database.withStore(migrations, body) }
}
