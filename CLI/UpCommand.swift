import ArgumentParser
import DistrictDemo
import DistrictRPC
import DistrictRuntime
import DistrictSchema
import Foundation
import UnixSignals

/// `district up [--demo] [--data-dir DIR]`: runs the whole system on loopback until Ctrl-C.
struct UpCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "up",
    abstract: "Start the four services on loopback (SQLite under the data directory) and print the overview.",
    discussion: """
      Starts indicators, land-clearance, finance and gateway from the directory `district` is in \
      (or --bin), waits until all four are SERVING, loads the demo data when asked, prints the \
      district overview, and runs until Ctrl-C (or SIGTERM), which stops all four cleanly. \
      Each service logs to DIR/logs/NAME.log.
      """)

  @Flag(name: .long, help: "Load the demo data (Cần Giuộc, 2023) and show the overview as of the article's date.")
  var demo = false

  @Option(name: .long, help: "Where the SQLite files and logs go (env DISTRICT_DATA_DIR, default ./.data).")
  var dataDir: String?

  @Option(name: .long, help: "The directory with the service executables (default: the one `district` is in).")
  var bin: String?

  @OptionGroup var http: HTTPEdgeSettings

  @OptionGroup var addresses: ServiceAddresses
  @OptionGroup var gateway: GatewayAddress
  @OptionGroup var options: CallOptionsGroup

  func run() async throws {
    // Checked before anything starts: a bad setting is the caller's to fix, not a gateway's crash.
    let httpAddress = try http.listenAddress()
    let corsOrigins = try http.corsOrigins()
    let dataDirectory = URL(
      fileURLWithPath: dataDir ?? ProcessInfo.processInfo.environment["DISTRICT_DATA_DIR"] ?? ".data"
    )
    .standardizedFileURL
    let stack = LocalStack(
      members: members(dataDirectory: dataDirectory.path, corsOrigins: corsOrigins),
      binDirectory: bin.map { URL(fileURLWithPath: $0) } ?? LocalStack.ownDirectory(),
      logDirectory: dataDirectory.appendingPathComponent("logs"))
    // SIGHUP too: the services read it as "reload the tokens" and no longer die of it, so a
    // terminal that hangs up must stop the stack through `district up`, or it would live on.
    let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm, .sighup)
    try stack.start()
    do {
      try await stack.waitUntilServing(timeout: .seconds(60))
      let callOptions = try options.callOptions()
      if demo { try await SeedCommand.seed(addresses, options: callOptions) }
      let overview = try await OverviewCommand.fetch(
        gateway: gateway.address,
        request: .init().with {
          guard demo else { return }
          $0.asOf = IndicatorsDemo.articleDate
          $0.revenueAsOf = FinanceDemoData.asOf
          $0.revenueAsOfPrecision = .earlyMonth
        },
        options: callOptions)
      Console.line(OverviewText.render(overview))
      Console.line(
        """

        \(httpAddress == nil ? "HTTP: off." : Self.httpLines(base: "http://\(http.listenSetting)", demo: demo))
        district is up: gateway \(gateway.address), indicators \(addresses.indicatorsAddress), \
        land-clearance \(addresses.landClearanceAddress), finance \(addresses.financeAddress).
        Data and logs in \(dataDirectory.path). Try `district report --lang vi\(demo ? Self.demoReportArguments : "")`. Ctrl-C stops all four.
        """)
      let ended = await Self.firstOf(signals: signals, stack: stack)
      stack.stop()
      if let exit = ended {
        throw CommandFailure(message: exit, status: 1)
      }
      Console.line("stopped")
    } catch {
      stack.stop()
      throw error
    }
  }

  /// Where to point a browser (the dashboard, as of the article's date for the demo) and where
  /// the HTTP edge lists its methods.
  static func httpLines(base: String, demo: Bool) -> String {
    let query =
      demo
      ? "?asOf=\(IndicatorsDemo.articleDate)&revenueAsOf=\(FinanceDemoData.asOf)&revenuePrecision=early-month" : ""
    return """
      Dashboard: \(base)/\(query) (in English: \(base)/\(query.isEmpty ? "?" : query + "&")lang=en)
      HTTP (Connect protocol, JSON): \(base)/api lists every method; /openapi.json describes them.
      """
  }

  /// The report's arguments that match the demo's overview.
  static var demoReportArguments: String {
    " --as-of \(IndicatorsDemo.articleDate) --revenue-as-of \(FinanceDemoData.asOf) --revenue-early-month"
  }

  /// The four services, each listening where the addresses say, the gateway pointed at the others.
  private func members(dataDirectory: String, corsOrigins: Set<String>) -> [LocalStack.Member] {
    func service(_ name: String, _ address: String, serving service: String) -> LocalStack.Member {
      .init(
        name: name, address: address, service: service,
        environment: ["DISTRICT_LISTEN": address, "DISTRICT_DATA_DIR": dataDirectory])
    }
    return [
      service("indicators", addresses.indicatorsAddress, serving: IndicatorsV1.IndicatorsService.name),
      service("land-clearance", addresses.landClearanceAddress, serving: LandClearanceV1.LandClearanceService.name),
      service("finance", addresses.financeAddress, serving: FinanceV1.FinanceService.name),
      .init(
        name: "gateway", address: gateway.address, service: GatewayV1.GatewayService.name,
        environment: [
          "DISTRICT_LISTEN": gateway.address, "DISTRICT_HTTP_LISTEN": http.listenSetting,
          "DISTRICT_HTTP_CORS_ORIGINS": corsOrigins.sorted().joined(separator: ","),
          "DISTRICT_INDICATORS_ADDR": addresses.indicatorsAddress,
          "DISTRICT_LAND_CLEARANCE_ADDR": addresses.landClearanceAddress,
          "DISTRICT_FINANCE_ADDR": addresses.financeAddress,
        ]),
    ]
  }

  /// Waits for SIGINT/SIGTERM (nil) or for a service to exit on its own (what happened).
  ///
  /// Ctrl-C in a terminal reaches the services too (they are in the same process group), so an
  /// exit followed within a second by the signal is a stop, not a failure.
  private static func firstOf(signals: UnixSignalsSequence, stack: LocalStack) async -> String? {
    enum Event: Sendable {
      case signal
      case exit(String)
    }
    return await withTaskGroup(of: Event.self) { group in
      group.addTask {
        for await _ in signals { return .signal }
        return .signal
      }
      group.addTask { .exit(await stack.firstExit()) }
      var outcome: String? = nil
      if case .exit(let message) = await group.next() ?? .signal {
        group.addTask {
          try? await Task.sleep(for: .seconds(1))
          return .exit(message)
        }
        if case .exit = await group.next() ?? .signal { outcome = message }
      }
      group.cancelAll()
      return outcome
    }
  }
}
