internal import Synchronization

/// Counts a backend's sessions in progress, so that shutting it down can wait for the last one.
///
/// A pool shut down while a connection is lent closes that connection when it comes back, and
/// SQLite closes its connections on the store's own threads: stopping those threads before
/// every lent connection has come back would leave a connection open for ever (and trips
/// SQLiteNIO's assertion in debug builds). So shutdown first refuses new sessions, then waits
/// for the ones in progress to end, and only then closes the pool and its threads.
final class SessionTracker: Sendable {
  private struct State {
    var inProgress = 0
    var closing = false
    var drained: [CheckedContinuation<Void, Never>] = []
  }

  private let state = Mutex(State())

  /// Counts a new session; `false` once ``drain()`` has begun, when no session may start.
  func enter() -> Bool {
    state.withLock { state in
      guard !state.closing else { return false }
      state.inProgress += 1
      return true
    }
  }

  /// Counts the end of a session that ``enter()`` admitted.
  func leave() {
    let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
      state.inProgress -= 1
      guard state.closing, state.inProgress == 0 else { return [] }
      defer { state.drained = [] }
      return state.drained
    }
    for waiter in waiters { waiter.resume() }
  }

  /// Refuses new sessions from now on and returns when the last one in progress has ended.
  func drain() async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      let done = state.withLock { state -> Bool in
        state.closing = true
        guard state.inProgress > 0 else { return true }
        state.drained.append(continuation)
        return false
      }
      if done { continuation.resume() }
    }
  }
}
