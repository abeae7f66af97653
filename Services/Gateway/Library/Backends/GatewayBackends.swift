public import DistrictRPC
public import Logging

/// The three services the gateway composes its views from: one pooled client each.
///
/// The clients reconnect on their own, with a backoff capped at one second, so a restarted
/// backend is back in the overview within about a second; while a backend is down its calls
/// fail at once with `UNAVAILABLE` instead of waiting for the caller's deadline.
public struct GatewayBackends: Sendable {
  public let indicators: RPCClient
  public let landClearance: RPCClient
  public let finance: RPCClient

  /// Clients of the services at `HOST:PORT` addresses.
  public init(indicators: String, landClearance: String, finance: String, logger: Logger) throws {
    var configuration = ClientConfiguration.defaults
    configuration.maximumBackoff = .seconds(1)
    configuration.connectTimeout = .seconds(1)
    self.indicators = try RPCClient(address: indicators, configuration: configuration, logger: logger)
    self.landClearance = try RPCClient(address: landClearance, configuration: configuration, logger: logger)
    self.finance = try RPCClient(address: finance, configuration: configuration, logger: logger)
  }

  /// Each backend with the name the gateway's messages use for it.
  var named: [(name: String, client: RPCClient)] {
    [("indicators", indicators), ("land-clearance", landClearance), ("finance", finance)]
  }

  /// Closes the three clients.
  public func close() {
    for backend in named { backend.client.close() }
  }
}
