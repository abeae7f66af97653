import DistrictRPC
import DistrictSchema
import Foundation

/// The four executables run as child processes on loopback, for `district up`: SQLite files
/// under one data directory, one log file each, stopped together with SIGTERM.
final class LocalStack: @unchecked Sendable {
  /// One executable of the stack: its name, the address it listens on and the RPC service it
  /// serves there (whose health says the answer came from this member, not from another server
  /// already on that port).
  struct Member {
    let name: String
    let address: String
    let service: String
    let environment: [String: String]
  }

  let members: [Member]
  let binDirectory: URL
  let logDirectory: URL
  // Touched only from the command's task, one step after another.
  private var running: [(member: Member, process: Process)] = []

  init(members: [Member], binDirectory: URL, logDirectory: URL) {
    self.members = members
    self.binDirectory = binDirectory
    self.logDirectory = logDirectory
  }

  /// The directory the running `district` executable is in: the four services are built beside it.
  static func ownDirectory() -> URL {
    let path =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent()
  }

  /// Starts every member; throws (after stopping those started) when one cannot be launched.
  func start() throws {
    try FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true)
    for member in members {
      let executable = binDirectory.appendingPathComponent(member.name)
      guard FileManager.default.isExecutableFile(atPath: executable.path) else {
        stop()
        throw CommandFailure(
          message:
            "\(executable.path) is not an executable: build the services first (`swift build`), or say --bin DIR",
          status: 1)
      }
      let log = logDirectory.appendingPathComponent("\(member.name).log")
      if !FileManager.default.fileExists(atPath: log.path) {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil, attributes: [.posixPermissions: 0o640])
      }
      let handle = try FileHandle(forWritingTo: log)
      handle.seekToEndOfFile()
      let process = Process()
      process.executableURL = executable
      process.arguments = []
      process.environment = Self.environment(of: member, inheriting: ProcessInfo.processInfo.environment)
      process.standardOutput = handle
      process.standardError = handle
      process.standardInput = FileHandle.nullDevice
      do {
        try process.run()
      } catch {
        stop()
        throw CommandFailure(message: "cannot start \(executable.path): \(error)", status: 1)
      }
      running.append((member, process))
    }
  }

  /// What a member runs with: this process's environment without the caller's credentials (the
  /// services need no token, and a child's environment can be read in /proc by its owner's other
  /// processes), then the member's own variables.
  static func environment(of member: Member, inheriting inherited: [String: String]) -> [String: String] {
    inherited.filter { !Self.callerCredentials.contains($0.key) }.merging(member.environment) { _, new in new }
  }

  /// The variables through which `district` itself is given a token.
  static let callerCredentials: Set<String> = ["DISTRICT_TOKEN", "DISTRICT_TOKEN_FILE"]

  /// Waits until every member's service answers its health check with SERVING.
  ///
  /// - Throws: when a member exits first (with the end of its log), or after `timeout`.
  func waitUntilServing(timeout: Duration) async throws {
    let deadline = ContinuousClock.now + timeout
    for (member, process) in running {
      let client = try RPCClient(address: member.address)
      defer { client.close() }
      while true {
        try exitedMember(member, process)
        let answer = try? await client.unary(
          HealthV1.HealthService.check, HealthV1.HealthCheckRequest().with { $0.service = member.service },
          options: CallOptions(timeout: .milliseconds(500)))
        if answer?.status == .serving { break }
        guard ContinuousClock.now < deadline else {
          throw CommandFailure(
            message: "\(member.name) is not SERVING at \(member.address) after \(timeout)\n\(logTail(member))",
            status: 1)
        }
        try await Task.sleep(for: .milliseconds(100))
      }
    }
    // Serving, and still running (a member that could not listen exits with the reason).
    for (member, process) in running { try exitedMember(member, process) }
  }

  /// Returns when a member exits on its own, naming it.
  func firstExit() async -> String {
    while !Task.isCancelled {
      if let (member, process) = running.first(where: { !$0.process.isRunning }) {
        return "\(member.name) exited with status \(process.terminationStatus)\n\(logTail(member))"
      }
      try? await Task.sleep(for: .milliseconds(200))
    }
    return ""
  }

  /// Sends SIGTERM to every member still running, waits up to 15 s for them to drain and
  /// exit, then kills what is left.
  func stop() {
    for (_, process) in running where process.isRunning { process.terminate() }
    let deadline = Date().addingTimeInterval(15)
    while running.contains(where: { $0.process.isRunning }) && Date() < deadline {
      Thread.sleep(forTimeInterval: 0.05)
    }
    for (_, process) in running where process.isRunning { kill(process.processIdentifier, SIGKILL) }
    running.removeAll()
  }

  private func exitedMember(_ member: Member, _ process: Process) throws {
    guard !process.isRunning else { return }
    throw CommandFailure(
      message:
        "\(member.name) exited with status \(process.terminationStatus) before it was SERVING\n\(logTail(member))",
      status: 1)
  }

  /// The last lines of a member's log, for an error message.
  private func logTail(_ member: Member) -> String {
    let path = logDirectory.appendingPathComponent("\(member.name).log").path
    let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    let tail = text.split(separator: "\n").suffix(5).joined(separator: "\n")
    return "  last lines of \(path):\n\(tail)"
  }
}
