import ArgumentParser
import DistrictRuntime
import DistrictServiceRuntime
import LandClearance

/// The `land-clearance` executable: land clearance for key projects, from notice to hand-over,
/// compensation paid, complaints, enforcement, resettlement plots and certificates.
///
/// Listens on 127.0.0.1:7102 by default and keeps its data in
/// `sqlite://$DISTRICT_DATA_DIR/land-clearance.db`; `--help` lists the settings and their
/// `DISTRICT_*` variables.
@main
struct LandClearanceCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "land-clearance",
    abstract: "Serve district.landclearance.v1.LandClearance: clearance cases, compensation paid, blockers.")

  @OptionGroup var settings: ServiceSettings

  func run() async throws {
    try await ServiceRunner.run(
      .init(name: "land-clearance", defaultPort: 7102), migrations: LandClearanceService.migrations, settings: settings
    ) { store, logger in
      [LandClearanceService(store: store, logger: logger)]
    }
  }
}
