public import Foundation

/// A benchmark that could not run, and why.
public struct BenchError: Error, CustomStringConvertible {
  public let description: String
  public init(_ description: String) { self.description = description }
}

/// A child process whose standard output is read line by line.
public final class Child {
  private let process = Process()
  private let output = Pipe()
  private var buffer = Data()

  /// Starts `executable` with `arguments`, its standard output on a pipe.
  public init(_ executable: URL, _ arguments: [String]) throws {
    process.executableURL = executable
    process.arguments = arguments
    process.standardOutput = output
    try process.run()
  }

  public var pid: Int32 { process.processIdentifier }

  /// The next line of its standard output, or nil at its end.
  public func readLine() -> String? {
    while true {
      if let newline = buffer.firstIndex(of: 0x0A) {
        let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
        buffer.removeSubrange(buffer.startIndex...newline)
        return line
      }
      let chunk = output.fileHandleForReading.availableData
      if chunk.isEmpty { return nil }
      buffer.append(chunk)
    }
  }

  /// SIGTERM, then waits for it to exit.
  public func terminate() {
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
    }
  }
}
