import DistrictRPC
import DistrictTestSupport
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Testing

/// `district up --demo`, then the commands a person runs against it, then Ctrl-C.
@Suite("district up", .timeLimit(.minutes(3)))
struct UpTests {
  @Test(
    "up --demo starts all four, prints the overview; overview, report, seed and health work against it; SIGINT stops all"
  )
  func upDemo() async throws {
    var ports: [Int] = []
    for _ in 0..<5 { ports.append(await TestServer.freePort()) }
    let addresses = ports.map { "127.0.0.1:\($0)" }
    let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("district-up-\(UUID())")
    defer { try? FileManager.default.removeItem(at: dataDirectory) }
    let endpoints = [
      "--gateway", addresses[0], "--indicators", addresses[1], "--land-clearance", addresses[2], "--finance",
      addresses[3],
    ]

    let up = Process()
    up.executableURL = CLITests.executable
    up.arguments = ["up", "--demo", "--data-dir", dataDirectory.path, "--http-listen", addresses[4]] + endpoints
    // The caller's token is the caller's: the services must not inherit it.
    up.environment = ProcessInfo.processInfo.environment.merging(["DISTRICT_TOKEN": Self.callerToken]) { _, new in new }
    let output = Pipe()
    up.standardOutput = output
    up.standardError = output
    try up.run()
    defer { if up.isRunning { kill(up.processIdentifier, SIGKILL) } }
    let printed = try await Self.read(output, until: "Ctrl-C stops all four", process: up)
    #expect(printed.contains("Indicators (50-NQ/HU): 15/15 estimated met or exceeded"))
    #expect(printed.contains("of the province's estimate"))
    #expect(printed.contains("Land clearance (paid = "))
    #expect(!printed.contains("UNAVAILABLE"))
    #expect(printed.contains("http://\(addresses[4])/api lists every method"))
    #expect(
      printed.contains(
        "Dashboard: http://\(addresses[4])/?asOf=2023-11-22&revenueAsOf=2023-11-01&revenuePrecision=early-month"))
    let children = Self.children(of: up.processIdentifier)
    #expect(children.count == 4, "up's children: \(children)")
    for child in children {
      let environment = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(child)/environ"))) ?? Data()
      #expect(!environment.isEmpty, "cannot read /proc/\(child)/environ")
      #expect(
        !String(decoding: environment, as: UTF8.self).contains(Self.callerToken),
        "service PID \(child) inherited the caller's DISTRICT_TOKEN")
    }
    for file in ["land-clearance.db", "finance.db", "indicators.db", "logs/gateway.log", "logs/finance.log"] {
      let path = dataDirectory.appendingPathComponent(file).path
      let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
      #expect(
        mode.map { $0 & 0o007 == 0 } == true,
        "\(file): mode \(mode.map { String($0, radix: 8) } ?? "missing"), others may read it")
    }

    let gateway = ["--gateway", addresses[0]]
    let vi = try await CLITests.district(
      ["report", "--lang", "vi", "--as-of", "2023-11-22", "--revenue-as-of", "2023-11-01", "--revenue-early-month"]
        + gateway)
    #expect(vi.status == 0, "\(vi.stderr)")
    #expect(vi.stdout.contains("ước đến cuối năm đạt và vượt 15/15 chỉ tiêu"))
    #expect(vi.stdout.contains("đạt 96% dự toán tỉnh giao (trên 610/636 tỉ đồng)"))
    #expect(vi.stdout.contains("trên 1.200 tỉ đồng"))
    #expect(vi.stdout.contains("gần 113 ha"))
    let en = try await CLITests.district(
      ["report", "--lang", "en", "--as-of", "2023-11-22", "--revenue-as-of", "2023-11-01", "--revenue-early-month"]
        + gateway)
    #expect(en.status == 0, "\(en.stderr)")
    #expect(en.stdout.contains("over VND 1,200 billion"))
    #expect(en.stdout.contains("nearly 113 ha"))

    let overview = try await CLITests.district(["overview", "--as-of", "2023-11-22", "--json"] + gateway)
    #expect(overview.status == 0, "\(overview.stderr)")
    #expect(overview.stdout.contains("\"landClearance\""))
    let text = try await CLITests.district(["overview", "--as-of", "2023-11-22"] + gateway)
    #expect(text.stdout.contains("District overview 2023, as of 2023-11-22"))

    let reseed = try await CLITests.district(
      ["seed", "--demo"] + endpoints.filter { $0 != "--gateway" && $0 != addresses[0] })
    #expect(reseed.status == 0, "\(reseed.stderr)")
    for address in addresses.prefix(4) {
      let health = try await CLITests.district(["health", address])
      #expect(health.status == 0, "\(address): \(health.stderr)")
    }
    let badDate = try await CLITests.district(["overview", "--as-of", "22/11/2023"] + gateway)
    #expect(badDate.status == 1)
    #expect(badDate.stderr.contains("INVALID_ARGUMENT"))

    kill(up.processIdentifier, SIGINT)
    let rest = try await Self.read(output, until: nil, process: up)
    up.waitUntilExit()
    #expect(up.terminationStatus == 0, "\(rest)")
    #expect(rest.contains("stopped"))
    for address in addresses {
      let health = try await CLITests.district(["health", address, "--timeout", "1"])
      #expect(health.status == 1, "\(address) still answers after up stopped")
    }
    #expect(FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("land-clearance.db").path))
    #expect(FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("logs/gateway.log").path))
  }

  static let callerToken = "caller-token-that-stays-with-the-caller"

  /// The PIDs whose parent is `pid`, from /proc.
  static func children(of pid: Int32) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { entry -> Int32? in
      guard let child = Int32(entry),
        let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
        let end = stat.lastIndex(of: ")")
      else { return nil }
      // After "PID (name) ": the state, then the parent's PID.
      let fields = stat[stat.index(after: end)...].split(separator: " ")
      return fields.count > 1 && Int32(fields[1]) == pid ? child : nil
    }
  }

  @Test("up without the service executables says where it looked, exit 1")
  func missingExecutables() async throws {
    let empty = FileManager.default.temporaryDirectory.appendingPathComponent("district-up-empty-\(UUID())")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: empty) }
    let result = try await CLITests.district(["up", "--bin", empty.path, "--data-dir", empty.path])
    #expect(result.status == 1)
    #expect(result.stderr.contains("indicators is not an executable"))
  }

  @Test("up with another server on a service's port says so and exits 1, instead of seeding that server")
  func portTaken() async throws {
    var ports: [Int] = []
    for _ in 0..<5 { ports.append(await TestServer.freePort()) }
    let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("district-up-\(UUID())")
    defer { try? FileManager.default.removeItem(at: dataDirectory) }
    // A server that answers health checks (as SERVING for the whole server) on finance's port.
    let squatter = try await TestServer.start([], port: ports[3], tokens: nil)
    let result = try await CLITests.district([
      "up", "--demo", "--data-dir", dataDirectory.path, "--gateway", "127.0.0.1:\(ports[0])",
      "--indicators", "127.0.0.1:\(ports[1])", "--land-clearance", "127.0.0.1:\(ports[2])",
      "--finance", "127.0.0.1:\(ports[3])", "--http-listen", "127.0.0.1:\(ports[4])",
    ])
    try await squatter.stop()
    #expect(result.status == 1)
    #expect(result.stderr.contains("finance exited with status"), "\(result.stderr)")
    #expect(!result.stdout.contains("loaded at 127.0.0.1:\(ports[3])"), "seeded a server that is not finance")
  }

  /// Reads `pipe` until `marker` appears (or to the end when nil), off the test's threads.
  static func read(_ pipe: Pipe, until marker: String?, process: Process) async throws -> String {
    try await withCheckedThrowingContinuation { continuation in
      Thread.detachNewThread {
        var text = ""
        while true {
          let chunk = pipe.fileHandleForReading.availableData
          if chunk.isEmpty {
            if let marker {
              continuation.resume(
                throwing: UpFailed(message: "`district up` ended before printing '\(marker)':\n\(text)"))
            } else {
              continuation.resume(returning: text)
            }
            return
          }
          text += String(decoding: chunk, as: UTF8.self)
          if let marker, text.contains(marker) {
            continuation.resume(returning: text)
            return
          }
        }
      }
    }
  }

  struct UpFailed: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
  }
}
