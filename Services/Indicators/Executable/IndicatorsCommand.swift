import ArgumentParser
import DistrictRuntime
import DistrictServiceRuntime
import Indicators

/// The `indicators` executable: the district Party Committee's resolution targets.
///
/// Listens on 127.0.0.1:7101 by default; `--help` lists the settings and their `DISTRICT_*`
/// variables.
@main
struct IndicatorsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "indicators",
    abstract: "Serve district.indicators.v1.Indicators: resolutions, indicators, measurements, scorecards.")

  @OptionGroup var settings: ServiceSettings

  func run() async throws {
    try await ServiceRunner.run(
      .init(name: "indicators", defaultPort: 7101), migrations: IndicatorsService.migrations, settings: settings
    ) { store, logger in
      [IndicatorsService(store: store, logger: logger)]
    }
  }
}
