import BenchmarkSupport
import Foundation

/// wrk (Debian's package), the HTTP load generator: a closed loop of `connections` keep-alive
/// connections, each making its next request when the last is answered.
enum Wrk {
  /// What one wrk run measured.
  struct Result {
    var callsPerSecond: Double
    /// Latency percentiles, in microseconds.
    var p50: Double
    var p99: Double
  }

  /// POSTs `body` to `url` with `headers` for a second unmeasured, then for `seconds`.
  ///
  /// - Throws: when any answer was not 2xx or a socket failed: a benchmark of errors is not one.
  static func run(
    url: String, body: [UInt8], headers: [String: String], connections: Int, seconds: Int
  ) throws -> Result {
    let script = FileManager.default.temporaryDirectory.appendingPathComponent("http-bench-\(UUID()).lua")
    try Data(luaScript(body: body, headers: headers).utf8).write(to: script)
    defer { try? FileManager.default.removeItem(at: script) }
    let threads = "\(min(connections, 2))"
    _ = try wrk(["-t", threads, "-c", "\(connections)", "-d", "1s", "-s", script.path, url])
    let output = try wrk([
      "-t", threads, "-c", "\(connections)", "-d", "\(seconds)s", "--latency", "-s", script.path, url,
    ])
    return try parse(output)
  }

  /// A Lua script that sets the method, the body (every byte as a decimal escape, so a proto
  /// body survives) and the headers.
  static func luaScript(body: [UInt8], headers: [String: String]) -> String {
    var script = "wrk.method = \"POST\"\nwrk.body = \""
    for byte in body { script += "\\\(byte)" }
    script += "\"\n"
    for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
      script += "wrk.headers[\"\(name)\"] = \"\(value)\"\n"
    }
    return script
  }

  /// Calls per second and the 50th and 99th percentiles from wrk's `--latency` report.
  static func parse(_ output: String) throws -> Result {
    var requestsPerSecond: Double?
    var percentiles: [String: Double] = [:]
    for line in output.split(separator: "\n") {
      let fields = line.split(separator: " ", omittingEmptySubsequences: true)
      if line.contains("Non-2xx or 3xx responses") || line.contains("Socket errors") {
        throw BenchError("wrk saw failures — \(line.trimmingCharacters(in: .whitespaces))\n\(output)")
      }
      if fields.first == "Requests/sec:", fields.count == 2 { requestsPerSecond = Double(fields[1]) }
      if fields.count == 2, let percent = fields.first, percent.hasSuffix("%"), let value = microseconds(fields[1]) {
        percentiles[String(percent)] = value
      }
    }
    guard let requestsPerSecond, let p50 = percentiles["50%"], let p99 = percentiles["99%"] else {
      throw BenchError("unreadable wrk output:\n\(output)")
    }
    return Result(callsPerSecond: requestsPerSecond, p50: p50, p99: p99)
  }

  /// `123.45us`, `1.23ms` or `1.02s` in microseconds.
  private static func microseconds(_ text: Substring) -> Double? {
    for (unit, scale) in [("us", 1.0), ("ms", 1e3), ("s", 1e6)] where text.hasSuffix(unit) {
      return Double(text.dropLast(unit.count)).map { $0 * scale }
    }
    return nil
  }

  private static func wrk(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard process.terminationStatus == 0 else {
      throw BenchError("wrk exited with \(process.terminationStatus):\n\(text)")
    }
    return text
  }
}
