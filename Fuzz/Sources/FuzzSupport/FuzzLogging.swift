import Logging

/// A log handler that renders every message and its metadata, then drops them: the string
/// interpolations of the runtime's log lines (errors, frame kinds, peers) run under the fuzzer
/// like everything else, without the cost of writing them anywhere.
struct RenderingDiscardLogHandler: LogHandler {
  var metadata: Logger.Metadata = [:]
  var logLevel: Logger.Level = .trace
  var metadataProvider: Logger.MetadataProvider? = nil

  subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  func log(event: LogEvent) {
    var rendered = event.message.description
    for (key, value) in metadata { rendered += key + value.description }
    if let extra = event.metadata {
      for (key, value) in extra { rendered += key + value.description }
    }
    blackHole(rendered)
  }
}

/// The logger every harness uses.
let fuzzLogger = Logger(label: "fuzz", factory: { _ in RenderingDiscardLogHandler() })

@inline(never)
func blackHole<T>(_ value: T) {
  withExtendedLifetime(value) {}
}

/// Ends the process with a message that libFuzzer reports as a crash (and saves the input).
func fuzzFailure(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
  fatalError("FUZZ INVARIANT: \(message)", file: file, line: line)
}
