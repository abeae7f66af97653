public import DistrictRPC
public import Logging
internal import NIOCore
public import ServiceLifecycle

/// A logger that drops everything, for servers and clients whose logs no test reads.
public let quietTestLogger = Logger(label: "district-tests") { _ in SwiftLogNoOpLogHandler() }

/// An ``RPCServer`` run in-process on loopback, in a `ServiceGroup` as the executables run it,
/// until ``stop()``: the one harness every suite starts its servers with.
public struct TestServer: Sendable {
  public let server: RPCServer
  public let group: ServiceGroup
  private let running: Task<Void, any Error>
  /// The port it listens on (the free one the system chose for port 0).
  public let port: Int

  /// `127.0.0.1:port`, as the clients and the CLI take it.
  public var address: String { "127.0.0.1:\(port)" }

  /// Starts `services` (and `companions`, given the server, in the same group) on `port`
  /// (0: any free port) with `tokens` (``Token/store`` unless given; `nil`: no authentication),
  /// once it listens.
  public static func start(
    _ services: [any RPCService], port: Int = 0, tokens: TokenStore? = Token.store,
    configure: (inout ServerConfiguration) -> Void = { _ in }, logger: Logger = quietTestLogger,
    companions: (RPCServer) -> [any Service] = { _ in [] }
  ) async throws -> TestServer {
    var configuration = ServerConfiguration.defaults(port: port)
    configure(&configuration)
    let server = RPCServer(configuration: configuration, services: services, tokens: tokens, logger: logger)
    let group = ServiceGroup(services: [server] + companions(server), logger: quietTestLogger)
    let running = Task { try await group.run() }
    do {
      let address = try await server.localAddress
      return TestServer(server: server, group: group, running: running, port: address.port!)
    } catch {
      await group.triggerGracefulShutdown()
      _ = try? await running.value
      throw error
    }
  }

  /// A new client of this server; close it when done.
  public func client(
    logger: Logger = quietTestLogger, _ configure: (inout ClientConfiguration) -> Void = { _ in }
  ) -> RPCClient {
    var configuration = ClientConfiguration.defaults
    configure(&configuration)
    return RPCClient(host: "127.0.0.1", port: port, configuration: configuration, logger: logger)
  }

  /// A new client connected to this server in-process (`RPCClient(connectedTo:)`): the whole
  /// protocol through a socketpair, no TCP; for tests that are not about the network. Close it
  /// when done.
  public func inProcessClient(logger: Logger = quietTestLogger) -> RPCClient {
    RPCClient(connectedTo: server, logger: logger)
  }

  /// A port that was free a moment ago, for a server that is not running yet: below Linux's
  /// ephemeral range (32768–60999), so that no other test's server (on port 0) can take it
  /// meanwhile (a CI run once saw a port taken and another server answer).
  public static func freePort() async -> Int {
    while true {
      guard let probe = try? await start([], port: Int.random(in: 20_000..<32_000), tokens: nil) else { continue }
      try? await probe.stop()
      return probe.port
    }
  }

  /// Shuts the server down gracefully and waits for it; throws what its group threw.
  public func stop() async throws {
    await group.triggerGracefulShutdown()
    try await running.value
  }
}

/// Runs `body` with a ``TestServer`` of `services`, then stops it: gracefully, with its errors,
/// when `body` returned; at once, ignoring them, when `body` threw.
public func withTestServer<T: Sendable>(
  _ services: [any RPCService], port: Int = 0, tokens: TokenStore? = Token.store,
  configure: (inout ServerConfiguration) -> Void = { _ in }, logger: Logger = quietTestLogger,
  _ body: (TestServer) async throws -> T
) async throws -> T {
  let server = try await TestServer.start(
    services, port: port, tokens: tokens, configure: configure, logger: logger)
  do {
    let result = try await body(server)
    try await server.stop()
    return result
  } catch {
    try? await server.stop()
    throw error
  }
}
