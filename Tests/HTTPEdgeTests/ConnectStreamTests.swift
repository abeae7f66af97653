import DistrictRPC
import DistrictSchema
import DistrictTestSupport
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycleTestKit
import Synchronization
import Testing

@testable import HTTPEdge

/// Streams through the edge when the gateway shuts down, and deadlines that a slow body eats into.
@Suite struct ConnectStreamTests {
  /// WatchOverview sends one overview and then nothing until its caller goes (a quiet district);
  /// GetRevenueSummary answers with the time its deadline left it, in milliseconds, as the year.
  struct QuietService: RPCService {
    func register(in router: inout RPCRouter) {
      router.register(GatewayV1.GatewayService.watchOverview, requiredRole: nil) { request, writer, _ in
        try await writer.write(GatewayV1.Overview().with { $0.year = request.year })
        try await Task.sleep(for: .seconds(3600))
      }
      router.register(FinanceV1.FinanceService.getRevenueSummary, requiredRole: nil) { _, context in
        let left = context.timeRemaining ?? .seconds(1_000_000)
        let milliseconds = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
        return FinanceV1.RevenueSummary().with { $0.year = Int32(clamping: milliseconds) }
      }
    }
  }

  /// A response body's bytes as they are written, readable from another task.
  struct Collector: ResponseBodyWriter {
    final class Box: Sendable { let bytes = Mutex<[UInt8]>([]) }
    let box: Box
    init(_ box: Box) { self.box = box }
    mutating func write(_ buffer: ByteBuffer) async throws { box.bytes.withLock { $0 += buffer.readableBytesView } }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
  }

  static func withEdge(_ body: (ConnectEdge) async throws -> Void) async throws {
    try await withTestServer([QuietService()], tokens: nil) { server in
      let client = server.client()
      defer { client.close() }
      let routes = EdgeRoutes(
        backends: [.init(name: "gateway", client: client), .init(name: "finance", client: client)],
        owners: [GatewayV1.GatewayService.name: "gateway", FinanceV1.FinanceService.name: "finance"])
      try await body(ConnectEdge(routes: routes, logger: Logger(label: "test")))
    }
  }

  /// A Connect streaming request of `json`, one envelope.
  static func streamRequest(_ path: String, _ json: String) -> Request {
    var fields = HTTPFields()
    fields[.contentType] = "application/connect+json"
    return Request(
      head: HTTPRequest(method: .post, scheme: "http", authority: "edge", path: path, headerFields: fields),
      body: RequestBody(buffer: ConnectEnvelope.frame(Array(json.utf8), flags: 0)))
  }

  /// The envelopes of a streaming answer: flags and message text.
  static func envelopes(_ bytes: [UInt8]) -> [(flags: UInt8, text: String)] {
    var rest = bytes[...]
    var found: [(UInt8, String)] = []
    while rest.count >= 5 {
      let length = rest.dropFirst().prefix(4).reduce(0) { $0 << 8 | Int($1) }
      guard rest.count >= 5 + length else { break }
      found.append((rest.first!, String(decoding: rest.dropFirst(5).prefix(length), as: UTF8.self)))
      rest = rest.dropFirst(5 + length)
    }
    return found
  }

  @Test func aStreamEndsWithUnavailableWhenTheGatewayShutsDown() async throws {
    try await Self.withEdge { edge in
      await testGracefulShutdown { trigger in
        let response = await edge.respond(
          to: Self.streamRequest("/district.gateway.v1.Gateway/WatchOverview", #"{"year": 2023}"#))
        #expect(response.status == .ok)
        let box = Collector.Box()
        let writing = Task { try await response.body.write(Collector(box)) }
        // The first overview has arrived: the stream is open and quiet.
        #expect(await eventually(within: .seconds(30)) { !Self.envelopes(box.bytes.withLock { $0 }).isEmpty })
        trigger.triggerGracefulShutdown()
        // Bounded, so that a stream that holds the shutdown up fails the test instead of hanging it.
        let ended = await withTaskGroup(of: Bool.self) { group in
          group.addTask { (try? await writing.value) != nil }
          group.addTask {
            guard (try? await Task.sleep(for: .seconds(30))) != nil else { return true }
            writing.cancel()
            return false
          }
          let first = await group.next()!
          group.cancelAll()
          return first
        }
        #expect(ended, "the stream was still open 30 s after the gateway began to shut down")
        let envelopes = Self.envelopes(box.bytes.withLock { $0 })
        #expect(envelopes.count == 2)
        #expect(envelopes.first?.text.contains(#""year":2023"#) == true)
        #expect(envelopes.last?.flags == ConnectEnvelope.endStreamFlag)
        #expect(envelopes.last?.text.contains(#""code":"unavailable""#) == true)
        #expect(envelopes.last?.text.contains("the gateway is shutting down: call again to reconnect") == true)
      }
    }
  }

  @Test func theBackendGetsOnlyTheTimeLeftAfterASlowBody() async throws {
    try await Self.withEdge { edge in
      let (body, source) = RequestBody.makeStream()
      var fields = HTTPFields()
      fields[.contentType] = "application/json"
      fields[ConnectRequestHead.connectTimeout] = "60000"
      let request = Request(
        head: HTTPRequest(
          method: .post, scheme: "http", authority: "edge", path: "/district.finance.v1.Finance/GetRevenueSummary",
          headerFields: fields),
        body: body)
      let answering = Task { await edge.respond(to: request) }
      await source.yield(ByteBuffer(string: "{"))
      try await Task.sleep(for: .milliseconds(800))
      await source.yield(ByteBuffer(string: "}"))
      source.finish()
      let response = await answering.value
      #expect(response.status == .ok)
      let sink = Collector.Box()
      try await response.body.write(Collector(sink))
      let text = String(decoding: sink.bytes.withLock { $0 }, as: UTF8.self)
      let match = try #require(text.firstMatch(of: /"year":(\d+)/), "no year in \(text)")
      let left = try #require(Int(match.1))
      // The body took 800 ms of the 60 s (a little less by the edge's clock, which starts when
      // its task does; the timeout is long so that a loaded machine cannot run it out).
      #expect(left <= 59_500, "the backend was given \(left) ms")
      #expect(left > 0)
    }
  }

  @Test func aBodyThatTakesTheWholeTimeoutIsDeadlineExceeded() throws {
    let arrival = ContinuousClock.now - .milliseconds(50)
    #expect(throws: EdgeFailure.self) { try ConnectEdge.remaining(of: .milliseconds(40), since: arrival) }
    #expect(try ConnectEdge.remaining(of: .seconds(10), since: arrival) <= .milliseconds(9950))
  }
}
