import ArgumentParser
import DistrictRPC
import DistrictRuntime
import Foundation
import Gateway
import Logging

/// The `gateway` executable: the district overview and the bilingual report, composed from
/// the three services.
///
/// Listens on 127.0.0.1:7100 by default; `--help` lists the settings and their `DISTRICT_*`
/// variables.
@main
struct GatewayCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gateway",
    abstract: "Serve district.gateway.v1.Gateway: the district overview and the progress report.")

  @OptionGroup var settings: ServerSettings

  @OptionGroup var backendAddresses: ServiceAddresses

  @Option(name: .long, help: "Seconds the backends get when a caller sets no deadline (env DISTRICT_BACKEND_TIMEOUT, default 5).")
  var backendTimeout: Double?

  func run() async throws {
    let timeout = try Self.seconds(backendTimeout, "DISTRICT_BACKEND_TIMEOUT", default: 5)
    let addresses = backendAddresses
    let backends = try Self.backends(addresses)
    defer { backends.close() }
    try await ServiceRunner.run(
      .init(name: "gateway", defaultPort: 7100, migrations: nil), settings: settings,
      services: { logger in
        logger.info(
          "backends",
          metadata: [
            "indicators": "\(addresses.indicatorsAddress)", "land-clearance": "\(addresses.landClearanceAddress)",
            "finance": "\(addresses.financeAddress)",
          ])
        return [GatewayService(backends: backends, backendTimeout: timeout)]
      },
      companions: { server, logger in [BackendHealthMonitor(backends: backends, health: server.health, logger: logger)] })
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
      guard let parsed = Double(text) else { throw ValidationError("\(variable): '\(text)' is not a number of seconds") }
      value = parsed
    }
    guard value > 0 else { throw ValidationError("--backend-timeout / \(variable) must be above 0 seconds") }
    return .milliseconds(Int64(value * 1000))
  }
}
