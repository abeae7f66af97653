internal import Foundation

/// The latency of one call made back to back: what every service benchmark prints.
public struct Latency: Sendable {
  /// The sorted samples, in milliseconds.
  public let samples: [Double]

  /// The median, in milliseconds.
  public var p50: Double { samples[samples.count / 2] }
  /// The 99th percentile, in milliseconds.
  public var p99: Double { samples[min(samples.count - 1, samples.count * 99 / 100)] }

  /// Calls `call` `warmUp` times unmeasured, then measures it back to back: at least
  /// `minimumSamples` times, then until `budget` has passed or `maximumSamples` were taken.
  public static func measure(
    warmUp: Int = 3, minimumSamples: Int = 10, maximumSamples: Int = .max, budget: Duration,
    _ call: () async throws -> Void
  ) async rethrows -> Latency {
    for _ in 0..<warmUp { try await call() }
    var samples: [Double] = []
    let deadline = ContinuousClock.now + budget
    while samples.count < minimumSamples || (ContinuousClock.now < deadline && samples.count < maximumSamples) {
      let start = ContinuousClock.now
      try await call()
      samples.append((ContinuousClock.now - start).milliseconds)
    }
    return Latency(samples: samples.sorted())
  }

  /// `  NAME (padded)  p50 … ms  p99 … ms  (N calls)`, with `decimals` digits after the point.
  public func row(_ name: String, width: Int = 30, decimals: Int = 2) -> String {
    "  " + name.padding(toLength: width, withPad: " ", startingAt: 0)
      + String(format: " p50 %8.*f ms  p99 %8.*f ms  (%d calls)", decimals, p50, decimals, p99, samples.count)
  }
}

extension Duration {
  /// The duration in milliseconds, fractions included.
  public var milliseconds: Double {
    Double(components.seconds) * 1e3 + Double(components.attoseconds) / 1e15
  }
}
