public import Logging
internal import Synchronization

/// Keeps every record logged through its ``logger(level:)``, rendered as one line each (message,
/// then every metadata key and value): for tests that check what reaches a log.
public final class LogCapture: Sendable {
  private let lines = Mutex<[String]>([])

  public init() {}

  /// A logger that records into this capture everything at `level` and above.
  public func logger(label: String = "captured", level: Logger.Level = .trace) -> Logger {
    var logger = Logger(label: label) { _ in Handler(capture: self) }
    logger.logLevel = level
    return logger
  }

  /// Every line recorded so far.
  public var recorded: [String] { lines.withLock { $0 } }

  fileprivate func record(_ line: String) {
    lines.withLock { $0.append(line) }
  }

  private struct Handler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
      get { metadata[key] }
      set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
      let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
      let rendered = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
      capture.record("\(event.level) \(event.message) \(rendered)")
    }
  }
}
