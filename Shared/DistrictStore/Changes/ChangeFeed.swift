internal import DistrictConcurrency
internal import Foundation

/// Counts a store's committed write transactions and tells its watchers: the source of the
/// `district.changes.v1.Changes` feed, a ``Broadcast`` of the count.
///
/// The count is this process's: writes made to the same database by another process are not
/// seen (each service runs as one process; several replicas on one PostgreSQL would need
/// `LISTEN`/`NOTIFY`). A restart starts a new ``epoch``.
public final class ChangeFeed: Sendable {
  /// Chosen at random when the feed is made; a watcher seeing a new epoch knows the counting
  /// started again.
  public let epoch: String

  private let count = Broadcast<UInt64>(0)

  init() {
    epoch = UUID().uuidString.lowercased()
  }

  /// The number of write transactions committed so far.
  public var version: UInt64 { count.value }

  /// How many watchers follow the feed now.
  public var watcherCount: Int { count.subscriberCount }

  /// Records one committed write and tells every watcher.
  func committed() {
    count.update { $0 += 1 }
  }

  /// The current version at once, then each new one; a watcher that falls behind gets the
  /// latest, never a backlog. Ends when ``finish()`` is called.
  public func versions() -> AsyncStream<UInt64> {
    count.subscribe()
  }

  /// Ends every watcher's stream (the store is shutting down).
  func finish() {
    count.finish()
  }
}
