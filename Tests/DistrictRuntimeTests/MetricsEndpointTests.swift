import ArgumentParser
import DistrictTestSupport
import Foundation
import Logging
import NIOCore
import NIOPosix
import Prometheus
import ServiceLifecycle
import Testing

@testable import DistrictRuntime

@Suite("Metrics settings and endpoint", .timeLimit(.minutes(1)))
struct MetricsEndpointTests {
  /// One HTTP/1.1 GET over a plain socket, as a scraper sends it: the status line and headers,
  /// and the body (the connection is closed after it). No URLSession: it would tie the test
  /// bundle to libcurl, which the integration-tests image does not carry.
  static func get(_ path: String, port: Int) async throws -> (head: String, body: String) {
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .connect(host: "127.0.0.1", port: port) { channel in
        channel.eventLoop.makeCompletedFuture {
          try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
        }
      }
    let bytes = try await channel.executeThenClose { inbound, outbound in
      try await outbound.write(
        ByteBuffer(string: "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
      var received = ByteBuffer()
      for try await var chunk in inbound { received.writeBuffer(&chunk) }
      return String(buffer: received)
    }
    guard let end = bytes.range(of: "\r\n\r\n") else { return (bytes, "") }
    return (String(bytes[..<end.lowerBound]), String(bytes[end.upperBound...]))
  }

  @Test("--metrics-listen: 100 above the listen port by default, 0 stays 0, 'off', and bad text refused")
  func settings() throws {
    if ProcessInfo.processInfo.environment["DISTRICT_METRICS_LISTEN"] == nil {
      let defaults = try ServerSettings.parse([])
      #expect(
        try defaults.metricsAddress(listen: ("127.0.0.1", 7101)).map { "\($0.host):\($0.port)" } == "127.0.0.1:7201")
      #expect(try defaults.metricsAddress(listen: ("0.0.0.0", 7100)).map { "\($0.host):\($0.port)" } == "0.0.0.0:7200")
      #expect(try defaults.metricsAddress(listen: ("127.0.0.1", 0))?.port == 0)
      let error = #expect(throws: ValidationError.self) { try defaults.metricsAddress(listen: ("127.0.0.1", 65500)) }
      #expect(error?.message.contains("--metrics-listen") == true)
    }
    let set = try ServerSettings.parse(["--metrics-listen", "0.0.0.0:9300"])
    #expect(try set.metricsAddress(listen: ("127.0.0.1", 7101)).map { "\($0.host):\($0.port)" } == "0.0.0.0:9300")
    #expect(try ServerSettings.parse(["--metrics-listen", "OFF"]).metricsAddress(listen: ("127.0.0.1", 7101)) == nil)
    let bad = #expect(throws: ValidationError.self) {
      try ServerSettings.parse(["--metrics-listen", "9300"]).metricsAddress(listen: ("127.0.0.1", 7101))
    }
    #expect(bad?.message.contains("'9300' is not HOST:PORT or 'off'") == true)
  }

  @Test("/proc/self/stat is read past a command name with spaces and parentheses")
  func processStat() throws {
    let line =
      "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 1520 0 0 0 250 75 0 0 20 0 9 0 123456 987654321 2048 18446744073709551615"
    let stat = try #require(ProcessStat(line))
    #expect(stat.userTicks == 250)
    #expect(stat.systemTicks == 75)
    #expect(stat.startTicks == 123456)
    #expect(stat.virtualBytes == 987_654_321)
    #expect(stat.residentPages == 2048)
    #expect(ProcessStat("4242 (cut short) S 1 2") == nil)
  }

  @Test("GET /metrics serves the registry with the process's figures; other paths are 404")
  func endpoint() async throws {
    let registry = PrometheusCollectorRegistry()
    let calls = registry.makeCounter(
      descriptor: MetricNameDescriptor(metricName: "test_calls", unitName: "total", helpText: "Calls in this test."))
    calls.increment(by: Int64(3))
    let process = ProcessMetrics(registry: registry)
    let endpoint = MetricsEndpoint(
      host: "127.0.0.1", port: 0, registry: registry, refreshers: [process.refresh], logger: quietTestLogger)
    let group = ServiceGroup(services: [endpoint], logger: quietTestLogger)
    let running = Task { try await group.run() }
    defer { running.cancel() }
    let port = try #require(try await endpoint.localAddress.port)

    let metrics = try await Self.get("/metrics", port: port)
    #expect(metrics.head.hasPrefix("HTTP/1.1 200"))
    #expect(metrics.head.lowercased().contains("content-type: text/plain; version=0.0.4"))
    let scrape = try PrometheusScrape(metrics.body)
    #expect(scrape.value("test_calls_total") == 3)
    #expect((scrape.value("process_resident_memory_bytes") ?? 0) > 1_000_000)
    #expect((scrape.value("process_open_fds") ?? 0) > 2)
    #expect((scrape.value("process_max_fds") ?? 0) >= (scrape.value("process_open_fds") ?? 0))
    let started = try #require(scrape.value("process_start_time_seconds"))
    #expect(abs(started - Date().timeIntervalSince1970) < 24 * 3600)

    let missing = try await Self.get("/other", port: port)
    #expect(missing.head.hasPrefix("HTTP/1.1 404"))
    await group.triggerGracefulShutdown()
    try await running.value
  }
}
