import BenchmarkSupport
import Foundation

/// The RPC stacks compared.
enum Stack: String, CaseIterable, Sendable {
  case raw
  case district
  /// DistrictRPC with its metrics reported to a Prometheus registry, on both sides.
  case districtMetrics = "district+metrics"
  case grpc
}

/// The echo payload: 100 bytes.
let echoPayload = [UInt8]((0..<100).map { UInt8(truncatingIfNeeded: $0 &* 7) })

/// Serves the echo of `stack` on a free loopback port and prints `PORT n`, then runs until killed.
func serve(_ stack: Stack) async throws {
  switch stack {
  case .raw: try await RawEcho.serve()
  case .district: try await DistrictEcho.serve(metrics: false)
  case .districtMetrics: try await DistrictEcho.serve(metrics: true)
  case .grpc: try await GRPCEcho.serve()
  }
}

/// Runs the load against `port` and prints one result line.
func runClient(_ stack: Stack, port: Int, connections: Int, inFlight: Int, seconds: Double) async throws {
  let result: LoadResult
  switch stack {
  case .raw: result = try await RawEcho.load(port: port, connections: connections, inFlight: inFlight, seconds: seconds)
  case .district, .districtMetrics:
    result = try await DistrictEcho.load(
      port: port, connections: connections, inFlight: inFlight, seconds: seconds, metrics: stack == .districtMetrics)
  case .grpc:
    result = try await GRPCEcho.load(port: port, connections: connections, inFlight: inFlight, seconds: seconds)
  }
  emit(result.line)
}
