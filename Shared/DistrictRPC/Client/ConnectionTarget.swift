internal import NIOCore
internal import NIOPosix

#if canImport(Glibc)
  internal import Glibc
#elseif canImport(Musl)
  internal import Musl
#elseif canImport(Darwin)
  internal import Darwin
#endif

/// Where a client's connections go: a peer over TCP, or a server in this process.
enum ConnectionTarget: Sendable {
  case tcp(host: String, port: Int)
  /// A server of this process, reached through a `socketpair(2)`: the whole protocol — frames,
  /// HELLO, deadlines, GOAWAY, keepalive, the server's connection limit and drain — with no port,
  /// no listener and no network stack in between.
  case inProcess(RPCServer)

  /// The peer as messages name it: `host:port`, or `in-process`.
  var peer: String {
    switch self {
    case .tcp(let host, let port): return "\(host):\(port)"
    case .inProcess: return "in-process"
    }
  }

  /// Opens one connection on `loop`, its pipeline set up by `initialize`.
  func connect(
    on loop: any EventLoop, timeout: Duration,
    _ initialize: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
  ) -> EventLoopFuture<any Channel> {
    switch self {
    case .tcp(let host, let port):
      return ClientBootstrap(group: loop)
        .connectTimeout(.nanoseconds(timeout.nanoseconds))
        .channelOption(.tcpOption(.tcp_nodelay), value: 1)
        .channelInitializer(initialize)
        .connect(host: host, port: port)
    case .inProcess(let server):
      var ends: [CInt] = [-1, -1]
      #if os(Linux)
        let type = CInt(SOCK_STREAM.rawValue)
      #else
        let type = SOCK_STREAM
      #endif
      guard socketpair(AF_UNIX, type, 0, &ends) == 0 else {
        return loop.makeFailedFuture(IOError(errnoCode: errno, reason: "socketpair"))
      }
      let (clientEnd, serverEnd) = (ends[0], ends[1])
      return server.adopt(descriptor: serverEnd)
        .flatMap {
          NIOPipeBootstrap(group: loop).channelInitializer(initialize)
            .takingOwnershipOfDescriptor(inputOutput: clientEnd)
        }
        .flatMapErrorThrowing { error in
          close(clientEnd)
          throw error
        }
        // The server's future completes on one of its loops; the caller reads the channel's
        // pipeline synchronously, on the channel's own loop.
        .hop(to: loop)
    }
  }
}
