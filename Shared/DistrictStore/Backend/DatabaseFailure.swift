internal import AsyncKit
internal import NIOCore
internal import NIOPosix
internal import PostgresNIO
internal import SQLiteNIO

/// Tells a lost database from a failed statement, and says what went wrong in words an operator
/// can act on (PostgresNIO hides its details from `description`, and no driver message carries a
/// password).
enum DatabaseFailure {
  /// Whether `error` means the database cannot be reached or cannot take work now, so that
  /// the same call may succeed later (``StoreFailure/unavailable(reason:)``).
  static func isUnavailable(_ error: any Error) -> Bool {
    switch error {
    case let error as PSQLError:
      switch error.code {
      case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection, .poolClosed,
        .sslUnsupported, .failedToAddSSLHandler:
        return true
      case .server:
        let state = error.serverInfo?[.sqlState] ?? ""
        // 08: connection exception; 57P01-57P03: admin/crash shutdown, cannot connect now;
        // 53300: too many connections.
        return state.hasPrefix("08") || ["57P01", "57P02", "57P03", "53300"].contains(state)
      default:
        return false
      }
    case let error as SQLiteError:
      return isTransient(error.reason)
    case is ConnectionPoolTimeoutError, is ConnectionPoolError, is NIOConnectionError, is IOError, is ChannelError:
      return true
    default:
      return false
    }
  }

  private static func isTransient(_ reason: SQLiteError.Reason) -> Bool {
    switch reason {
    case .busy, .busyInRecovery, .busyInSnapshot, .busyTimeout, .locked, .lockedBySharedCache, .cantOpen,
      .cantOpenDirectory, .cantOpenInvalidPath, .ioError, .ioErrorFailedRead, .ioErrorIncompleteRead,
      .ioErrorFailedWrite, .ioErrorFailedSync, .ioErrorFailedDirSync, .ioErrorFailedTruncate, .ioErrorFailedStat,
      .ioErrorFailedUnlock, .ioErrorFailedReadLock, .ioErrorFailedLockCheck, .ioErrorFailedAdvisoryLock,
      .ioErrorFailedSharedMemOpen, .ioErrorFailedSharedMemSize, .ioErrorFailedSharedMemMap, .full, .readOnly,
      .readonlyCantLock, .readonlyInRecovery, .readonlyDirectory:
      return true
    default:
      return false
    }
  }

  /// What went wrong, in words: the server's message and SQLSTATE, the socket error, or the
  /// SQLite message.
  static func reason(_ error: any Error) -> String {
    switch error {
    case let error as PSQLError:
      if let info = error.serverInfo {
        let message = info[.message] ?? "error"
        return info[.sqlState].map { "\(message) (SQLSTATE \($0))" } ?? message
      }
      if let underlying = error.underlying { return reason(underlying) }
      switch error.code {
      case .serverClosedConnection: return "the server closed the connection"
      case .uncleanShutdown: return "the connection was cut"
      case .clientClosedConnection: return "the connection was closed"
      case .poolClosed: return "the store was shut down"
      case .sslUnsupported: return "the server does not support TLS, which the URL requires"
      case .authMechanismRequiresPassword: return "the server asks for a password and the URL has none"
      case .unsupportedAuthMechanism: return "the server asks for an authentication method the driver lacks"
      default: return "\(error.code)"
      }
    case let error as NIOConnectionError:
      if let dns = error.dnsAError ?? error.dnsAAAAError { return "cannot resolve '\(error.host)': \(dns)" }
      let failures = error.connectionErrors.map { reason($0.error) }
      guard !failures.isEmpty else { return "cannot connect to \(error.host):\(error.port)" }
      return Array(Set(failures)).sorted().joined(separator: "; ")
    case let error as IOError:
      return error.description
    case let error as ChannelError:
      switch error {
      case .connectTimeout(let timeout): return "no answer within \(timeout.nanoseconds / 1_000_000) ms"
      case .ioOnClosedChannel, .alreadyClosed, .eof, .outputClosed: return "the connection was closed"
      default: return "\(error)"
      }
    case let error as SQLiteError:
      return "\(error.message) (\(error.reason))"
    case let error as ConnectionPoolTimeoutError:
      switch error {
      case .connectionRequestTimeout: return "no connection became free in time: the database is overloaded or stuck"
      }
    case let error as ConnectionPoolError:
      switch error {
      case .shutdown: return "the store was shut down"
      }
    default:
      return String(describing: error)
    }
  }

  /// Whether `error` is PostgreSQL giving up a transaction that conflicted with another
  /// (serialization failure, deadlock): ``StoreFailure/conflict(reason:)``: the caller may retry.
  static func isConflict(_ error: any Error) -> Bool {
    guard let error = error as? PSQLError, error.code == .server else { return false }
    return ["40001", "40P01"].contains(error.serverInfo?[.sqlState] ?? "")
  }

  /// The failure a caller is told of for a database failure while serving, or `nil` when the
  /// failure is the statement's own (a constraint, a syntax error): that one stays as it is.
  static func storeFailure(_ error: any Error) -> StoreFailure? {
    if isUnavailable(error) { return .unavailable(reason: reason(error)) }
    if isConflict(error) { return .conflict(reason: reason(error)) }
    if isOverflow(error) { return .overflow }
    return nil
  }

  /// Whether `error` is a sum too large for 64 bits: SQLite's "integer overflow", PostgreSQL's
  /// "bigint out of range" (SQLSTATE 22003).
  static func isOverflow(_ error: any Error) -> Bool {
    if let error = error as? PSQLError, error.code == .server {
      return error.serverInfo?[.sqlState] == "22003"
    }
    return error is SQLiteError && reason(error).contains("integer overflow")
  }
}
