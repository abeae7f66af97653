import ArgumentParser
import Foundation

/// Where the services listen, from flags or the `DISTRICT_*_ADDR` variables (DESIGN.md's ports).
struct ServiceAddresses: ParsableArguments {
  @Option(name: .long, help: "HOST:PORT of indicators (env DISTRICT_INDICATORS_ADDR, default 127.0.0.1:7101).")
  var indicators: String?

  @Option(name: .long, help: "HOST:PORT of land-clearance (env DISTRICT_LAND_CLEARANCE_ADDR, default 127.0.0.1:7102).")
  var landClearance: String?

  @Option(name: .long, help: "HOST:PORT of finance (env DISTRICT_FINANCE_ADDR, default 127.0.0.1:7103).")
  var finance: String?

  var indicatorsAddress: String { Self.resolve(indicators, "DISTRICT_INDICATORS_ADDR", "127.0.0.1:7101") }
  var landClearanceAddress: String { Self.resolve(landClearance, "DISTRICT_LAND_CLEARANCE_ADDR", "127.0.0.1:7102") }
  var financeAddress: String { Self.resolve(finance, "DISTRICT_FINANCE_ADDR", "127.0.0.1:7103") }

  private static func resolve(_ flag: String?, _ variable: String, _ fallback: String) -> String {
    if let flag { return flag }
    if let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty { return value }
    return fallback
  }
}
