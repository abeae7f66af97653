internal import Foundation
internal import NIOConcurrencyHelpers

/// Counts a store's committed write transactions and tells its watchers: the source of the
/// `district.changes.v1.Changes` feed.
///
/// The count is this process's: writes made to the same database by another process are not
/// seen (each service runs as one process; several replicas on one PostgreSQL would need
/// `LISTEN`/`NOTIFY`). A restart starts a new ``epoch``.
public final class ChangeFeed: Sendable {
  /// Chosen at random when the feed is made; a watcher seeing a new epoch knows the counting
  /// started again.
  public let epoch: String

  private struct State {
    var version: UInt64 = 0
    var watchers: [Int: AsyncStream<UInt64>.Continuation] = [:]
    var nextWatcher = 0
  }

  private let state = NIOLockedValueBox(State())

  init() {
    epoch = UUID().uuidString.lowercased()
  }

  /// The number of write transactions committed so far.
  public var version: UInt64 { state.withLockedValue { $0.version } }

  /// Records one committed write and tells every watcher.
  func committed() {
    let (version, watchers) = state.withLockedValue { state in
      state.version += 1
      return (state.version, Array(state.watchers.values))
    }
    for watcher in watchers { watcher.yield(version) }
  }

  /// The current version at once, then each new one; a watcher that falls behind gets the
  /// latest, never a backlog. Ends when ``finish()`` is called.
  public func versions() -> AsyncStream<UInt64> {
    let (stream, continuation) = AsyncStream<UInt64>.makeStream(bufferingPolicy: .bufferingNewest(1))
    let id = state.withLockedValue { state -> Int in
      let id = state.nextWatcher
      state.nextWatcher += 1
      state.watchers[id] = continuation
      continuation.yield(state.version)
      return id
    }
    continuation.onTermination = { [weak self] _ in
      _ = self?.state.withLockedValue { $0.watchers.removeValue(forKey: id) }
    }
    return stream
  }

  /// Ends every watcher's stream (the store is shutting down).
  func finish() {
    let watchers = state.withLockedValue { state in
      defer { state.watchers.removeAll() }
      return Array(state.watchers.values)
    }
    for watcher in watchers { watcher.finish() }
  }
}
