import ArgumentParser
import DistrictRPC
import DistrictSchema
import Foundation

/// `district overview [--year Y] [--as-of DATE] [--json]`: the district overview from the gateway.
struct OverviewCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "overview",
    abstract: "Print the district overview: resolution targets, land clearance, revenue and disbursement.",
    discussion: "A section whose service is down is shown with its status; the others are still printed.")

  @Option(name: .long, help: "The year (default: the year of --as-of).")
  var year: Int32 = 0

  @Option(name: .long, help: "The date the figures are as of, YYYY-MM-DD (default: today in Vietnam).")
  var asOf: String = ""

  @Option(name: .long, help: "A resolution id (default: the year's annual resolution).")
  var resolution: String = ""

  @Flag(name: .long, help: "Print the overview as JSON instead of text.")
  var json = false

  @OptionGroup var revenueDate: RevenueDateOptions
  @OptionGroup var gateway: GatewayAddress
  @OptionGroup var options: CallOptionsGroup

  func run() async throws {
    let overview = try await Self.fetch(
      gateway: gateway.address,
      request: .init().with {
        $0.year = year
        $0.asOf = asOf
        $0.resolutionID = resolution
        $0.revenueAsOf = revenueDate.revenueAsOf
        $0.revenueAsOfPrecision = revenueDate.precision
      },
      options: try options.callOptions())
    print(json ? try CallCommand.renderJSON(overview) : OverviewText.render(overview))
  }

  static func fetch(
    gateway: String, request: GatewayV1.GetOverviewRequest, options: CallOptions
  ) async throws -> GatewayV1.Overview {
    let client = try RPCClient(address: gateway)
    defer { client.close() }
    return try await client.unary(GatewayV1.GatewayService.getOverview, request, options: options)
  }
}
