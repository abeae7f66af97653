internal import Foundation
public import Prometheus

#if canImport(Glibc)
  internal import Glibc
#endif

/// The process's own figures, in the names Prometheus' client libraries give them, read from
/// `/proc/self` at each scrape:
///
/// - `process_resident_memory_bytes`, `process_virtual_memory_bytes`;
/// - `process_cpu_seconds_total`: user and system CPU time (a gauge here, as the registry cannot
///   set a counter; `rate()` reads it the same);
/// - `process_open_fds`, `process_max_fds`;
/// - `process_start_time_seconds`: since the Unix epoch.
///
/// Where `/proc` is missing (not Linux) the gauges stay at 0.
public struct ProcessMetrics: Sendable {
  private let residentMemory: Gauge
  private let virtualMemory: Gauge
  private let cpuSeconds: Gauge
  private let openDescriptors: Gauge
  private let maxDescriptors: Gauge
  private let startTime: Gauge

  public init(registry: PrometheusCollectorRegistry) {
    func gauge(_ name: String, _ unit: String, _ help: String) -> Gauge {
      registry.makeGauge(
        descriptor: MetricNameDescriptor(namespace: "process", metricName: name, unitName: unit, helpText: help))
    }
    residentMemory = gauge("resident_memory", "bytes", "Resident memory size in bytes.")
    virtualMemory = gauge("virtual_memory", "bytes", "Virtual memory size in bytes.")
    cpuSeconds = gauge("cpu_seconds", "total", "Total user and system CPU time spent in seconds.")
    openDescriptors = gauge("open", "fds", "Number of open file descriptors.")
    maxDescriptors = gauge("max", "fds", "Maximum number of open file descriptors.")
    startTime = gauge("start_time", "seconds", "Start time of the process since unix epoch in seconds.")
  }

  /// Reads the figures now.
  public func refresh() {
    if let stat = Self.read("/proc/self/stat").flatMap(ProcessStat.init) {
      let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
      let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
      residentMemory.set(Double(stat.residentPages) * pageSize)
      virtualMemory.set(Double(stat.virtualBytes))
      cpuSeconds.set(Double(stat.userTicks + stat.systemTicks) / ticks)
      if let bootTime = Self.bootTime() { startTime.set(bootTime + Double(stat.startTicks) / ticks) }
    }
    if let descriptors = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
      openDescriptors.set(Double(descriptors.count))
    }
    var limit = rlimit()
    if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 { maxDescriptors.set(Double(limit.rlim_cur)) }
  }

  private static func read(_ path: String) -> String? {
    try? String(contentsOfFile: path, encoding: .utf8)
  }

  /// When the machine booted, from `/proc/stat`'s `btime`, in seconds since the epoch.
  private static func bootTime() -> Double? {
    guard let stat = read("/proc/stat") else { return nil }
    for line in stat.split(separator: "\n") where line.hasPrefix("btime ") {
      return Double(line.dropFirst("btime ".count).trimmingCharacters(in: .whitespaces))
    }
    return nil
  }
}

/// The fields of `/proc/self/stat` (proc(5)) that ``ProcessMetrics`` reports.
struct ProcessStat {
  let userTicks: Int64
  let systemTicks: Int64
  let startTicks: Int64
  let virtualBytes: Int64
  let residentPages: Int64

  /// Parses the line; the command name (field 2) is in parentheses and may hold spaces, so the
  /// fields are counted from the last `)`.
  init?(_ line: String) {
    guard let close = line.lastIndex(of: ")") else { return nil }
    // Fields from 3 (state) on; utime is field 14, stime 15, starttime 22, vsize 23, rss 24.
    let fields = line[line.index(after: close)...].split(separator: " ")
    func field(_ number: Int) -> Int64? {
      let index = number - 3
      return fields.indices.contains(index) ? Int64(fields[index]) : nil
    }
    guard let user = field(14), let system = field(15), let start = field(22), let virtualBytes = field(23),
      let resident = field(24)
    else { return nil }
    self.userTicks = user
    self.systemTicks = system
    self.startTicks = start
    self.virtualBytes = virtualBytes
    self.residentPages = resident
  }
}
