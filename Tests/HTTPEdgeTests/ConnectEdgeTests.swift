import DistrictRPC
import DistrictSchema
import DistrictTestSupport
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Testing

@testable import HTTPEdge

/// The edge in front of a real DistrictRPC server, in process: HTTP requests in, answers out.
@Suite struct ConnectEdgeTests {
  /// Answers GetRevenueSummary with the year asked, and fails a year before 2000 with the code
  /// whose number is the year (a way for a test to ask for any code).
  struct SummaryService: RPCService {
    func register(in router: inout RPCRouter) {
      router.register(FinanceV1.FinanceService.getRevenueSummary, requiredRole: nil) { request, context in
        if request.year < 2000 {
          throw RPCError(StatusCode(rawValue: request.year), "asked for code \(request.year)")
        }
        context.responseMetadata.add("x-served-by", "summary")
        return FinanceV1.RevenueSummary().with { $0.year = request.year }
      }
    }
  }

  /// Collects a response body.
  struct Collector: ResponseBodyWriter {
    let sink: Sink
    final class Sink: @unchecked Sendable { var bytes: [UInt8] = [] }
    mutating func write(_ buffer: ByteBuffer) async throws { sink.bytes += buffer.readableBytesView }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
  }

  static func withEdge(_ body: (ConnectEdge) async throws -> Void) async throws {
    try await withTestServer([SummaryService()], tokens: nil) { server in
      let client = server.client()
      defer { client.close() }
      let routes = EdgeRoutes(
        backends: [.init(name: "finance", client: client)], owners: [FinanceV1.FinanceService.name: "finance"])
      try await body(ConnectEdge(routes: routes, logger: Logger(label: "test")))
    }
  }

  static func post(_ path: String, _ json: String, headers: HTTPFields = [:]) -> Request {
    var fields = headers
    fields[.contentType] = fields[.contentType] ?? "application/json"
    return Request(
      head: HTTPRequest(method: .post, scheme: "http", authority: "edge", path: path, headerFields: fields),
      body: RequestBody(buffer: ByteBuffer(string: json)))
  }

  static func text(_ response: Response) async throws -> String {
    let sink = Collector.Sink()
    try await response.body.write(Collector(sink: sink))
    return String(decoding: sink.bytes, as: UTF8.self)
  }

  @Test func aUnaryJSONCallAnswersJSONWithTheServersMetadata() async throws {
    try await Self.withEdge { edge in
      let response = await edge.respond(
        to: Self.post("/district.finance.v1.Finance/GetRevenueSummary", #"{"year": 2023}"#))
      #expect(response.status == .ok)
      #expect(response.headers[.contentType] == "application/json")
      #expect(response.headers[HTTPField.Name("x-served-by")!] == "summary")
      let text = try await Self.text(response)
      #expect(text.contains(#""year":2023"#))
    }
  }

  @Test func everyCodeFromTheBackendReachesTheCallerWithItsHTTPStatus() async throws {
    try await Self.withEdge { edge in
      for code in StatusCode.knownCases where code != .ok {
        let response = await edge.respond(
          to: Self.post("/district.finance.v1.Finance/GetRevenueSummary", #"{"year": \#(code.rawValue)}"#))
        #expect(response.status == ConnectCode.httpStatus(code), "\(code)")
        let text = try await Self.text(response)
        #expect(text.contains(#""code":"\#(ConnectCode.name(code))""#))
      }
    }
  }

  @Test func aGetOfAReadAnswersWithAnETagAndRevalidates() async throws {
    try await Self.withEdge { edge in
      let path =
        "/district.finance.v1.Finance/GetRevenueSummary?connect=v1&encoding=json&message=%7B%22year%22%3A2023%7D"
      let get = Request(
        head: HTTPRequest(method: .get, scheme: "http", authority: "edge", path: path),
        body: RequestBody(buffer: ByteBuffer()))
      let first = await edge.respond(to: get)
      #expect(first.status == .ok)
      let tag = try #require(first.headers[.eTag])
      #expect(first.headers[.cacheControl] == "private, no-cache")
      let again = Request(
        head: HTTPRequest(
          method: .get, scheme: "http", authority: "edge", path: path, headerFields: [.ifNoneMatch: tag]),
        body: RequestBody(buffer: ByteBuffer()))
      #expect(await edge.respond(to: again).status == .notModified)
    }
  }

  @Test func aGetQueryIsFormDecodedAsCurlAndBrowsersEncodeIt() async throws {
    try await Self.withEdge { edge in
      // curl --data-urlencode 'message={"year": 2023}' writes the space as '+'; others as %20.
      for message in ["%7b%22year%22%3a+2023%7d", "%7B%22year%22%3A%202023%7D", "%7B%22year%22%3A2023%7D"] {
        let path = "/district.finance.v1.Finance/GetRevenueSummary?connect=v1&encoding=json&message=\(message)"
        let response = await edge.respond(
          to: Request(
            head: HTTPRequest(method: .get, scheme: "http", authority: "edge", path: path),
            body: RequestBody(buffer: ByteBuffer())))
        #expect(response.status == .ok, "\(message)")
        let text = try await Self.text(response)
        #expect(text.contains(#""year":2023"#), "\(message)")
      }
      let broken = "/district.finance.v1.Finance/GetRevenueSummary?connect=v1&encoding=json&message=%E2%28"
      let response = await edge.respond(
        to: Request(
          head: HTTPRequest(method: .get, scheme: "http", authority: "edge", path: broken),
          body: RequestBody(buffer: ByteBuffer())))
      #expect(response.status == .badRequest)
      let text = try await Self.text(response)
      #expect(text.contains("not valid percent-encoded UTF-8"))
    }
  }

  @Test func aWriteCannotBeCalledWithGet() async throws {
    try await Self.withEdge { edge in
      let path = "/district.finance.v1.Finance/RecordCollection?encoding=json&message=%7B%7D"
      let response = await edge.respond(
        to: Request(
          head: HTTPRequest(method: .get, scheme: "http", authority: "edge", path: path),
          body: RequestBody(buffer: ByteBuffer())))
      #expect(response.status == .methodNotAllowed)
      #expect(response.headers[.allow] == "POST")
    }
  }

  @Test func badInputIsRefusedBeforeTheBackend() async throws {
    try await Self.withEdge { edge in
      let path = "/district.finance.v1.Finance/GetRevenueSummary"
      #expect(await edge.respond(to: Self.post(path, #"{"year": "x"}"#)).status == .badRequest)
      #expect(
        await edge.respond(to: Self.post(path, "{}", headers: [.contentType: "text/plain"])).status
          == .unsupportedMediaType)
      #expect(
        await edge.respond(to: Self.post(path, "{}", headers: [HTTPField.Name("Connect-Timeout-Ms")!: "soon"])).status
          == .badRequest)
      #expect(await edge.respond(to: Self.post("/district.finance.v1.Finance/Nope", "{}")).status == .notFound)
      let huge = Self.post(path, String(repeating: " ", count: (4 << 20) + 1))
      #expect(await edge.respond(to: huge).status == .tooManyRequests)
    }
  }

  @Test func theOpenAPIDocumentListsEveryMethod() async throws {
    try await Self.withEdge { edge in
      let response = await edge.respond(
        to: Request(
          head: HTTPRequest(method: .get, scheme: "http", authority: "edge", path: "/openapi.json"),
          body: RequestBody(buffer: ByteBuffer())))
      #expect(response.status == .ok)
      let text = try await Self.text(response)
      #expect(text.contains(#""openapi": "3.1.0""#))
      for method in SchemaServices.methods {
        #expect(text.contains("\"\(method.fullName)\""), "\(method.fullName)")
      }
    }
  }

  @Test func aBackendThatIsDownIsNamed() async throws {
    let client = RPCClient(host: "127.0.0.1", port: 1)
    defer { client.close() }
    let routes = EdgeRoutes(
      backends: [.init(name: "finance", client: client)], owners: [FinanceV1.FinanceService.name: "finance"])
    let edge = ConnectEdge(routes: routes, logger: Logger(label: "test"))
    let response = await edge.respond(
      to: Self.post("/district.finance.v1.Finance/GetRevenueSummary", #"{"year": 2023}"#))
    #expect(response.status == .serviceUnavailable)
    let text = try await Self.text(response)
    #expect(text.contains("finance"))
  }
}
