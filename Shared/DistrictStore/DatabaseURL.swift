internal import Foundation

/// Where a service keeps its data, parsed from a database URL.
///
/// Two kinds of URL are accepted:
///
/// - `sqlite:///absolute/path/to/file.db`, or `sqlite://relative/path.db` (relative to the
///   working directory, so `sqlite://$DISTRICT_DATA_DIR/finance.db` works whether the data
///   directory is absolute or relative). The file and its directory are created when missing.
///   A query part (`?…`) is not allowed: the store sets the pragmas itself.
/// - `postgres://user:password@host:port/database` (also `postgresql://`); the port defaults to
///   5432 and the query may carry `sslmode`/`tlsmode` (`disable`, `prefer`, `require`) as
///   PostgresKit understands them.
///
/// Anything else is refused with a ``StoreError/invalidURL(_:reason:)`` whose message says
/// what to write instead. The password never appears in ``description``, in logs or in errors.
public enum DatabaseURL: Sendable, Hashable, CustomStringConvertible {
  /// An SQLite database in the file at `path`.
  case sqlite(path: String)
  /// A PostgreSQL database; `url` is the URL as given (with its password), `host` and `port`
  /// name the server for error messages.
  case postgres(url: String, host: String, port: Int, database: String, user: String)

  /// The environment variable services read their URL from; messages name it.
  public static let environmentVariable = "DISTRICT_DATABASE_URL"

  /// Parses `string`; `source` names where it came from in error messages
  /// (`DISTRICT_DATABASE_URL` or `--database-url`).
  public init(parsing string: String, source: String = DatabaseURL.environmentVariable) throws(StoreError) {
    let trimmed = string.trimmingCharacters(in: .whitespaces)
    let usage = "use sqlite:///path or postgres://user:pass@host:port/db"
    guard let colon = trimmed.firstIndex(of: ":") else {
      throw .invalidURL(
        Self.redact(trimmed), reason: "'\(Self.redact(trimmed))' in \(source) has no scheme; \(usage)")
    }
    let scheme = trimmed[..<colon].lowercased()
    switch scheme {
    case "sqlite":
      self = try Self.parseSQLite(trimmed, source: source, usage: usage)
    case "postgres", "postgresql":
      self = try Self.parsePostgres(trimmed, source: source, usage: usage)
    default:
      throw .invalidURL(Self.redact(trimmed), reason: "unsupported scheme '\(scheme)' in \(source); \(usage)")
    }
  }

  /// The default when no URL is configured: `<dataDirectory>/<service>.db` with SQLite.
  public static func defaultSQLite(service: String, dataDirectory: String) -> DatabaseURL {
    let directory = dataDirectory.hasSuffix("/") ? String(dataDirectory.dropLast()) : dataDirectory
    return .sqlite(path: "\(directory.isEmpty ? "." : directory)/\(service).db")
  }

  /// The URL with its password replaced by `***`: safe to log and to put in messages.
  public var description: String {
    switch self {
    case .sqlite(let path):
      return "sqlite://\(path)"
    case .postgres(let url, _, _, _, _):
      return Self.redact(url)
    }
  }

  /// The backend this URL selects.
  public var dialect: Dialect {
    switch self {
    case .sqlite: .sqlite
    case .postgres: .postgres
    }
  }

  private static func parseSQLite(_ string: String, source: String, usage: String) throws(StoreError) -> DatabaseURL {
    guard string.lowercased().hasPrefix("sqlite://") else {
      throw .invalidURL(
        string,
        reason:
          "'\(string)' in \(source) is not a file URL: write sqlite:///absolute/path.db or sqlite://relative/path.db"
      )
    }
    let path = String(string.dropFirst("sqlite://".count))
    if path.contains("?") || path.contains("#") {
      throw .invalidURL(
        string,
        reason: "'\(string)' in \(source) has a query or fragment; the store sets SQLite's options itself, "
          + "write only the path")
    }
    if path.isEmpty || path.hasSuffix("/") {
      throw .invalidURL(string, reason: "'\(string)' in \(source) names no file; \(usage)")
    }
    if path == ":memory:" || path.hasPrefix("file:") {
      throw .invalidURL(
        string, reason: "'\(string)' in \(source) is not a file path: the store needs a durable file; \(usage)")
    }
    return .sqlite(path: path.removingPercentEncoding ?? path)
  }

  private static func parsePostgres(_ string: String, source: String, usage: String) throws(StoreError) -> DatabaseURL {
    let shown = redact(string)
    guard let components = URLComponents(string: string) else {
      throw .invalidURL(shown, reason: "'\(shown)' in \(source) is not a valid URL; \(usage)")
    }
    guard let host = components.host, !host.isEmpty else {
      throw .invalidURL(shown, reason: "'\(shown)' in \(source) names no host; \(usage)")
    }
    guard let user = components.user, !user.isEmpty else {
      throw .invalidURL(shown, reason: "'\(shown)' in \(source) names no user; \(usage)")
    }
    let database = String(components.path.drop(while: { $0 == "/" }))
    guard !database.isEmpty, !database.contains("/") else {
      throw .invalidURL(shown, reason: "'\(shown)' in \(source) names no database (the path after the port); \(usage)")
    }
    if let port = components.port, !(1...65535).contains(port) {
      throw .invalidURL(shown, reason: "'\(shown)' in \(source) has port \(port), outside 1–65535")
    }
    return .postgres(
      url: string, host: host, port: components.port ?? 5432, database: database,
      user: user.removingPercentEncoding ?? user)
  }

  /// Replaces the password of a `scheme://user:password@host/…` URL with `***`.
  static func redact(_ string: String) -> String {
    guard let schemeEnd = string.range(of: "://") else { return string }
    let rest = string[schemeEnd.upperBound...]
    let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
    let authority = rest[..<authorityEnd]
    guard let at = authority.lastIndex(of: "@") else { return string }
    let userInfo = authority[..<at]
    guard let colon = userInfo.firstIndex(of: ":") else { return string }
    return String(string[..<colon]) + ":***" + String(string[at...])
  }
}
