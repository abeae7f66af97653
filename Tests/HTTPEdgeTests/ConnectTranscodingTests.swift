import DistrictRPC
import DistrictSchema
import HTTPTypes
import NIOCore
import Testing

@testable import HTTPEdge

/// The pure rules of the Connect edge: codes, envelopes, codings and routes.
@Suite struct ConnectTranscodingTests {
  @Test func everyCodeHasConnectsNameAndHTTPStatus() {
    let expected: [(StatusCode, String, Int)] = [
      (.cancelled, "canceled", 499), (.unknown, "unknown", 500), (.invalidArgument, "invalid_argument", 400),
      (.deadlineExceeded, "deadline_exceeded", 504), (.notFound, "not_found", 404),
      (.alreadyExists, "already_exists", 409),
      (.permissionDenied, "permission_denied", 403), (.resourceExhausted, "resource_exhausted", 429),
      (.failedPrecondition, "failed_precondition", 400), (.aborted, "aborted", 409), (.outOfRange, "out_of_range", 400),
      (.unimplemented, "unimplemented", 501), (.internal, "internal", 500), (.unavailable, "unavailable", 503),
      (.dataLoss, "data_loss", 500), (.unauthenticated, "unauthenticated", 401),
    ]
    for (code, name, status) in expected {
      #expect(ConnectCode.name(code) == name)
      #expect(ConnectCode.httpStatus(code).code == status, "\(name)")
    }
  }

  @Test func anEnvelopeRoundTrips() throws {
    var buffer = ConnectEnvelope.frame(Array("{}".utf8), flags: 0)
    let bytes = buffer.readBytes(length: buffer.readableBytes)!
    #expect(bytes == [0, 0, 0, 0, 2, 0x7B, 0x7D])
    let single = try ConnectEnvelope.single(bytes)
    #expect(single.flags == 0 && single.message == Array("{}".utf8))
  }

  @Test func aRequestMustBeExactlyOneEnvelope() {
    #expect(throws: EdgeFailure.self) { try ConnectEnvelope.single([0, 0, 0]) }
    #expect(throws: EdgeFailure.self) { try ConnectEnvelope.single([0, 0, 0, 0, 2, 0x7B]) }
    #expect(throws: EdgeFailure.self) { try ConnectEnvelope.single([2, 0, 0, 0, 0]) }
  }

  @Test func gzipRoundTripsAndIsBounded() throws {
    let text = Array(String(repeating: "Cần Giuộc ", count: 500).utf8)
    let compressed = Deflate.compress(text, format: .gzip)
    #expect(compressed.prefix(2) == [0x1F, 0x8B])
    #expect(try ContentCoding.gzip.decode(compressed, limit: 1 << 20) == text)
    #expect(throws: EdgeFailure.self) { try ContentCoding.gzip.decode(compressed, limit: 100) }
    #expect(throws: EdgeFailure.self) { try ContentCoding(requestHeader: "br") }
    #expect(ContentCoding.acceptsGzip("br, gzip", requestCoding: .identity))
    #expect(!ContentCoding.acceptsGzip("gzip;q=0", requestCoding: .identity))
    #expect(ContentCoding.acceptsGzip(nil, requestCoding: .gzip))
  }

  @Test func timeoutsAreBoundedToTenDigits() throws {
    #expect(try ConnectRequestHead.timeout("2500") == .milliseconds(2500))
    #expect(try ConnectRequestHead.timeout("9999999999") == .milliseconds(9_999_999_999))
    #expect(throws: EdgeFailure.self) { try ConnectRequestHead.timeout("99999999999") }
    #expect(throws: EdgeFailure.self) { try ConnectRequestHead.timeout("-1") }
    #expect(throws: EdgeFailure.self) { try ConnectRequestHead.timeout("") }
  }

  @Test func routesFollowTheOwnerOrThePrefix() throws {
    let finance = EdgeRoutes.Backend(name: "finance", client: try RPCClient(address: "127.0.0.1:1"))
    let routes = EdgeRoutes(backends: [finance], owners: [FinanceV1.FinanceService.name: "finance"])
    let route = try routes.route(path: "/district.finance.v1.Finance/GetRevenueSummary")
    #expect(route.backend.name == "finance" && route.method.hasNoSideEffects)
    #expect(try routes.route(path: "/finance/district.changes.v1.Changes/Watch").method.kind == .serverStreaming)
    #expect(throws: EdgeFailure.self) { try routes.route(path: "/district.changes.v1.Changes/Watch") }
    #expect(throws: EdgeFailure.self) { try routes.route(path: "/district.finance.v1.Finance/Nope") }
    #expect(throws: EdgeFailure.self) { try routes.route(path: "/nowhere") }
    #expect(throws: EdgeFailure.self) { try routes.route(path: "/indicators/district.changes.v1.Changes/Watch") }
    finance.client.close()
  }

  @Test func anErrorBodyCarriesItsDetailsTyped() throws {
    let body = String(
      decoding: ConnectErrorBody.json(RPCError.invalidArgument(field: "year", "must be 2000 or later")), as: UTF8.self)
    #expect(body.contains(#""code":"invalid_argument""#))
    #expect(body.contains(#""type":"district.rpc.v1.StatusDetail""#))
    #expect(body.contains(#""debug":{"key":"field","value":"year"}"#))
  }

  @Test func aBadJSONRequestNamesTheField() {
    do {
      _ = try MessageTranscoder.request(
        FinanceV1.GetRevenueSummaryRequest.self, body: Array(#"{"year": "twenty"}"#.utf8), codec: .json)
      Issue.record("a string year was accepted")
    } catch {
      #expect(error.error.code == .invalidArgument)
      #expect(error.error.details["field"] == "year")
    }
  }
}
