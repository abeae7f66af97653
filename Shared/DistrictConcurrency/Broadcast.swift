internal import Synchronization

/// A value that changes, and every task that follows it: each subscriber gets the current value
/// at once, then the newest after each change — never a backlog, so a subscriber that falls
/// behind skips to the latest instead of holding memory for it.
///
/// District's one broadcast: the store's change feed (``version`` counts of committed writes)
/// and the servers' health statuses are built on it. A change that leaves the value as it was
/// tells nobody.
///
/// ```swift
/// let version = Broadcast<UInt64>(0)
/// for await value in version.subscribe() { … }   // 0, then each new count
/// version.update { $0 += 1 }                      // from any task or thread
/// version.finish()                                // ends every subscriber's stream
/// ```
public final class Broadcast<Value: Sendable & Equatable>: Sendable {
  private struct State {
    var value: Value
    var subscribers: [Int: AsyncStream<Value>.Continuation] = [:]
    var nextSubscriber = 0
    var isFinished = false
  }

  private let state: Mutex<State>

  public init(_ initial: Value) {
    state = Mutex(State(value: initial))
  }

  /// The current value.
  public var value: Value { state.withLock { $0.value } }

  /// How many subscribers follow the value now.
  public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

  /// Changes the value with `change` and, when it is no longer equal to what it was, tells
  /// every subscriber; returns the new value. After ``finish()`` the value still changes, and
  /// nobody hears of it.
  @discardableResult
  public func update(_ change: (inout Value) -> Void) -> Value {
    let (value, subscribers) = state.withLock { state -> (Value, [AsyncStream<Value>.Continuation]) in
      let before = state.value
      change(&state.value)
      return (state.value, state.value == before ? [] : Array(state.subscribers.values))
    }
    for subscriber in subscribers { subscriber.yield(value) }
    return value
  }

  /// The current value at once, then the newest after each change, until ``finish()`` or until
  /// the consuming task stops iterating (cancelled or done). After ``finish()``: an empty stream.
  public func subscribe() -> AsyncStream<Value> {
    let (stream, continuation) = AsyncStream<Value>.makeStream(bufferingPolicy: .bufferingNewest(1))
    let id = state.withLock { state -> Int? in
      guard !state.isFinished else { return nil }
      let id = state.nextSubscriber
      state.nextSubscriber += 1
      state.subscribers[id] = continuation
      continuation.yield(state.value)
      return id
    }
    guard let id else {
      continuation.finish()
      return stream
    }
    continuation.onTermination = { [weak self] _ in
      _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
    }
    return stream
  }

  /// Ends every subscriber's stream, and the streams of later subscribers at once.
  public func finish() {
    let subscribers = state.withLock { state -> [AsyncStream<Value>.Continuation] in
      state.isFinished = true
      defer { state.subscribers.removeAll() }
      return Array(state.subscribers.values)
    }
    for subscriber in subscribers { subscriber.finish() }
  }
}
