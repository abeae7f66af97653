import DistrictRuntime
import DistrictServiceRuntime
import DistrictStore
import Foundation
import Logging
import Testing

@Suite("Waiting for the database at start-up")
struct DatabaseStartupWaitTests {
  /// A PostgreSQL URL on a loopback port nobody listens on: every connection is refused.
  static let refusingPostgres = try! DatabaseURL(parsing: "postgres://district:pw@127.0.0.1:1/district")
  static let migrations = ServiceMigrations(service: "waiting", [])

  @Test("An unreachable PostgreSQL server is retried until the limit, then the error says how long it waited")
  func retriesUntilTheLimit() async throws {
    let clock = ContinuousClock()
    let started = clock.now
    do {
      _ = try await DatabaseStartupWait.open(
        url: Self.refusingPostgres, migrations: Self.migrations, limit: .seconds(5), logger: Logger(label: "test"))
      Issue.record("opened a database nobody serves")
    } catch StoreError.unreachable(_, let reason) {
      #expect(reason.contains("waited 5 s"))
      let attempts = try #require(reason.split(separator: ",").last?.split(separator: " ").first.flatMap { Int($0) })
      // A pause of 0.25 s after the first refusal: a second attempt within five seconds unless a
      // refused connection takes 4.75 s (with every suite starting at once on two cores, the
      // first took over two seconds in CI).
      #expect(attempts >= 2)
      #expect(reason.contains("127.0.0.1:1"))
    }
    #expect(started.duration(to: clock.now) >= .seconds(5))
  }

  @Test("A limit of 0 tries once")
  func zeroLimitTriesOnce() async throws {
    await #expect {
      _ = try await DatabaseStartupWait.open(
        url: Self.refusingPostgres, migrations: Self.migrations, limit: .zero, logger: Logger(label: "test"))
    } throws: { error in
      "\(error)".contains("1 attempts")
    }
  }

  @Test("An SQLite file that cannot be opened fails at once, without waiting")
  func sqliteFailsAtOnce() async throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-directory-\(UUID().uuidString)")
    try Data("x".utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let clock = ContinuousClock()
    let started = clock.now
    await #expect(throws: (any Error).self) {
      _ = try await DatabaseStartupWait.open(
        url: .sqlite(path: file.path + "/service.db"), migrations: Self.migrations, limit: .seconds(30),
        logger: Logger(label: "test"))
    }
    #expect(started.duration(to: clock.now) < .seconds(10))
  }

}
