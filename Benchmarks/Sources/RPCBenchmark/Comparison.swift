import BenchmarkSupport
import Foundation

/// One scenario of the comparison.
struct Scenario {
  let connections: Int
  let inFlight: Int
  var name: String { "\(connections) conn × \(inFlight) in flight" }
}

/// What the driver saw of one stack in one scenario.
struct Measurement {
  let callsPerSecond: Double
  let p50: Double
  let p99: Double
  /// Client + server CPU seconds per 100,000 calls.
  let cpuPer100k: Double
  /// Client + server context switches per call.
  let switchesPerCall: Double
}

/// Runs every stack in every scenario, each in fresh server and client processes, and prints
/// the figures side by side with the ratios the targets are stated in.
func runComparison(seconds: Double) async throws {
  let scenarios = [
    Scenario(connections: 1, inFlight: 1), Scenario(connections: 1, inFlight: 64),
    Scenario(connections: 4, inFlight: 64),
  ]
  var results: [Stack: [Int: Measurement]] = [:]
  emit(
    "rpc-bench: 100-byte echo over loopback, \(ProcessInfo.processInfo.activeProcessorCount) cores, \(seconds) s per run after 20 % warm-up"
  )
  for stack in Stack.allCases {
    for (index, scenario) in scenarios.enumerated() {
      let measurement = try measure(stack, scenario, seconds: seconds)
      results[stack, default: [:]][index] = measurement
      emit(
        String(
          format: "  %-16@ %-22@ %10.0f calls/s  p50 %7.1f µs  p99 %8.1f µs  %6.2f CPU s/100k  %5.2f ctx switches/call",
          stack.rawValue, scenario.name, measurement.callsPerSecond, measurement.p50, measurement.p99,
          measurement.cpuPer100k, measurement.switchesPerCall))
    }
  }
  guard let raw = results[.raw], let district = results[.district], let grpc = results[.grpc],
    let withMetrics = results[.districtMetrics]
  else { return }
  emit("")
  emit(
    String(
      format: "p50 at 1 in flight, district / raw:           %.2f×   (target ≤ 2×)", district[0]!.p50 / raw[0]!.p50))
  emit(
    String(
      format: "calls/s at 1×64, district / grpc-swift-2:    %.1f×   (target ≥ 10×)",
      district[1]!.callsPerSecond / grpc[1]!.callsPerSecond))
  emit(
    String(
      format: "calls/s at 1×64, district / raw:             %.0f %%  (target ≥ 25 %%)",
      100 * district[1]!.callsPerSecond / raw[1]!.callsPerSecond))
  emit(
    String(
      format: "calls/s at 1×64, district+metrics / district: %.1f %% (target ≥ 95 %%)",
      100 * withMetrics[1]!.callsPerSecond / district[1]!.callsPerSecond))
  emit(
    String(
      format: "calls/s at 4×64, district+metrics / district: %.1f %%",
      100 * withMetrics[2]!.callsPerSecond / district[2]!.callsPerSecond))
  emit(
    String(
      format: "calls/s at 4×64, district / grpc-swift-2:    %.1f×",
      district[2]!.callsPerSecond / grpc[2]!.callsPerSecond))
  emit(
    String(
      format: "calls/s at 4×64, district / raw:             %.0f %%",
      100 * district[2]!.callsPerSecond / raw[2]!.callsPerSecond))
}

private func measure(_ stack: Stack, _ scenario: Scenario, seconds: Double) throws -> Measurement {
  let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
  let server = try Child(executable, ["server", stack.rawValue])
  defer { server.terminate() }
  guard let portLine = server.readLine(), portLine.hasPrefix("PORT "), let port = Int(portLine.dropFirst(5)) else {
    throw BenchError("the \(stack) server did not report its port")
  }
  let client = try Child(
    executable, ["client", stack.rawValue, "\(port)", "\(scenario.connections)", "\(scenario.inFlight)", "\(seconds)"])
  defer { client.terminate() }
  guard let startLine = client.readLine(), startLine.hasPrefix("MEASURE_START_IN "),
    let warmUp = Double(startLine.dropFirst("MEASURE_START_IN ".count))
  else { throw BenchError("the \(stack) client did not start") }
  Thread.sleep(forTimeInterval: warmUp)
  let serverBefore = ProcessStats.read(pid: server.pid)
  let clientBefore = ProcessStats.read(pid: client.pid)
  Thread.sleep(forTimeInterval: seconds)
  let serverAfter = ProcessStats.read(pid: server.pid)
  let clientAfter = ProcessStats.read(pid: client.pid)
  var resultLine: String? = nil
  while let line = client.readLine() {
    if line.hasPrefix("RESULT ") {
      resultLine = line
      break
    }
  }
  guard let resultLine else { throw BenchError("the \(stack) client printed no result") }
  let fields = resultLine.split(separator: " ")
  guard fields.count == 5, let calls = Double(fields[1]), let p50 = Double(fields[3]), let p99 = Double(fields[4])
  else {
    throw BenchError("unreadable result: \(resultLine)")
  }
  var cpu = Double.nan
  var switches = Double.nan
  if let sb = serverBefore, let sa = serverAfter, let cb = clientBefore, let ca = clientAfter, calls > 0 {
    let server = sa - sb
    let client = ca - cb
    cpu = (server.cpuSeconds + client.cpuSeconds) / calls * 100_000
    switches = Double(server.contextSwitches + client.contextSwitches) / calls
  }
  return Measurement(callsPerSecond: calls / seconds, p50: p50, p99: p99, cpuPer100k: cpu, switchesPerCall: switches)
}
