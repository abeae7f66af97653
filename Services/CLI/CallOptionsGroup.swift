import ArgumentParser
import DistrictRPC
import Foundation

/// Options shared by the commands that make calls.
struct CallOptionsGroup: ParsableArguments {
  @Option(name: .long, help: "Bearer token (env DISTRICT_TOKEN).")
  var token: String?

  @Option(name: [.customShort("H"), .long], help: "Metadata KEY=VALUE to send (repeatable).")
  var header: [String] = []

  @Option(name: .long, help: "Seconds to wait for the answer (default 10; a stream: none).")
  var timeout: Double?

  /// The options of a call; without `--timeout` a call gets `defaultTimeout`.
  func callOptions(defaultTimeout: Duration? = .seconds(10)) throws -> CallOptions {
    var metadata = Metadata()
    if let token = token ?? ProcessInfo.processInfo.environment["DISTRICT_TOKEN"], !token.isEmpty {
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
}
