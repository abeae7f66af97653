import ArgumentParser
import DistrictDemo
import DistrictRPC
import DistrictRuntime
import Foundation

/// `district seed --demo`: loads the article's figures into running services, through their RPCs.
struct SeedCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "seed",
    abstract: "Load the demo data (Cần Giuộc, 2023) into the running services.",
    discussion: "Safe to run again: the data carries fixed ids and idempotency keys, so nothing is loaded twice.")

  @Flag(name: .long, help: "Load the demo data set (required: it is the only data set).")
  var demo = false

  @OptionGroup var addresses: ServiceAddresses
  @OptionGroup var options: CallOptionsGroup

  func validate() throws {
    guard demo else { throw ValidationError("say --demo: the demo data set is the only one `seed` loads") }
  }

  func run() async throws {
    try await Self.seed(addresses, options: try options.callOptions())
  }

  /// Loads the demo data into the services at `addresses`.
  static func seed(_ addresses: ServiceAddresses, options callOptions: CallOptions) async throws {
    let indicators = try RPCClient(address: addresses.indicatorsAddress)
    defer { indicators.close() }
    try await IndicatorsDemo.seed(indicators, options: callOptions)
    Console.line(
      "indicators: \(IndicatorsDemo.resolutions.count) resolutions, \(IndicatorsDemo.entries.count) indicators loaded at \(addresses.indicatorsAddress)"
    )
    let finance = try RPCClient(address: addresses.financeAddress)
    defer { finance.close() }
    try await FinanceDemo.seed(finance, options: callOptions)
    Console.line(
      "finance: 2021–2023 estimates and collections, public investment and national programmes loaded at \(addresses.financeAddress)"
    )
    let landClearance = try RPCClient(address: addresses.landClearanceAddress)
    defer { landClearance.close() }
    try await LandClearanceDemo.seed(landClearance, options: callOptions)
    Console.line(
      "land-clearance: \(LandClearanceDemoData.projects.count) projects, \(LandClearanceDemoData.householdsPaid) households and \(LandClearanceDemoData.organisationsPaid) organisations paid by \(LandClearanceDemoData.asOf) loaded at \(addresses.landClearanceAddress)"
    )
  }
}
