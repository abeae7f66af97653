public import CoreMetrics

/// How a server listens and what it accepts.
public struct ServerConfiguration: Sendable {
  /// Host and port to listen on.
  public var host: String
  public var port: Int
  /// The largest frame accepted, length prefix excluded.
  public var maxFrameBytes: Int
  /// Calls served at once on one connection; more are refused with `UNAVAILABLE`.
  public var maxConcurrentCallsPerConnection: Int
  /// Open connections at once; more are refused with a GOAWAY.
  public var maxConnections: Int
  /// Responses larger than this are deflate-compressed when the caller accepts deflate.
  public var compressionThreshold: Int
  /// How long a frame may take to arrive whole, from its first byte; past it the connection
  /// is cut (GOAWAY `DEADLINE_EXCEEDED`).
  public var frameTimeout: Duration
  /// How long a new connection may take to send its HELLO; past it the connection is cut
  /// (GOAWAY `DEADLINE_EXCEEDED`).
  public var helloTimeout: Duration
  /// How long a connection may stay with no call in flight and no frame from the client
  /// (a PING counts) before the server closes it (GOAWAY `UNAVAILABLE`); `nil`: never.
  public var idleTimeout: Duration?
  /// On shutdown, how long calls in flight may take to finish before they are cancelled.
  public var shutdownGracePeriod: Duration
  /// Whether every request is held to ``RequestTextLimits`` before its handler runs: on, but
  /// for protocol tests that carry bulk text in a string field.
  public var checksRequestText = true
  /// The timeout used when a call carries none; `nil` lets such calls run. Like a caller's, it
  /// is at most ``CallTimeout/maximum``.
  public var defaultTimeout: Duration?
  /// Where the server's metrics go (``CallMetrics``, ``ServerMetrics``); `nil`: the process's
  /// `MetricsSystem` as it is when the server is made (a no-op until an executable bootstraps it).
  public var metricsFactory: (any MetricsFactory)? = nil

  /// 127.0.0.1:`port`; 4 MiB frames; 1,024 calls per connection; 512 connections;
  /// compression above 8 KiB; 10 s for a frame to arrive whole; 10 s for the HELLO; idle
  /// connections closed after 2 minutes; a 10 s shutdown grace period; no default timeout.
  public static func defaults(port: Int) -> ServerConfiguration {
    ServerConfiguration(
      host: "127.0.0.1", port: port, maxFrameBytes: 4 * 1024 * 1024, maxConcurrentCallsPerConnection: 1024,
      maxConnections: 512, compressionThreshold: 8 * 1024, frameTimeout: .seconds(10),
      helloTimeout: .seconds(10), idleTimeout: .seconds(120), shutdownGracePeriod: .seconds(10), defaultTimeout: nil)
  }
}
