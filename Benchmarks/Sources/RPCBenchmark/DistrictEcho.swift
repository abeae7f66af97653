import BenchmarkSupport
import DistrictRPC
import DistrictSchema
import Foundation
import Logging
import NIOCore
import NIOPosix
import Prometheus

/// DistrictRPC: the runtime the services use, with a typed 100-byte message each way.
enum DistrictEcho {
  static let echo = MethodDescriptor<ConformanceV1.Scalars, ConformanceV1.Scalars>(
    fullName: "/district.bench.v1.Echo/Echo", kind: .unary)

  /// 98 bytes of blob: the encoded message is exactly 100 bytes.
  static let request = ConformanceV1.Scalars().with { $0.blob = Array(echoPayload.prefix(98)) }

  struct Service: RPCService {
    func register(in router: inout RPCRouter) {
      router.register(DistrictEcho.echo, requiredRole: nil) { request, _ in request }
    }
  }

  static let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })

  /// - Parameter metrics: report the calls to a Prometheus registry, as the executables do.
  static func serve(metrics: Bool) async throws {
    var configuration = ServerConfiguration.defaults(port: 0)
    if metrics { configuration.metricsFactory = PrometheusMetricsFactory(registry: PrometheusCollectorRegistry()) }
    let server = RPCServer(configuration: configuration, services: [Service()], tokens: nil, logger: logger)
    let running = Task { try await server.run() }
    emit("PORT \(try await server.localAddress.port!)")
    try await running.value
  }

  static func load(
    port: Int, connections: Int, inFlight: Int, seconds: Double, metrics: Bool
  ) async throws -> LoadResult {
    let size = try request.serializedBytes().count
    precondition(size == 100, "the request is \(size) bytes")
    var configuration = ClientConfiguration.defaults
    configuration.connectionsPerPeer = 1
    if metrics { configuration.metricsFactory = PrometheusMetricsFactory(registry: PrometheusCollectorRegistry()) }
    let clients = (0..<connections).map { _ in
      RPCClient(host: "127.0.0.1", port: port, configuration: configuration, logger: logger)
    }
    defer { for client in clients { client.close() } }
    for client in clients { _ = try await client.unary(echo, request) }
    return try await closedLoop(connections: connections, inFlight: inFlight, seconds: seconds) { connection in
      _ = try await clients[connection].unary(echo, request)
    }
  }
}
