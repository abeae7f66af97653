public import ArgumentParser
public import DistrictRuntime
public import DistrictStore
public import Logging

/// The settings of a service executable with a database: the server's, plus where its data is.
///
/// - Configuration keys: those of ``ServerSettings``, and
///   - `--database-url URL` / `DISTRICT_DATABASE_URL` (default: `sqlite://$DISTRICT_DATA_DIR/<service>.db`)
///   - `--data-dir DIR` / `DISTRICT_DATA_DIR` (default: `./.data`)
///   - `--database-wait SECONDS` / `DISTRICT_DATABASE_WAIT` (default: 60): how long to wait at
///     start-up for a PostgreSQL server that does not accept connections yet
public struct ServiceSettings: ParsableArguments, Sendable {
  @OptionGroup public var server: ServerSettings

  @Option(name: .long, help: "sqlite:///path/file.db or postgres://user:pass@host:port/db (env DISTRICT_DATABASE_URL).")
  public var databaseURL: String?

  @Option(name: .long, help: "Directory for the default SQLite file (env DISTRICT_DATA_DIR, default ./.data).")
  public var dataDir: String?

  @Option(
    name: .long,
    help: "Seconds to wait at start-up for PostgreSQL to accept connections (env DISTRICT_DATABASE_WAIT, default 60).")
  public var databaseWait: String?

  public init() {}

  /// How long to wait at start-up for an unreachable PostgreSQL server.
  public func databaseWaitLimit() throws -> Duration {
    let text = databaseWait ?? SettingsEnvironment.value("DISTRICT_DATABASE_WAIT") ?? "60"
    guard let seconds = Int(text), (0...3600).contains(seconds) else {
      throw ValidationError(
        "--database-wait / DISTRICT_DATABASE_WAIT: '\(text)' is not a whole number of seconds from 0 to 3600")
    }
    return .seconds(seconds)
  }

  /// Host and port to listen on.
  public func listenAddress(defaultPort: Int) throws -> (host: String, port: Int) {
    try server.listenAddress(defaultPort: defaultPort)
  }

  /// The tokens file, if any.
  public var tokensFile: String? { server.tokensFile }

  /// The log level.
  public func level() throws -> Logger.Level { try server.level() }

  /// The data directory.
  public var dataDirectory: String {
    dataDir ?? SettingsEnvironment.value("DISTRICT_DATA_DIR") ?? ".data"
  }

  /// The database: the URL given, or a SQLite file named after the service in the data directory.
  public func database(service: String) throws -> DatabaseURL {
    if let flag = databaseURL { return try DatabaseURL(parsing: flag, source: "--database-url") }
    if let variable = SettingsEnvironment.value(DatabaseURL.environmentVariable) {
      return try DatabaseURL(parsing: variable)
    }
    return .defaultSQLite(service: service, dataDirectory: dataDirectory)
  }
}
