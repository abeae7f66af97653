import ArgumentParser
import DistrictRPC
import DistrictSchema
import Foundation

/// `district health ADDR [SERVICE]`: exits 0 only when the server (or the service) is SERVING.
/// Container health checks run it.
struct HealthCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "health",
    abstract: "Check a server's health; exit 0 only when it is SERVING.")

  @Argument(help: "HOST:PORT of the server.")
  var address: String

  @Argument(help: "A service name such as district.finance.v1.Finance; empty for the whole server.")
  var service: String = ""

  @Option(name: .long, help: "Seconds to wait for the answer.")
  var timeout: Double = 2

  func run() async throws {
    let client = try RPCClient(address: address)
    defer { client.close() }
    let answer = try await client.unary(
      HealthV1.HealthService.check, HealthV1.HealthCheckRequest().with { $0.service = service },
      options: CallOptions(timeout: .milliseconds(Int64(timeout * 1000))))
    let name = answer.status.protoName ?? "\(answer.status.rawValue)"
    guard answer.status == .serving else {
      throw CommandFailure(message: "\(address) \(service.isEmpty ? "" : service + " ")is \(name)", status: 1)
    }
    print(name)
  }
}
