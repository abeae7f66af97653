public import CoreMetrics

/// How a client connects to one peer and what it accepts.
public struct ClientConfiguration: Sendable {
  /// Connections kept to the peer; calls spread over them.
  public var connectionsPerPeer: Int
  /// A new connection is opened (up to ``connectionsPerPeer``) once each has this many calls in flight.
  public var callsPerConnectionBeforeGrowing: Int
  /// The largest frame accepted from the peer.
  public var maxFrameBytes: Int
  /// How long to wait for a TCP connection.
  public var connectTimeout: Duration
  /// The first wait after a failed connection attempt; it grows by ``backoffMultiplier`` up
  /// to ``maximumBackoff``. While waiting, calls fail at once with `UNAVAILABLE`.
  public var initialBackoff: Duration
  public var maximumBackoff: Duration
  public var backoffMultiplier: Double
  /// Requests larger than this are deflate-compressed when the peer accepts deflate.
  public var compressionThreshold: Int
  /// A ping is sent after this long without a frame from the peer…
  public var keepaliveInterval: Duration
  /// …and the connection is closed if nothing arrives this long after the ping.
  public var keepaliveTimeout: Duration
  /// How long part of a frame may wait for the rest.
  public var frameTimeout: Duration
  /// Messages of a server stream buffered before the client stops reading the connection.
  public var streamBufferMessages: Int
  /// Where the client's call metrics go (``CallMetrics``, side `client`); `nil`: the process's
  /// `MetricsSystem`, as it is when a method is first called.
  public var metricsFactory: (any MetricsFactory)? = nil

  /// 2 connections, growing past 64 calls each; 4 MiB frames; 2 s connect timeout; backoff
  /// 0.1 s × 1.6 up to 5 s; compression above 8 KiB; keepalive ping after 30 s idle, 10 s
  /// to answer; 10 s partial-frame timeout; 16 buffered stream messages.
  public static let defaults = ClientConfiguration(
    connectionsPerPeer: 2, callsPerConnectionBeforeGrowing: 64, maxFrameBytes: 4 * 1024 * 1024,
    connectTimeout: .seconds(2), initialBackoff: .milliseconds(100), maximumBackoff: .seconds(5),
    backoffMultiplier: 1.6, compressionThreshold: 8 * 1024, keepaliveInterval: .seconds(30),
    keepaliveTimeout: .seconds(10), frameTimeout: .seconds(10), streamBufferMessages: 16)
}

/// Options of one call.
public struct CallOptions: Sendable {
  /// How long the caller waits. Inside a handler, what is left of that call's deadline caps it.
  public var timeout: Duration?
  /// Metadata sent with the call (`authorization`, `idempotency-key`, …).
  public var metadata: Metadata
  /// Inside a handler, send the served call's `authorization` along when `metadata` has none
  /// (the gateway calls the services on its caller's behalf).
  public var forwardsAuthorization: Bool

  public init(timeout: Duration? = nil, metadata: Metadata = Metadata(), forwardsAuthorization: Bool = false) {
    self.timeout = timeout
    self.metadata = metadata
    self.forwardsAuthorization = forwardsAuthorization
  }
}
