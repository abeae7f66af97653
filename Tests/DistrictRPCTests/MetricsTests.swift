import DistrictRPC
import DistrictSchema
import DistrictTestSupport
import Prometheus
import Testing

/// The RPC runtime's metrics as Prometheus scrapes them: a real registry behind swift-metrics,
/// read back from its text exposition after real calls.
@Suite("RPC metrics", .timeLimit(.minutes(1)))
struct MetricsTests {
  /// A registry and the factory that reports to it, as the executables set them up.
  struct Registry {
    let registry = PrometheusCollectorRegistry()
    var factory: PrometheusMetricsFactory { PrometheusMetricsFactory(registry: registry) }

    func scrape() throws -> PrometheusScrape { try PrometheusScrape(registry.emitToString()) }
  }

  static let echoLabels = ["grpc_service": "district.test.v1.Echo", "grpc_method": "Echo", "grpc_type": "unary"]

  @Test("Every call is counted started and handled, by method and code, on the server and the client")
  func callsByMethodAndCode() async throws {
    let server = Registry()
    let client = Registry()
    try await withTestServer(
      [EchoService(probe: EchoProbe())],
      configure: {
        $0.metricsFactory = server.factory
        // The server's own deadline for a call that brings none: one the server enforces.
        $0.defaultTimeout = .milliseconds(50)
      }
    ) { running in
      let caller = running.client { $0.metricsFactory = client.factory }
      defer { caller.close() }
      let reader = Token.options(Token.reader)
      for _ in 0..<2 { _ = try await caller.unary(Echo.echo, .init(), options: reader) }
      await expectRPCError(.unauthenticated) { _ = try await caller.unary(Echo.echo, .init()) }
      await expectRPCError(.failedPrecondition) {
        _ = try await caller.unary(
          Echo.write, .init().with { $0.name = "refuse" }, options: Token.options(Token.editor))
      }
      await expectRPCError(.unimplemented) {
        _ = try await caller.unary(method: "/nowhere.v1.Nowhere/Nothing", payload: [], options: reader)
      }
      var noDeadline = Metadata()
      noDeadline.add(MetadataKey.authorization, "Bearer \(Token.reader)")
      await expectRPCError(.deadlineExceeded) {
        _ = try await caller.unary(
          Echo.echo, .init().with { $0.amount = 5_000 }, options: CallOptions(metadata: noDeadline))
      }
      var streamed = 0
      for try await _ in try await caller.serverStream(Echo.count, .init().with { $0.amount = 3 }, options: reader) {
        streamed += 1
      }
      #expect(streamed == 3)

      let expected: [(labels: [String: String], code: String, count: Double)] = [
        (Self.echoLabels, "OK", 2),
        (Self.echoLabels, "Unauthenticated", 1),
        (Self.echoLabels, "DeadlineExceeded", 1),
        (["grpc_method": "Write"], "FailedPrecondition", 1),
        (["grpc_method": "Count", "grpc_type": "server_stream"], "OK", 1),
      ]
      // The server counts a call just after it answers it, on its own event loop.
      #expect(
        try await eventually {
          let scrape = try server.scrape()
          return expected.allSatisfy {
            scrape.value("grpc_server_handled_total", $0.labels.merging(["grpc_code": $0.code]) { $1 }) == $0.count
          }
        }, "\(server.registry.emitToString())")
      let scrape = try server.scrape()
      #expect(scrape.value("grpc_server_started_total", Self.echoLabels) == 4)
      #expect(scrape.value("grpc_server_handling_seconds_count", Self.echoLabels) == 4)
      #expect(scrape.value("district_rpc_server_deadlines_exceeded_total") == 1)
      // A method the server does not know is counted under "unknown", not under the caller's name.
      #expect(
        scrape.value("grpc_server_handled_total", ["grpc_service": "unknown", "grpc_code": "Unimplemented"]) == 1)
      #expect(!scrape.labelValues("grpc_server_started_total", "grpc_service").contains("nowhere.v1.Nowhere"))

      let seen = try client.scrape()
      #expect(seen.value("grpc_client_handled_total", Self.echoLabels.merging(["grpc_code": "OK"]) { $1 }) == 2)
      #expect(seen.value("grpc_client_handled_total", ["grpc_method": "Nothing", "grpc_code": "Unimplemented"]) == 1)
      #expect(seen.value("grpc_client_handled_total", ["grpc_method": "Count", "grpc_code": "OK"]) == 1)
      #expect(seen.value("grpc_client_handling_seconds_count", Self.echoLabels) == 4)
    }
  }

  @Test("A stream its consumer leaves early is counted cancelled on both sides")
  func abandonedStream() async throws {
    let server = Registry()
    let client = Registry()
    try await withTestServer(
      [EchoService(probe: EchoProbe())], tokens: nil, configure: { $0.metricsFactory = server.factory }
    ) { running in
      let caller = running.client { $0.metricsFactory = client.factory }
      defer { caller.close() }
      // The stream goes with this scope, as a consumer's does when its function returns.
      do {
        let stream = try await caller.serverStream(Echo.count, .init().with { $0.amount = 1_000_000 })
        for try await _ in stream { break }
      }
      let cancelled = ["grpc_method": "Count", "grpc_code": "Canceled"]
      #expect(try await eventually { try client.scrape().value("grpc_client_handled_total", cancelled) == 1 })
      #expect(try await eventually { try server.scrape().value("grpc_server_handled_total", cancelled) == 1 })
    }
  }

  @Test("Connections are counted open, refused by reason, and cut by the fault of their frames")
  func connections() async throws {
    let server = Registry()
    try await withTestServer(
      [EchoService(probe: EchoProbe())], tokens: nil,
      configure: {
        $0.maxConnections = 1
        $0.metricsFactory = server.factory
      }
    ) { running in
      try await withRawPeer(port: running.port) { peer in
        try await peer.hello()
        #expect(try await eventually { try server.scrape().value("district_rpc_server_connections_open") == 1 })
        _ = try await withRawPeer(port: running.port) { second in try await second.framesUntilClose() }
        try await peer.send([0x00, 0x00, 0x00, 0x00])  // a frame of length 0
        _ = try await peer.framesUntilClose()
      }
      #expect(try await eventually { try server.scrape().value("district_rpc_server_connections_open") == 0 })
      let scrape = try server.scrape()
      #expect(scrape.value("district_rpc_server_connections_refused_total", ["reason": "full"]) == 1)
      #expect(scrape.value("district_rpc_server_connections_refused_total", ["reason": "draining"]) == 0)
      #expect(scrape.value("district_rpc_server_connections_cut_total", ["reason": "frame_length"]) == 1)
      #expect(scrape.value("district_rpc_server_connections_cut_total", ["reason": "idle"]) == 0)
    }
  }

  @Test("A client gives at most maximumMethods methods series of their own, the rest one 'other'")
  func clientMethodsAreBounded() async throws {
    let client = Registry()
    try await withTestServer([], tokens: nil) { running in
      let caller = running.client { $0.metricsFactory = client.factory }
      defer { caller.close() }
      let methods = CallMetrics.maximumMethods + 10
      for index in 0..<methods {
        await expectRPCError(.unimplemented) {
          _ = try await caller.unary(method: "/made.up.v1.Service\(index)/Method", payload: [])
        }
      }
      let scrape = try client.scrape()
      let services = scrape.labelValues("grpc_client_started_total", "grpc_service")
      #expect(services.count == CallMetrics.maximumMethods + 1)
      #expect(scrape.value("grpc_client_started_total", ["grpc_service": "other"]) == 10)
      #expect(scrape.value("grpc_client_started_total") == Double(methods))
    }
  }
}
