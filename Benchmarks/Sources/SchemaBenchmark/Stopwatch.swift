/// Times loops with `ContinuousClock`: calibrates an iteration count per loop, then takes
/// repetitions round-robin over all loops so that background load hits them alike.
struct Stopwatch {
  /// The shortest wall time one repetition of one loop may take.
  let minimumRepetitionTime: Duration
  /// Repetitions per loop; the median of them is reported.
  let repetitions: Int

  /// The result for one loop.
  struct Sample {
    /// Nanoseconds per operation, one entry per repetition, sorted.
    var nanosecondsPerOp: [Double] = []
    var median: Double { nanosecondsPerOp.isEmpty ? .nan : nanosecondsPerOp[nanosecondsPerOp.count / 2] }
    var minimum: Double { nanosecondsPerOp.first ?? .nan }
    var maximum: Double { nanosecondsPerOp.last ?? .nan }
  }

  /// Measures every loop; `checksum` receives the value of every run.
  func measure(_ loops: [Loop], checksum: inout Checksum, progress: (Int) -> Void) throws -> [Sample] {
    var iterations: [Int] = []
    for loop in loops {
      iterations.append(try calibrate(loop, checksum: &checksum))
    }
    var samples = Array(repeating: Sample(), count: loops.count)
    for repetition in 0..<repetitions {
      for (index, loop) in loops.enumerated() {
        let elapsed = try time(loop, iterations: iterations[index], checksum: &checksum)
        samples[index].nanosecondsPerOp.append(nanoseconds(elapsed) / Double(iterations[index]))
      }
      progress(repetition + 1)
    }
    for index in samples.indices { samples[index].nanosecondsPerOp.sort() }
    return samples
  }

  /// An iteration count that makes one repetition last at least ``minimumRepetitionTime``;
  /// the runs it takes also warm caches and the allocator.
  private func calibrate(_ loop: Loop, checksum: inout Checksum) throws -> Int {
    var count = 16
    while true {
      let elapsed = try time(loop, iterations: count, checksum: &checksum)
      if elapsed >= minimumRepetitionTime / 8 || count >= 1 << 40 {
        let perOp = max(nanoseconds(elapsed) / Double(count), 0.001)
        return max(Int((nanoseconds(minimumRepetitionTime) / perOp).rounded(.up)), 1)
      }
      count *= 2
    }
  }

  private func time(_ loop: Loop, iterations: Int, checksum: inout Checksum) throws -> Duration {
    let clock = ContinuousClock()
    let start = clock.now
    let value = try loop(iterations)
    let elapsed = clock.now - start
    checksum.add(value)
    return elapsed
  }
}

/// A duration in nanoseconds.
func nanoseconds(_ duration: Duration) -> Double {
  let (seconds, attoseconds) = duration.components
  return Double(seconds) * 1e9 + Double(attoseconds) / 1e9
}
