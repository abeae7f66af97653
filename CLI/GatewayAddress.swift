import ArgumentParser
import Foundation

/// Where the gateway listens, for the commands that read the district views.
struct GatewayAddress: ParsableArguments {
  @Option(name: .long, help: "HOST:PORT of the gateway (env DISTRICT_GATEWAY_ADDR, default 127.0.0.1:7100).")
  var gateway: String?

  var address: String {
    if let gateway { return gateway }
    if let value = ProcessInfo.processInfo.environment["DISTRICT_GATEWAY_ADDR"], !value.isEmpty { return value }
    return "127.0.0.1:7100"
  }
}
