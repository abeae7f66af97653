import DistrictStore
import DistrictTestSupport
import Foundation
import SQLKit
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The writer process: `store-crash-writer` built next to the test bundle (or the path in
/// DISTRICT_STORE_CRASH_WRITER).
enum CrashWriter {
  static var executable: URL {
    if let path = ProcessInfo.processInfo.environment["DISTRICT_STORE_CRASH_WRITER"] {
      return URL(fileURLWithPath: path)
    }
    let bundle = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
    var directory = bundle.deletingLastPathComponent()
    // On macOS the test binary sits inside `<name>.xctest/Contents/MacOS`.
    while directory.pathExtension == "xctest" || ["MacOS", "Contents"].contains(directory.lastPathComponent) {
      directory.deleteLastPathComponent()
    }
    return directory.appendingPathComponent("store-crash-writer")
  }

  /// Starts the writer on `url`, reads its ACK lines, and kills it with `signal` once it has
  /// acknowledged `atLeast` rows. Returns the highest row it acknowledged (ACK lines already in
  /// the pipe when it died count too) and how it ended.
  static func run(
    url: String, killAfter atLeast: Int64, signal: Int32 = SIGKILL
  ) async throws -> (acked: Int64, killedBy: Int32?) {
    let executable = self.executable
    return try await onOwnThread {
      let process = Process()
      process.executableURL = executable
      process.arguments = [url]
      let output = Pipe()
      process.standardOutput = output
      process.standardError = FileHandle.standardError
      try process.run()
      let handle = output.fileHandleForReading
      var pending = Data()
      var last: Int64 = 0
      var killed = false
      while true {
        let chunk = handle.availableData
        if chunk.isEmpty { break }
        pending.append(chunk)
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
          let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
          pending.removeSubrange(pending.startIndex...newline)
          if line.hasPrefix("ACK "), let n = Int64(line.dropFirst(4)) { last = max(last, n) }
        }
        if !killed && last >= atLeast {
          kill(process.processIdentifier, signal)
          killed = true
        }
      }
      process.waitUntilExit()
      return (last, process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil)
    }
  }
}

@Suite("Crash durability", .timeLimit(.minutes(5)))
struct CrashDurabilityTests {
  @Test("SIGKILL in the middle of a stream of acknowledged writes loses none of them", arguments: TestBackend.all)
  func sigkill(backend: TestBackend) async throws {
    #expect(
      FileManager.default.isExecutableFile(atPath: CrashWriter.executable.path),
      "no writer at \(CrashWriter.executable.path)")
    try await withDatabase(backend) { database in
      let killAt = Int64.random(in: 200...400)
      let first = try await CrashWriter.run(url: database.urlString, killAfter: killAt)
      #expect(first.killedBy == SIGKILL, "the writer ended otherwise: \(String(describing: first.killedBy))")
      #expect(first.acked >= 200)

      // Restart the writer on the same database: it opens the crashed store and goes on.
      let second = try await CrashWriter.run(url: database.urlString, killAfter: first.acked + 50)
      #expect(second.killedBy == SIGKILL)
      #expect(second.acked > first.acked)

      let store = try await database.open(ServiceMigrations(service: "crash-check", []))
      let rows = try await store.read { db in
        try await db.raw("SELECT n, payload FROM crash_row ORDER BY n").all().map {
          (try $0.decode(column: "n", as: Int64.self), try $0.decode(column: "payload", as: String.self))
        }
      }
      await store.shutdown()
      let present = Set(rows.map(\.0))
      let missing = (1...second.acked).filter { !present.contains($0) }
      #expect(missing.isEmpty, "acknowledged rows missing after SIGKILL: \(missing.prefix(20))")
      #expect(rows.allSatisfy { $0.1.hasPrefix("row \($0.0): ") && $0.1.count == "row \($0.0): ".count + 200 })
      print(
        """
        crash durability (\(backend)): first writer killed after \(first.acked) ACKs, restarted writer after \
        \(second.acked) ACKs in all; \(rows.count) rows found after the restart, \(missing.count) acknowledged rows missing
        """)
    }
  }
}
