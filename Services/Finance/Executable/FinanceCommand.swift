import ArgumentParser
import DistrictRuntime
import DistrictServiceRuntime
import Finance

/// The `finance` executable: state-budget revenue against the two estimates, by source and commune,
/// and public-investment disbursement.
///
/// Listens on 127.0.0.1:7103 by default; `--help` lists the settings and their `DISTRICT_*`
/// variables.
@main
struct FinanceCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "finance",
    abstract: "Serve district.finance.v1.Finance: revenue against estimates, lagging communes, disbursement.")

  @OptionGroup var settings: ServiceSettings

  func run() async throws {
    try await ServiceRunner.run(
      .init(name: "finance", defaultPort: 7103), migrations: FinanceService.migrations, settings: settings
    ) { store, logger in
      [FinanceService(store: store, logger: logger)]
    }
  }
}
