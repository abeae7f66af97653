import Foundation

/// CPU time and context switches of a process, from /proc (Linux).
struct ProcessStats {
  var cpuSeconds: Double
  /// Voluntary + involuntary context switches over all threads: each thread hand-off that
  /// makes a thread sleep and another wake shows here, so per call it counts the hops.
  var contextSwitches: Int

  static func read(pid: Int32) -> ProcessStats? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { return nil }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    // After the command name: state is field 3, utime 14, stime 15 (1-based in proc(5)).
    guard fields.count > 13, let utime = Double(fields[11]), let stime = Double(fields[12]) else { return nil }
    let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
    var switches = 0
    let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
    for task in tasks {
      guard let status = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/status", encoding: .utf8) else {
        continue
      }
      for line in status.split(separator: "\n") where line.contains("ctxt_switches") {
        switches += Int(line.split(separator: "\t").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "") ?? 0
      }
    }
    return ProcessStats(cpuSeconds: (utime + stime) / ticks, contextSwitches: switches)
  }

  static func - (lhs: ProcessStats, rhs: ProcessStats) -> ProcessStats {
    ProcessStats(
      cpuSeconds: lhs.cpuSeconds - rhs.cpuSeconds, contextSwitches: lhs.contextSwitches - rhs.contextSwitches)
  }
}
