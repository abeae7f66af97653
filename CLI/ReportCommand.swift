import ArgumentParser
import DistrictRPC
import DistrictSchema

/// `district report --lang vi|en [--year Y] [--as-of DATE]`: the progress report from the gateway.
struct ReportCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Print the progress report in Vietnamese or English, written from live data.")

  enum Language: String, ExpressibleByArgument, CaseIterable {
    case vi, en
  }

  @Option(name: .long, help: "vi or en.")
  var lang: Language

  @Option(name: .long, help: "The year (default: the year of --as-of).")
  var year: Int32 = 0

  @Option(name: .long, help: "The date the figures are as of, YYYY-MM-DD (default: today in Vietnam).")
  var asOf: String = ""

  @OptionGroup var revenueDate: RevenueDateOptions
  @OptionGroup var gateway: GatewayAddress
  @OptionGroup var options: CallOptionsGroup

  func run() async throws {
    let client = try RPCClient(address: gateway.address)
    defer { client.close() }
    let report = try await client.unary(
      GatewayV1.GatewayService.getReport,
      .init().with {
        $0.year = year
        $0.asOf = asOf
        $0.language = lang == .vi ? .vi : .en
        $0.revenueAsOf = revenueDate.revenueAsOf
        $0.revenueAsOfPrecision = revenueDate.precision
      },
      options: try options.callOptions())
    print("\(report.title)\n\n\(report.text)")
  }
}
