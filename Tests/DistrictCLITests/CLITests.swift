import DistrictRPC
import DistrictSchema
import DistrictTestSupport
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Testing

/// The `district` executable, run as a user would, against a real server.
@Suite("The district command", .timeLimit(.minutes(1)))
struct CLITests {
  static let quietLogger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

  /// `district` built next to the test bundle.
  static var executable: URL {
    let bundle = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
    var directory = bundle.deletingLastPathComponent()
    while directory.pathExtension == "xctest" || ["MacOS", "Contents"].contains(directory.lastPathComponent) {
      directory.deleteLastPathComponent()
    }
    return directory.appendingPathComponent("district")
  }

  /// Runs `district` off the test's threads; returns its exit status and output.
  static func district(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
    try await withCheckedThrowingContinuation { continuation in
      Thread.detachNewThread {
        do {
          let process = Process()
          process.executableURL = executable
          process.arguments = arguments
          let out = Pipe()
          let err = Pipe()
          process.standardOutput = out
          process.standardError = err
          try process.run()
          let stdout = out.fileHandleForReading.readDataToEndOfFile()
          let stderr = err.fileHandleForReading.readDataToEndOfFile()
          process.waitUntilExit()
          continuation.resume(
            returning: (
              process.terminationStatus, String(decoding: stdout, as: UTF8.self),
              String(decoding: stderr, as: UTF8.self)
            ))
        } catch {
          continuation.resume(throwing: error)
        }
      }
    }
  }

  /// A server with only its health service, on a free port, for the length of `body`.
  static func withServer(_ body: (String, RPCServer) async throws -> Void) async throws {
    try await withTestServer([], tokens: nil) { server in try await body(server.address, server.server) }
  }

  @Test("health exits 0 when SERVING and 1 when NOT_SERVING or unreachable")
  func health() async throws {
    try await Self.withServer { address, server in
      let serving = try await Self.district(["health", address])
      #expect(serving.status == 0)
      #expect(serving.stdout.contains("SERVING_STATUS_SERVING"))
      server.health.set("", .notServing)
      let notServing = try await Self.district(["health", address])
      #expect(notServing.status == 1)
      #expect(notServing.stderr.contains("NOT_SERVING"))
    }
    let unreachable = try await Self.district(["health", "127.0.0.1:1"])
    #expect(unreachable.status == 1)
    #expect(unreachable.stderr.contains("UNAVAILABLE"))
  }

  @Test("call sends JSON and prints JSON; a failed call prints its status and exits 1")
  func call() async throws {
    try await Self.withServer { address, _ in
      let ok = try await Self.district(["call", address, "Health/Check", "{}"])
      #expect(ok.status == 0, "\(ok.stderr)")
      #expect(ok.stdout.contains(#""status" : "SERVING_STATUS_SERVING""#))
      let notFound = try await Self.district([
        "call", address, "/district.health.v1.Health/Check", #"{"service": "nope"}"#,
      ])
      #expect(notFound.status == 1)
      #expect(notFound.stderr.contains("NOT_FOUND (5)"))
    }
  }

  @Test("call prints each message of a stream as it arrives; its end by the deadline prints the status and exits 1")
  func callStream() async throws {
    try await Self.withServer { address, _ in
      // 10 s, not 3: under CI's load the debug `district` process took longer than 3 s to start,
      // connect and print, and the deadline ended the stream before its first message.
      let watched = try await Self.district(["call", address, "Health/Watch", "{}", "--timeout", "10"])
      #expect(watched.stdout.contains(#""status" : "SERVING_STATUS_SERVING""#), "\(watched)")
      #expect(watched.status == 1)
      #expect(watched.stderr.contains("DEADLINE_EXCEEDED (4)"))
    }
  }

  @Test(
    "bad usage exits 2 with a message that says what is wrong",
    arguments: [
      ["call", "127.0.0.1:1", "Nope/Nope"],
      ["call", "127.0.0.1:1", "Health/Check", #"{"servce": "x"}"#],
      ["call", "127.0.0.1:1", "Health/Check", "not json"],
      ["frobnicate"],
    ])
  func badUsage(_ arguments: [String]) async throws {
    let result = try await Self.district(arguments)
    #expect(result.status == 2, "\(result)")
    #expect(!result.stderr.isEmpty)
  }
}
