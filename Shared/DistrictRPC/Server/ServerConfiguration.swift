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
  /// How long part of a frame may wait for the rest before the connection is cut.
  public var partialFrameTimeout: Duration
  /// On shutdown, how long calls in flight may take to finish before they are cancelled.
  public var shutdownGracePeriod: Duration
  /// The caller-supplied timeout used when a call carries none; `nil` lets such calls run.
  public var defaultTimeout: Duration?

  /// 127.0.0.1:`port`; 4 MiB frames; 1,024 calls per connection; 512 connections;
  /// compression above 8 KiB; a 10 s partial-frame timeout; a 10 s shutdown grace period;
  /// no default timeout.
  public static func defaults(port: Int) -> ServerConfiguration {
    ServerConfiguration(
      host: "127.0.0.1", port: port, maxFrameBytes: 4 * 1024 * 1024, maxConcurrentCallsPerConnection: 1024,
      maxConnections: 512, compressionThreshold: 8 * 1024, partialFrameTimeout: .seconds(10),
      shutdownGracePeriod: .seconds(10), defaultTimeout: nil)
  }
}
