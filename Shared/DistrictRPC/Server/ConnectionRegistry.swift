internal import CoreMetrics
internal import DistrictSchemaCore
internal import NIOCore
internal import Synchronization

/// The open connections of a server, so that shutdown can drain them all.
final class ConnectionRegistry: Sendable {
  private struct Entry {
    let channel: any Channel
    let handler: NIOLoopBound<ServerConnectionHandler>
  }

  private struct State {
    var entries: [ObjectIdentifier: Entry] = [:]
    var isDraining = false
  }

  private let state = Mutex(State())
  /// Counts the connections admitted and not yet closed.
  private let openConnections: Meter

  init(openConnections: Meter) {
    self.openConnections = openConnections
  }

  /// Why a connection was not admitted.
  enum Refusal {
    /// `limit` connections are open already.
    case full(limit: Int)
    /// The server is shutting down: a connection that arrives while it drains would be missed
    /// by the drain and stay open.
    case draining

    var rpcError: RPCError {
      switch self {
      case .full(let limit): return RPCError(.resourceExhausted, "the server has \(limit) connections open already")
      case .draining: return RPCError(.unavailable, "the server is shutting down: connect to another replica or retry")
      }
    }
  }

  /// Adds a connection unless `limit` are open already or the server drains; it leaves the
  /// registry when it closes.
  func admit(_ channel: any Channel, handler: NIOLoopBound<ServerConnectionHandler>, limit: Int) -> Refusal? {
    let id = ObjectIdentifier(channel)
    let refusal = state.withLock { state -> Refusal? in
      guard !state.isDraining else { return .draining }
      guard state.entries.count < limit else { return .full(limit: limit) }
      state.entries[id] = Entry(channel: channel, handler: handler)
      return nil
    }
    if refusal == nil {
      openConnections.increment()
      channel.closeFuture.whenComplete { [self] _ in
        _ = state.withLock { $0.entries.removeValue(forKey: id) }
        openConnections.decrement()
      }
    }
    return refusal
  }

  var count: Int { state.withLock { $0.entries.count } }

  /// Whether the server is shutting down and admits no connection.
  var isDraining: Bool { state.withLock { $0.isDraining } }

  /// Admits no more connections, sends GOAWAY on every open one, waits up to `grace` for their
  /// calls to finish, then closes whatever is still open (its calls are cancelled).
  func drain(grace: Duration) async {
    let open = state.withLock { state in
      state.isDraining = true
      return Array(state.entries.values)
    }
    for entry in open {
      let handler = entry.handler
      handler.eventLoop.execute { handler.value.beginDrain() }
    }
    await withTaskGroup(of: Void.self) { group in
      group.addTask {
        for entry in open { try? await entry.channel.closeFuture.get() }
      }
      group.addTask {
        // After the grace period, or once all closed (cancelled), close what is left.
        try? await Task.sleep(for: grace)
        self.closeAll()
      }
      await group.next()
      group.cancelAll()
    }
  }

  /// Closes every connection at once.
  func closeAll() {
    let open = state.withLock { Array($0.entries.values) }
    for entry in open { entry.channel.close(promise: nil) }
  }
}
