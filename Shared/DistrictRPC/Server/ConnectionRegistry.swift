internal import NIOCore
internal import Synchronization

/// The open connections of a server, so that shutdown can drain them all.
final class ConnectionRegistry: Sendable {
  private struct Entry {
    let channel: any Channel
    let handler: NIOLoopBound<ServerConnectionHandler>
  }

  private let entries = Mutex([ObjectIdentifier: Entry]())

  /// Adds a connection unless `limit` are open already; it leaves the registry when it closes.
  func admit(_ channel: any Channel, handler: NIOLoopBound<ServerConnectionHandler>, limit: Int) -> Bool {
    let id = ObjectIdentifier(channel)
    let admitted = entries.withLock { entries -> Bool in
      guard entries.count < limit else { return false }
      entries[id] = Entry(channel: channel, handler: handler)
      return true
    }
    if admitted {
      channel.closeFuture.whenComplete { [self] _ in
        _ = entries.withLock { $0.removeValue(forKey: id) }
      }
    }
    return admitted
  }

  var count: Int { entries.withLock { $0.count } }

  /// Sends GOAWAY on every connection, waits up to `grace` for their calls to finish, then
  /// closes whatever is still open (its calls are cancelled).
  func drain(grace: Duration) async {
    let open = entries.withLock { Array($0.values) }
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
    let open = entries.withLock { Array($0.values) }
    for entry in open { entry.channel.close(promise: nil) }
  }
}
