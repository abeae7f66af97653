import ArgumentParser
import DistrictRPC
import Foundation

/// Options shared by the commands that make calls.
struct CallOptionsGroup: ParsableArguments {
  @Option(name: .long, help: "Bearer token; prefer --token-file or DISTRICT_TOKEN: a flag shows in the process list.")
  var token: String?

  @Option(name: .long, help: "File whose first line is the bearer token (env DISTRICT_TOKEN_FILE).")
  var tokenFile: String?

  @Option(name: [.customShort("H"), .long], help: "Metadata KEY=VALUE to send (repeatable).")
  var header: [String] = []

  @Option(name: .long, help: "Seconds to wait for the answer (default 10; a stream: none).")
  var timeout: Double?

  /// The options of a call; without `--timeout` a call gets `defaultTimeout`.
  func callOptions(defaultTimeout: Duration? = .seconds(10)) throws -> CallOptions {
    var metadata = Metadata()
    if let token = try bearerToken(), !token.isEmpty {
      metadata.add(MetadataKey.authorization, "Bearer \(token)")
    }
    for pair in header {
      guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
        throw ValidationError("--header '\(pair)' is not KEY=VALUE")
      }
      metadata.add(String(pair[..<equals]), String(pair[pair.index(after: equals)...]))
    }
    guard let timeout else { return CallOptions(timeout: defaultTimeout, metadata: metadata) }
    guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    return CallOptions(timeout: .milliseconds(Int64(timeout * 1000)), metadata: metadata)
  }

  /// The token: `--token-file`, `--token` (with a warning: any user of the machine can read a
  /// process's arguments), `DISTRICT_TOKEN_FILE`, then `DISTRICT_TOKEN`.
  private func bearerToken() throws -> String? {
    let environment = ProcessInfo.processInfo.environment
    if let path = tokenFile
      ?? (token == nil ? environment["DISTRICT_TOKEN_FILE"].flatMap { $0.isEmpty ? nil : $0 } : nil)
    {
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        throw ValidationError("--token-file / DISTRICT_TOKEN_FILE: cannot read '\(path)'")
      }
      return text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) }
    }
    if let token {
      FileHandle.standardError.write(
        Data(
          "district: warning: --token puts the token in the process list (ps, /proc); use --token-file or DISTRICT_TOKEN\n"
            .utf8))
      return token
    }
    return environment["DISTRICT_TOKEN"]
  }
}
