import ArgumentParser
import DistrictRPC
import DistrictRuntime
import Foundation
import Gateway
import HTTPEdge
import Logging
import NIOCore
import ServiceLifecycle

/// The `gateway` executable: the district overview and the bilingual report, composed from
/// the three services, and the HTTP edge through which every method of all four is callable
/// with the Connect protocol.
///
/// Listens on 127.0.0.1:7100 (binary protocol) and 127.0.0.1:8100 (HTTP) by default; `--help`
/// lists the settings and their `DISTRICT_*` variables.
@main
struct GatewayCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gateway",
    abstract: "Serve district.gateway.v1.Gateway: the district overview and the progress report.")

  @OptionGroup var settings: ServerSettings

  @OptionGroup var backendAddresses: ServiceAddresses

  @OptionGroup var http: HTTPEdgeSettings

  @Option(
    name: .long,
    help: "Seconds the backends get when a caller sets no deadline (env DISTRICT_BACKEND_TIMEOUT, default 5).")
  var backendTimeout: Double?

  func run() async throws {
    let timeout = try Self.seconds(backendTimeout, "DISTRICT_BACKEND_TIMEOUT", default: 5)
    let addresses = backendAddresses
    let backends = try Self.backends(addresses)
    defer { backends.close() }
    let httpAddress = try http.listenAddress()
    if let httpAddress {
      try settings.checkAnonymous(host: httpAddress.host, setting: "--http-listen / DISTRICT_HTTP_LISTEN")
    }
    var edgeConfiguration = ConnectEdge.Configuration()
    edgeConfiguration.corsOrigins = try http.corsOrigins()
    try await ServiceRunner.run(
      .init(name: "gateway", defaultPort: 7100), settings: settings,
      services: { logger in
        logger.info(
          "backends",
          metadata: [
            "indicators": "\(addresses.indicatorsAddress)", "land-clearance": "\(addresses.landClearanceAddress)",
            "finance": "\(addresses.financeAddress)",
          ])
        return [
          GatewayService(backends: backends, backendTimeout: timeout),
          GatewayAuditService(backends: backends, backendTimeout: timeout),
        ]
      },
      companions: { [edgeConfiguration] server, logger in
        var companions: [any Service] = [
          BackendHealthMonitor(backends: backends, health: server.health, logger: logger)
        ]
        if let httpAddress {
          companions.append(
            HTTPEdgeServer(host: httpAddress.host, port: httpAddress.port, logger: logger) {
              try await Self.edge(backends: backends, server: server, configuration: edgeConfiguration, logger: logger)
            })
        }
        return companions
      })
  }

  /// The HTTP edge: the gateway's own methods go to its binary listener over loopback (the same
  /// authentication, interceptors and limits as any binary caller's), the others to the backends.
  private static func edge(
    backends: GatewayBackends, server: RPCServer, configuration: ConnectEdge.Configuration, logger: Logger
  ) async throws -> HTTPEdgeServer.Setup {
    let address = try await server.localAddress
    let own = RPCClient(host: Self.reachableHost(address), port: address.port ?? 7100, logger: logger)
    let routes = EdgeRoutes.district(
      gateway: own, indicators: backends.indicators, landClearance: backends.landClearance, finance: backends.finance)
    return .init(
      edge: ConnectEdge(routes: routes, configuration: configuration, logger: logger), release: { own.close() })
  }

  /// The host a client on this machine dials to reach a listener: loopback for a wildcard address.
  private static func reachableHost(_ address: SocketAddress) -> String {
    switch address.ipAddress {
    case nil, "0.0.0.0": "127.0.0.1"
    case "::": "::1"
    case let host?: host
    }
  }

  private static func backends(_ addresses: ServiceAddresses) throws -> GatewayBackends {
    do {
      return try GatewayBackends(
        indicators: addresses.indicatorsAddress, landClearance: addresses.landClearanceAddress,
        finance: addresses.financeAddress, logger: .init(label: "gateway.backends"))
    } catch {
      throw ValidationError("a backend address is not HOST:PORT: \(error)")
    }
  }

  private static func seconds(_ flag: Double?, _ variable: String, default fallback: Double) throws -> Duration {
    var value = flag ?? fallback
    if flag == nil, let text = ProcessInfo.processInfo.environment[variable], !text.isEmpty {
      guard let parsed = Double(text) else {
        throw ValidationError("\(variable): '\(text)' is not a number of seconds")
      }
      value = parsed
    }
    guard value > 0 else { throw ValidationError("--backend-timeout / \(variable) must be above 0 seconds") }
    return .milliseconds(Int64(value * 1000))
  }
}
