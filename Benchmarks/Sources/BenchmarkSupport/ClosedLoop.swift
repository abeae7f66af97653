internal import Foundation

/// What one client run measured.
public struct LoadResult: Sendable {
  public var calls: Int
  public var seconds: Double
  /// Latencies of every call in the measured window, in nanoseconds.
  public var latencies: [Int64]

  public init(calls: Int, seconds: Double, latencies: [Int64]) {
    self.calls = calls
    self.seconds = seconds
    self.latencies = latencies
  }

  public var callsPerSecond: Double { Double(calls) / seconds }

  /// The `p` quantile (0…1) of the latencies, in microseconds.
  public func percentile(_ p: Double) -> Double {
    guard !latencies.isEmpty else { return .nan }
    let sorted = latencies.sorted()
    let index = min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.down)))
    return Double(sorted[index]) / 1_000
  }

  /// `RESULT calls seconds p50_us p99_us`, read by the driver.
  public var line: String {
    "RESULT \(calls) \(seconds) \(percentile(0.50)) \(percentile(0.99))"
  }
}

/// Collects per-task latencies; each task appends to its own array and hands it over at the end.
public final class LatencyCollector: @unchecked Sendable {
  private let lock = NSLock()
  private var all: [Int64] = []

  public init() {}

  /// Adds one task's latencies.
  public func add(_ latencies: [Int64]) {
    lock.lock()
    all.append(contentsOf: latencies)
    lock.unlock()
  }

  /// Every latency added so far.
  public var latencies: [Int64] {
    lock.lock()
    defer { lock.unlock() }
    return all
  }
}

/// Runs `inFlight` loops of calls spread over `connections`, warms up, then measures for `seconds`.
///
/// Each loop waits for its call to return before it makes the next, so `inFlight` calls are
/// outstanding at any time. The first 20 % of the time is warm-up and is not counted.
public func closedLoop(
  connections: Int, inFlight: Int, seconds: Double,
  call: @escaping @Sendable (_ connection: Int) async throws -> Void
) async throws -> LoadResult {
  let collector = LatencyCollector()
  let clock = ContinuousClock()
  let start = clock.now
  let measureFrom = start + .milliseconds(Int(seconds * 200))
  let end = measureFrom + .milliseconds(Int(seconds * 1000))
  emit("MEASURE_START_IN \(seconds * 0.2)")
  try await withThrowingTaskGroup(of: Void.self) { group in
    for loop in 0..<inFlight {
      group.addTask {
        var latencies: [Int64] = []
        latencies.reserveCapacity(200_000)
        while true {
          let before = clock.now
          if before >= end { break }
          try await call(loop % connections)
          let after = clock.now
          if before >= measureFrom {
            let (s, atto) = (after - before).components
            latencies.append(s * 1_000_000_000 + atto / 1_000_000_000)
          }
        }
        collector.add(latencies)
      }
    }
    try await group.waitForAll()
  }
  let latencies = collector.latencies
  return LoadResult(calls: latencies.count, seconds: seconds, latencies: latencies)
}

/// Writes a line to standard output at once (a driver reads it through a pipe).
public func emit(_ line: String) {
  FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
