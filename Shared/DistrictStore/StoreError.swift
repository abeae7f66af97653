/// Why a store could not be opened or migrated. Each case's ``description`` is the message an
/// operator sees at start-up: it says what is wrong and what to do, and never contains a password.
///
/// Errors while serving calls are ``StoreFailure``s: ``Store/transaction(_:)`` turns a lost
/// database into ``StoreFailure/unavailable(reason:)`` so callers know to retry.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The database URL cannot be used; `reason` says why and what to write instead.
  case invalidURL(String, reason: String)
  /// The database did not answer: `url` is redacted, `reason` is the driver's, in words.
  case unreachable(url: String, reason: String)
  /// The database was migrated by a newer executable than this one.
  case databaseNewerThanCode(service: String, databaseVersion: Int, codeVersion: Int)
  /// A migration failed and was rolled back; the database stays at the version before it.
  case migrationFailed(service: String, version: Int, name: String, reason: String)
  /// A service declared its migrations wrongly (a programming error, caught at start-up).
  case invalidMigrations(service: String, reason: String)

  public var description: String {
    switch self {
    case .invalidURL(_, let reason):
      return "invalid database URL: \(reason)"
    case .unreachable(let url, let reason):
      return "cannot reach the database at \(url): \(reason)"
    case .databaseNewerThanCode(let service, let databaseVersion, let codeVersion):
      return """
        the database of '\(service)' is at schema version \(databaseVersion), but this executable knows \
        versions up to \(codeVersion) only: it was migrated by a newer release. Upgrade the executable \
        (or restore a backup taken before the upgrade); refusing to start so that no data is damaged
        """
    case .migrationFailed(let service, let version, let name, let reason):
      return """
        migration \(version) '\(name)' of '\(service)' failed and was rolled back: \(reason); \
        the database stays at the version before it
        """
    case .invalidMigrations(let service, let reason):
      return "the migrations declared by '\(service)' are invalid: \(reason)"
    }
  }
}
