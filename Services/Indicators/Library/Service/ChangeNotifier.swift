internal import Foundation
internal import Synchronization

/// Tells watchers in this process which resolution changed: every subscriber gets every
/// resolution id published after it subscribed (the newest few kept while it is busy).
final class ChangeNotifier: Sendable {
  private let subscribers = Mutex<[UUID: AsyncStream<String>.Continuation]>([:])

  /// A stream of changed resolution ids; it ends when the consuming task is cancelled.
  func subscribe() -> AsyncStream<String> {
    let id = UUID()
    let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(16))
    continuation.onTermination = { [weak self] _ in
      _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
    }
    subscribers.withLock { $0[id] = continuation }
    return stream
  }

  /// Announces that `resolutionID` changed.
  func publish(_ resolutionID: String) {
    let continuations = subscribers.withLock { Array($0.values) }
    for continuation in continuations { continuation.yield(resolutionID) }
  }

  /// How many watchers are subscribed (for tests and metrics).
  var count: Int { subscribers.withLock { $0.count } }
}
