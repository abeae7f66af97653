internal import Hummingbird
public import Logging
public import NIOCore
internal import NIOPosix
public import ServiceLifecycle

/// Serves a ``ConnectEdge`` over HTTP/1.1 with Hummingbird, as one service of the gateway's
/// service group: it stops accepting on graceful shutdown and lets answers in flight finish.
public final class HTTPEdgeServer: Service, Sendable {
  private let host: String
  private let port: Int
  private let makeEdge: @Sendable () async throws -> Setup
  private let logger: Logger
  private let listening: EventLoopPromise<SocketAddress>

  /// An edge and what to release when the server stops (the clients made for it alone).
  public struct Setup: Sendable {
    public let edge: ConnectEdge
    public let release: @Sendable () -> Void

    public init(edge: ConnectEdge, release: @escaping @Sendable () -> Void = {}) {
      self.edge = edge
      self.release = release
    }
  }

  /// - Parameter makeEdge: builds the edge once the server starts (the gateway's own methods
  ///   are routed to its binary listener, whose address is known only once it listens).
  public init(host: String, port: Int, logger: Logger, makeEdge: @escaping @Sendable () async throws -> Setup) {
    self.host = host
    self.port = port
    self.makeEdge = makeEdge
    self.logger = logger
    self.listening = MultiThreadedEventLoopGroup.singleton.any().makePromise(of: SocketAddress.self)
  }

  /// The address the server listens on, once it does (useful with port 0).
  public var localAddress: SocketAddress {
    get async throws { try await listening.futureResult.get() }
  }

  public func run() async throws {
    let setup: Setup
    do {
      setup = try await makeEdge()
    } catch {
      listening.fail(error)
      throw error
    }
    defer { setup.release() }
    let listening = self.listening
    let logger = self.logger
    let application = Application(
      responder: EdgeResponder(edge: setup.edge),
      configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
      onServerRunning: { channel in
        if let address = channel.localAddress {
          listening.succeed(address)
          logger.info("HTTP edge listening", metadata: ["http.address": "\(address)"])
        }
      },
      logger: logger)
    do {
      try await application.run()
    } catch {
      listening.fail(error)
      throw error
    }
    // A server that stopped before it listened leaves no one waiting.
    listening.fail(CancellationError())
  }
}

/// Hands every request to the edge.
struct EdgeResponder: HTTPResponder {
  typealias Context = BasicRequestContext
  let edge: ConnectEdge

  func respond(to request: Request, context: Context) async throws -> Response {
    await edge.respond(to: request)
  }
}
