import ArgumentParser
import DistrictServiceRuntime
import DistrictStore
import Foundation
import Logging
import Testing

@testable import DistrictRuntime

@Suite("Service settings from flags")
struct ServiceSettingsTests {
  @Test("Defaults: loopback on the service's port, SQLite under the data directory, info logs")
  func defaults() throws {
    let settings = try ServiceSettings.parse([])
    if settings.tokensFile == nil, Environment.isClean {
      let (host, port) = try settings.listenAddress(defaultPort: 7101)
      #expect(host == "127.0.0.1")
      #expect(port == 7101)
      #expect(try settings.level() == .info)
      guard case .sqlite(let path) = try settings.database(service: "indicators") else {
        Issue.record("expected SQLite")
        return
      }
      #expect(path.hasSuffix("/indicators.db"))
    }
  }

  @Test("Flags are read and checked")
  func flags() throws {
    let settings = try ServiceSettings.parse([
      "--listen", "0.0.0.0:9101", "--database-url", "postgres://u:secret@db:5432/district", "--log-level", "DEBUG",
    ])
    let (host, port) = try settings.listenAddress(defaultPort: 7101)
    #expect(host == "0.0.0.0")
    #expect(port == 9101)
    #expect(try settings.level() == .debug)
    #expect(try ServiceSettings.parse(["--database-wait", "5"]).databaseWaitLimit() == .seconds(5))
    #expect("\(try settings.database(service: "finance"))".contains("secret") == false)
  }

  @Test("Without a tokens file, only loopback is served unless --allow-anonymous")
  func anonymousOnlyOnLoopback() throws {
    guard Environment.isClean else { return }
    let open = try ServerSettings.parse([])
    for host in ["127.0.0.1", "127.1.2.3", "localhost", "::1"] {
      try open.checkAnonymous(host: host)
    }
    for host in ["0.0.0.0", "10.0.0.5", "::", "example.org"] {
      let error = #expect(throws: ValidationError.self) { try open.checkAnonymous(host: host) }
      #expect(error?.message.contains("--allow-anonymous") == true)
    }
    try ServerSettings.parse(["--allow-anonymous"]).checkAnonymous(host: "0.0.0.0")
    #expect(throws: ValidationError.self) {
      try ServerSettings.parse(["--tokens", ""]).checkAnonymous(host: "127.0.0.1")
    }
    try ServerSettings.parse(["--tokens", "/run/secrets/tokens"]).checkAnonymous(host: "0.0.0.0")
  }

  @Test("Bad values name the flag at fault")
  func badValues() throws {
    #expect(throws: ValidationError.self) {
      try ServiceSettings.parse(["--listen", "nowhere"]).listenAddress(defaultPort: 1)
    }
    #expect(throws: ValidationError.self) { try ServiceSettings.parse(["--log-level", "loud"]).level() }
    #expect(throws: ValidationError.self) {
      try ServiceSettings.parse(["--database-wait", "3601"]).databaseWaitLimit()
    }
    #expect(throws: ValidationError.self) { try ServiceSettings.parse(["--database-wait=-1"]).databaseWaitLimit() }
    do {
      _ = try ServiceSettings.parse(["--database-url", "mysql://x"]).database(service: "finance")
      Issue.record("accepted a mysql URL")
    } catch {
      #expect("\(error)".contains("--database-url"))
    }
  }
}

enum Environment {
  /// Whether no DISTRICT_* variable would override the defaults being tested.
  static var isClean: Bool {
    !ProcessInfo.processInfo.environment.keys.contains {
      $0.hasPrefix("DISTRICT_LISTEN") || $0 == "DISTRICT_DATABASE_URL" || $0 == "DISTRICT_LOG_LEVEL"
    }
  }
}

@Suite("JSON log lines")
struct JSONLogHandlerTests {
  @Test(
    "Strings are escaped as JSON",
    arguments: [
      ("plain", #""plain""#), ("Cần Giuộc", #""Cần Giuộc""#), ("a\"b\\c", #""a\"b\\c""#),
      ("line\nbreak", #""line\nbreak""#),
      ("\u{01}", #""\u0001""#),
    ])
  func quoting(_ input: String, _ expected: String) {
    #expect(JSONLogHandler.quote(input) == expected)
  }
}
