public import ArgumentParser
internal import Foundation

/// Where the three services listen, for those who call them (the gateway, the `district`
/// command): flags, else the `DISTRICT_*_ADDR` variables, else DESIGN.md's ports on loopback.
public struct ServiceAddresses: ParsableArguments, Sendable {
  @Option(name: .long, help: "HOST:PORT of indicators (env DISTRICT_INDICATORS_ADDR, default 127.0.0.1:7101).")
  public var indicators: String?

  @Option(name: .long, help: "HOST:PORT of land-clearance (env DISTRICT_LAND_CLEARANCE_ADDR, default 127.0.0.1:7102).")
  public var landClearance: String?

  @Option(name: .long, help: "HOST:PORT of finance (env DISTRICT_FINANCE_ADDR, default 127.0.0.1:7103).")
  public var finance: String?

  public init() {}

  public var indicatorsAddress: String { Self.resolve(indicators, "DISTRICT_INDICATORS_ADDR", "127.0.0.1:7101") }
  public var landClearanceAddress: String {
    Self.resolve(landClearance, "DISTRICT_LAND_CLEARANCE_ADDR", "127.0.0.1:7102")
  }
  public var financeAddress: String { Self.resolve(finance, "DISTRICT_FINANCE_ADDR", "127.0.0.1:7103") }

  private static func resolve(_ flag: String?, _ variable: String, _ fallback: String) -> String {
    flag ?? SettingsEnvironment.value(variable) ?? fallback
  }
}
