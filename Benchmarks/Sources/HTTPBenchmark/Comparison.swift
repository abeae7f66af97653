import BenchmarkSupport
import Foundation

/// One row of the comparison.
struct Row {
  let name: String
  let callsPerSecond: Double
  /// Microseconds.
  let p50: Double
  let p99: Double
}

extension Row {
  /// A row of what wrk measured.
  init(name: String, _ result: Wrk.Result) {
    self.init(name: name, callsPerSecond: result.callsPerSecond, p50: result.p50, p99: result.p99)
  }
}

/// Where the running stack is, from the variables `scripts/stack up` prints.
struct StackAddresses {
  let httpURL: String
  let gateway: (host: String, port: Int)
  let indicators: (host: String, port: Int)
  let token: String?

  static func fromEnvironment() throws -> StackAddresses {
    let environment = ProcessInfo.processInfo.environment
    func address(_ name: String) throws -> (host: String, port: Int) {
      guard let value = environment[name], let colon = value.lastIndex(of: ":"),
        let port = Int(value[value.index(after: colon)...])
      else { throw BenchError("\(name) is not set to HOST:PORT: start the stack with eval \"$(scripts/stack up)\"") }
      return (String(value[..<colon]), port)
    }
    guard let httpURL = environment["DISTRICT_GATEWAY_HTTP_URL"] else {
      throw BenchError("DISTRICT_GATEWAY_HTTP_URL is not set: start the stack with eval \"$(scripts/stack up)\"")
    }
    return StackAddresses(
      httpURL: httpURL, gateway: try address("DISTRICT_GATEWAY_ADDR"),
      indicators: try address("DISTRICT_INDICATORS_ADDR"),
      token: environment["DISTRICT_TOKEN"])
  }

  func direct(_ call: Call) -> (host: String, port: Int) { call.owner == "gateway" ? gateway : indicators }
}

/// Runs every call in every form at 1 and at 64 concurrent callers, and Hummingbird's echo,
/// then prints the rows and the ratios the targets are stated in.
func runComparison(seconds: Int) async throws {
  let stack = try StackAddresses.fromEnvironment()
  let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
  var rows: [String: Row] = [:]
  func record(_ row: Row) {
    rows[row.name] = row
    emit(
      "  " + row.name.padding(toLength: 34, withPad: " ", startingAt: 0)
        + String(format: " %9.0f calls/s  p50 %9.1f µs  p99 %9.1f µs", row.callsPerSecond, row.p50, row.p99))
  }
  emit(
    "http-bench: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(seconds) s per run after 1 s warm-up; wrk for HTTP, a DistrictRPC client process for direct"
  )
  var authorization: [String: String] = [:]
  if let token = stack.token { authorization["Authorization"] = "Bearer \(token)" }
  for callers in [1, 64] {
    for call in Call.allCases {
      let url = stack.httpURL + call.path
      let bodies = [
        ("JSON", "application/json", Array(call.json.utf8)), ("proto", "application/proto", try call.proto()),
      ]
      for (form, contentType, body) in bodies {
        let result = try Wrk.run(
          url: url, body: body, headers: authorization.merging(["Content-Type": contentType]) { a, _ in a },
          connections: callers, seconds: seconds)
        record(Row(name: "\(call.rawValue) edge \(form) ×\(callers)", result))
      }
      let target = stack.direct(call)
      record(
        try direct(
          executable, call, target: target, token: stack.token, inFlight: callers, seconds: seconds,
          name: "\(call.rawValue) direct ×\(callers)"))
    }
    let echoServer = try Child(executable, ["echo"])
    defer { echoServer.terminate() }
    guard let portLine = echoServer.readLine(), portLine.hasPrefix("PORT "), let port = Int(portLine.dropFirst(5))
    else {
      throw BenchError("the echo server did not report its port")
    }
    let echo = try Wrk.run(
      url: "http://127.0.0.1:\(port)/echo", body: Array(#"{"year":2023}"#.utf8),
      headers: ["Content-Type": "application/json"], connections: callers, seconds: seconds)
    record(Row(name: "Hummingbird JSON echo ×\(callers)", echo))
  }
  func row(_ name: String) throws -> Row {
    guard let row = rows[name] else { throw BenchError("no row \(name)") }
    return row
  }
  emit("")
  for call in Call.allCases {
    for body in ["JSON", "proto"] {
      let ratio = try row("\(call.rawValue) edge \(body) ×1").p50 / row("\(call.rawValue) direct ×1").p50
      let label = "p50 at 1, \(call.rawValue) edge \(body) / direct:"
      emit(label.padding(toLength: 50, withPad: " ", startingAt: 0) + String(format: "%6.2f×  (target ≤ 1.5×)", ratio))
    }
  }
  for body in ["JSON", "proto"] {
    let share =
      try 100 * row("ListResolutions edge \(body) ×64").callsPerSecond / row("Hummingbird JSON echo ×64").callsPerSecond
    let label = "calls/s at 64, ListResolutions edge \(body) / echo:"
    emit(
      label.padding(toLength: 50, withPad: " ", startingAt: 0) + String(format: "%5.0f %%   (target ≥ 60 %%)", share))
  }
}

/// Runs the direct calls in a process of their own and reads its result line.
private func direct(
  _ executable: URL, _ call: Call, target: (host: String, port: Int), token: String?, inFlight: Int, seconds: Int,
  name: String
) throws -> Row {
  var arguments = ["direct", call.rawValue, target.host, "\(target.port)", "\(inFlight)", "\(seconds)"]
  if let token { arguments.append(token) }
  let client = try Child(executable, arguments)
  defer { client.terminate() }
  while let line = client.readLine() {
    guard line.hasPrefix("RESULT ") else { continue }
    let fields = line.split(separator: " ")
    guard fields.count == 5, let calls = Double(fields[1]), let measured = Double(fields[2]),
      let p50 = Double(fields[3]),
      let p99 = Double(fields[4])
    else { throw BenchError("unreadable result: \(line)") }
    return Row(name: name, callsPerSecond: calls / measured, p50: p50, p99: p99)
  }
  throw BenchError("the direct client of \(call.rawValue) printed no result")
}
