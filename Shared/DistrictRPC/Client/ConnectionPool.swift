internal import DistrictSchemaCore
internal import Logging
internal import NIOCore
internal import NIOPosix
internal import Synchronization

#if canImport(Glibc)
  internal import Glibc
#elseif canImport(Musl)
  internal import Musl
#elseif canImport(Darwin)
  internal import Darwin
#endif

/// The connections of a client to one peer: opened on demand up to a limit, re-opened with
/// exponential backoff after a failure; while backing off, calls fail at once with
/// `UNAVAILABLE` rather than wait.
final class ConnectionPool: Sendable {
  private struct State {
    var connections: [ClientConnection] = []
    var connecting: EventLoopFuture<ClientConnection>? = nil
    var nextAttempt: NIODeadline? = nil
    var backoff: Duration
    var lastFailure: String? = nil
    var closed = false
  }

  private let target: ConnectionTarget
  private let configuration: ClientConfiguration
  private let group: any EventLoopGroup
  private let logger: Logger
  private let state: Mutex<State>

  init(target: ConnectionTarget, configuration: ClientConfiguration, group: any EventLoopGroup, logger: Logger) {
    self.target = target
    self.configuration = configuration
    self.group = group
    self.logger = logger
    self.state = Mutex(State(backoff: configuration.initialBackoff))
  }

  var peer: String { target.peer }

  private enum Choice {
    case use(ClientConnection)
    case wait(EventLoopFuture<ClientConnection>)
    case fail(RPCError)
  }

  /// A connection to send a call on, excluding `avoiding` (one that just refused the call).
  func connection(avoiding: ClientConnection? = nil) async throws -> ClientConnection {
    let choice = state.withLock { state -> Choice in
      guard !state.closed else { return .fail(RPCError(.unavailable, "the client of \(peer) is closed")) }
      state.connections.removeAll { !$0.usable }
      let candidates = state.connections.filter { $0 !== avoiding }
      let best = candidates.min { $0.load < $1.load }
      let wantsMore =
        candidates.count < configuration.connectionsPerPeer
        && (best == nil || best!.load >= configuration.callsPerConnectionBeforeGrowing)
      if wantsMore, state.connecting == nil, state.nextAttempt.map({ NIODeadline.now() >= $0 }) ?? true {
        state.connecting = connect()
      }
      if let best { return .use(best) }
      if let connecting = state.connecting { return .wait(connecting) }
      let waitMilliseconds = state.nextAttempt.map { max(0, ($0 - .now()).nanoseconds / 1_000_000) } ?? 0
      return .fail(
        RPCError(
          .unavailable,
          "\(peer) is unreachable (\(state.lastFailure ?? "no connection")); next attempt in \(waitMilliseconds) ms"))
    }
    switch choice {
    case .use(let connection): return connection
    case .fail(let error): throw error
    case .wait(let future): return try await future.get()
    }
  }

  private func connect() -> EventLoopFuture<ClientConnection> {
    let configuration = configuration
    let logger = logger
    let peer = peer
    let isUsable = ClientConnection.Usability()
    let future = target.connect(on: group.next(), timeout: configuration.connectTimeout) { channel in
      channel.eventLoop.makeCompletedFuture {
        let handler = ClientConnectionHandler(configuration: configuration, peer: peer, logger: logger) {
          isUsable.set($0)
        }
        try channel.pipeline.syncOperations.addHandlers(
          FrameDecoder(
            maxFrameBytes: configuration.maxFrameBytes,
            frameTimeout: .nanoseconds(configuration.frameTimeout.nanoseconds)),
          handler)
      }
    }
    .flatMapThrowing { (channel: any Channel) -> ClientConnection in
      guard let handler = try? channel.pipeline.syncOperations.handler(type: ClientConnectionHandler.self) else {
        // The peer closed it as it opened (a refusal whose GOAWAY no call was there to read).
        throw RPCError(.unavailable, "the connection closed as it opened")
      }
      return ClientConnection(
        channel: channel, handler: NIOLoopBound(handler, eventLoop: channel.eventLoop), isUsable: isUsable)
    }
    .flatMapErrorThrowing { error in
      throw RPCError(.unavailable, "cannot connect to \(peer): \(ConnectionPool.reason(error))")
    }
    future.whenComplete { [self] (result: Result<ClientConnection, any Error>) in
      let opened = state.withLock { state -> ClientConnection? in
        state.connecting = nil
        switch result {
        case .success(let connection):
          guard !state.closed else { return connection }
          state.connections.append(connection)
          state.backoff = configuration.initialBackoff
          state.nextAttempt = nil
          state.lastFailure = nil
          return nil
        case .failure(let error):
          state.lastFailure = (error as? RPCError)?.message ?? "\(error)"
          state.nextAttempt = .now() + .nanoseconds(state.backoff.nanoseconds)
          let grown = state.backoff * configuration.backoffMultiplier
          state.backoff = min(grown, configuration.maximumBackoff)
          return nil
        }
      }
      opened?.close()  // the pool closed while connecting
    }
    return future
  }

  /// A short reason for a failed connection attempt ("Connection refused").
  static func reason(_ error: any Error) -> String {
    switch error {
    case let error as RPCError:
      return error.message
    case let error as NIOConnectionError:
      return error.connectionErrors.first.map { reason($0.error) } ?? "no address to connect to"
    case let error as IOError:
      return String(cString: strerror(error.errnoCode))
    case ChannelError.connectTimeout(let timeout):
      return "no answer within \(timeout.nanoseconds / 1_000_000) ms"
    default:
      return "\(error)"
    }
  }

  /// Closes every connection; calls in flight fail with `UNAVAILABLE`.
  func close() {
    let connections = state.withLock { state -> [ClientConnection] in
      state.closed = true
      defer { state.connections.removeAll() }
      return state.connections
    }
    for connection in connections { connection.close() }
  }
}
