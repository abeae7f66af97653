import ArgumentParser
import DistrictRPC
import Foundation

/// The `district` command: run the stack, call any method, read the views.
///
/// Exit status: 0 success, 1 a call failed (its status code and message go to standard error),
/// 2 bad usage.
@main
struct DistrictCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "district",
    abstract: "Follow a district's resolution targets, land clearance and budget in one place.",
    subcommands: [
      UpCommand.self, OverviewCommand.self, ReportCommand.self, AuditCommand.self, SubmitCommand.self,
      ApproveCommand.self, ReopenCommand.self, ApprovalStatusCommand.self, CallCommand.self, HealthCommand.self,
      SeedCommand.self,
    ])

  static func main() async {
    do {
      var command = try parseAsRoot()
      if var asyncCommand = command as? any AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch let error as RPCError {
      FileHandle.standardError.write(Data("error: \(error)\n".utf8))
      Foundation.exit(1)
    } catch let failure as CommandFailure {
      FileHandle.standardError.write(Data("error: \(failure.message)\n".utf8))
      Foundation.exit(failure.status)
    } catch {
      let status = exitCode(for: error)
      if status == .success {
        print(fullMessage(for: error))
        Foundation.exit(0)
      }
      FileHandle.standardError.write(Data("\(fullMessage(for: error))\n".utf8))
      Foundation.exit(2)
    }
  }
}

/// A failure the command reports with its own exit status.
struct CommandFailure: Error {
  let message: String
  let status: Int32
}
