import BenchmarkSupport
import DistrictRPC
import Foundation
import Logging

/// The direct calls: a closed loop of DistrictRPC calls on one connection, as a client of the
/// services would make them, in a process of its own.
enum DirectLoad {
  static func run(_ call: Call, host: String, port: Int, token: String?, inFlight: Int, seconds: Double) async throws {
    var configuration = ClientConfiguration.defaults
    configuration.connectionsPerPeer = 1
    let client = RPCClient(
      host: host, port: port, configuration: configuration,
      logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
    defer { client.close() }
    var metadata = Metadata()
    if let token { metadata.add(MetadataKey.authorization, "Bearer \(token)") }
    let options = CallOptions(timeout: .seconds(30), metadata: metadata)
    try await call.direct(client, options: options)
    let result = try await closedLoop(connections: 1, inFlight: inFlight, seconds: seconds) { _ in
      try await call.direct(client, options: options)
    }
    emit(result.line)
  }
}
