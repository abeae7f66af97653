internal import CoreMetrics

/// A store's transactions and its connection pool as metrics:
///
/// - `district_store_sessions_in_use`: connections lent out of the pool now;
/// - `district_store_session_wait_seconds`: how long a transaction waited for a connection;
/// - `district_store_transaction_seconds{kind}`: `BEGIN` to `COMMIT` or `ROLLBACK`, `kind`
///   `read` or `write`;
/// - `district_store_rollbacks_total{kind}`: transactions rolled back (the body threw, or the
///   commit failed).
struct StoreMetrics: Sendable {
  /// A transaction's kind, the label value of its series.
  enum Kind: String, Sendable {
    case read
    case write
  }

  let sessionsInUse: Meter
  let sessionWait: Timer
  private let transactionRead: Timer
  private let transactionWrite: Timer
  private let rollbacksRead: Counter
  private let rollbacksWrite: Counter

  init(factory: any MetricsFactory) {
    sessionsInUse = Meter(label: "district_store_sessions_in_use", dimensions: [], factory: factory)
    sessionWait = Timer(label: "district_store_session_wait_seconds", dimensions: [], factory: factory)
    let transaction = "district_store_transaction_seconds"
    transactionRead = Timer(label: transaction, dimensions: [("kind", "read")], factory: factory)
    transactionWrite = Timer(label: transaction, dimensions: [("kind", "write")], factory: factory)
    let rollbacks = "district_store_rollbacks_total"
    rollbacksRead = Counter(label: rollbacks, dimensions: [("kind", "read")], factory: factory)
    rollbacksWrite = Counter(label: rollbacks, dimensions: [("kind", "write")], factory: factory)
  }

  func transaction(_ kind: Kind) -> Timer { kind == .read ? transactionRead : transactionWrite }

  func rolledBack(_ kind: Kind) { (kind == .read ? rollbacksRead : rollbacksWrite).increment() }
}

extension Timer {
  /// Records `duration`, in nanoseconds.
  func record(_ duration: Duration) {
    let (seconds, attoseconds) = duration.components
    recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
  }
}
