public import ArgumentParser
internal import DistrictRPC
internal import Foundation
public import Logging

/// The settings every server executable takes, from flags or from `DISTRICT_*` variables
/// (flags win).
///
/// - Configuration keys:
///   - `--listen HOST:PORT` / `DISTRICT_LISTEN` (default: 127.0.0.1 and the service's port)
///   - `--tokens FILE` / `DISTRICT_TOKENS` (default: none — every caller is an anonymous admin; for development only)
///   - `--allow-anonymous` / `DISTRICT_ALLOW_ANONYMOUS=1`: serve without a tokens file on an
///     address other than loopback (refused otherwise: anyone on the network would be an admin)
///   - `--log-level LEVEL` / `DISTRICT_LOG_LEVEL` (default: `info`)
///   - `--metrics-listen HOST:PORT` or `off` / `DISTRICT_METRICS_LISTEN` (default: the listen
///     host, and the listen port + 100: 7200 for the gateway's 7100, 7201–7203 for the services;
///     port 0 stays 0)
public struct ServerSettings: ParsableArguments, Sendable {
  @Option(name: .long, help: "Address to listen on, HOST:PORT (env DISTRICT_LISTEN).")
  public var listen: String?

  @Option(name: .long, help: "Tokens file: one 'TOKEN SUBJECT ROLE [commune=ID]' a line (env DISTRICT_TOKENS).")
  public var tokens: String?

  @Flag(
    name: .long,
    help:
      "Without a tokens file, serve every caller as an anonymous admin even on an address other than loopback (env DISTRICT_ALLOW_ANONYMOUS=1)."
  )
  public var allowAnonymous = false

  @Option(name: .long, help: "trace, debug, info, notice, warning, error or critical (env DISTRICT_LOG_LEVEL).")
  public var logLevel: String?

  @Option(
    name: .long,
    help:
      "Prometheus metrics at http://HOST:PORT/metrics, or 'off' (env DISTRICT_METRICS_LISTEN; default: the listen host, the listen port + 100)."
  )
  public var metricsListen: String?

  public init() {}

  /// Where `/metrics` is served, `nil` when it is `off`.
  ///
  /// - Parameter listen: the RPC listener's address, which the default follows.
  public func metricsAddress(listen: (host: String, port: Int)) throws -> (host: String, port: Int)? {
    guard let text = metricsListen ?? SettingsEnvironment.value("DISTRICT_METRICS_LISTEN") else {
      guard listen.port == 0 || listen.port + 100 <= 65535 else {
        throw ValidationError(
          "--listen port \(listen.port) leaves no port 100 above it for the metrics: set --metrics-listen / DISTRICT_METRICS_LISTEN"
        )
      }
      return (listen.host, listen.port == 0 ? 0 : listen.port + 100)
    }
    if text.lowercased() == "off" { return nil }
    do {
      return try PeerAddress.parse(text)
    } catch {
      throw ValidationError("--metrics-listen / DISTRICT_METRICS_LISTEN: '\(text)' is not HOST:PORT or 'off'")
    }
  }

  /// Host and port to listen on.
  public func listenAddress(defaultPort: Int) throws -> (host: String, port: Int) {
    guard let text = listen ?? SettingsEnvironment.value("DISTRICT_LISTEN") else { return ("127.0.0.1", defaultPort) }
    do {
      return try PeerAddress.parse(text)
    } catch {
      throw ValidationError("--listen / DISTRICT_LISTEN: '\(text)' is not HOST:PORT")
    }
  }

  /// The tokens file, if any.
  public var tokensFile: String? {
    tokens ?? SettingsEnvironment.value("DISTRICT_TOKENS")
  }

  /// Refuses `DISTRICT_TOKENS` set but empty (or `--tokens ''`): a slip that would otherwise serve
  /// every caller as an anonymous admin.
  public func checkTokensSetting() throws {
    let flagEmpty = tokens.map { $0.isEmpty } ?? false
    let variableEmpty =
      tokens == nil && ProcessInfo.processInfo.environment["DISTRICT_TOKENS"].map { $0.isEmpty } == true
    guard flagEmpty || variableEmpty else { return }
    throw ValidationError(
      "--tokens / DISTRICT_TOKENS is set but empty: name the tokens file, or unset it to serve without tokens on loopback"
    )
  }

  /// Whether a server without a tokens file may listen on an address other than loopback.
  public var anonymousAllowed: Bool {
    allowAnonymous || SettingsEnvironment.value("DISTRICT_ALLOW_ANONYMOUS") == "1"
  }

  /// Refuses to serve every caller as an anonymous admin anywhere but on loopback, unless
  /// ``anonymousAllowed``.
  ///
  /// - Parameter setting: the flag and variable that gave `host`, for the message (the gateway
  ///   checks its HTTP listener too).
  public func checkAnonymous(host: String, setting: String = "--listen / DISTRICT_LISTEN") throws {
    try checkTokensSetting()
    guard tokensFile == nil, !anonymousAllowed, !PeerAddress.isLoopback(host) else { return }
    throw ValidationError(
      """
      no tokens file, and \(setting) is \(host), not loopback: every caller on the \
      network would be an anonymous admin. Give a tokens file (--tokens / DISTRICT_TOKENS), listen on \
      127.0.0.1, or pass --allow-anonymous (DISTRICT_ALLOW_ANONYMOUS=1) if that is really meant
      """)
  }

  /// The log level.
  public func level() throws -> Logger.Level {
    let text = logLevel ?? SettingsEnvironment.value("DISTRICT_LOG_LEVEL") ?? "info"
    guard let level = Logger.Level(rawValue: text.lowercased()) else {
      throw ValidationError(
        "--log-level / DISTRICT_LOG_LEVEL: '\(text)' is not one of trace, debug, info, notice, warning, error, critical"
      )
    }
    return level
  }
}

/// `DISTRICT_*` variables; an empty one counts as unset.
package enum SettingsEnvironment {
  /// The variable's value, or nil when it is unset or empty.
  package static func value(_ name: String) -> String? {
    guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
    return value
  }
}
