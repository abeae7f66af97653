import DistrictRPC
import DistrictSchema
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Testing

@testable import HTTPEdge

/// The dashboard's files as the edge serves them: every page and module is there, nothing
/// reaches beyond the gateway, the page only reads, and it stays light.
@Suite struct DashboardAssetTests {
  static func get(_ path: String, headers: HTTPFields = [:], method: HTTPRequest.Method = .get) async throws -> Response
  {
    // No call reaches a backend here: the pages are the edge's own.
    let client = RPCClient(host: "127.0.0.1", port: 1)
    defer { client.close() }
    let edge = ConnectEdge(
      routes: EdgeRoutes(backends: [.init(name: "finance", client: client)], owners: [:]), logger: Logger(label: "test")
    )
    return await edge.respond(
      to: Request(
        head: HTTPRequest(method: method, scheme: "http", authority: "edge", path: path, headerFields: headers),
        body: RequestBody(buffer: ByteBuffer())))
  }

  @Test("GET / is the dashboard, with a policy that allows nothing but the gateway")
  func theDashboardIsAtTheRoot() async throws {
    let response = try await Self.get("/")
    #expect(response.status == .ok)
    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
    let policy = try #require(response.headers[.contentSecurityPolicy])
    #expect(policy.contains("default-src 'none'") && policy.contains("connect-src 'self'"))
    #expect(response.headers[.xContentTypeOptions] == "nosniff")
    let text = try await ConnectEdgeTests.text(response)
    #expect(text.contains(#"<script type="module" src="/assets/dashboard.js">"#))
    #expect(try await ConnectEdgeTests.text(try await Self.get("/report")).contains("/assets/report.js"))
  }

  @Test("GET /api lists the methods; an unknown asset is a Connect 404")
  func theMethodListMovedToAPI() async throws {
    let api = try await Self.get("/api")
    #expect(api.status == .ok)
    #expect(try await ConnectEdgeTests.text(api).contains("district.finance.v1.Finance"))
    #expect(try await Self.get("/assets/missing.js").status == .notFound)
  }

  @Test("A browser that has a file gets 304 for its ETag; HEAD sends no body")
  func revalidationAndHead() async throws {
    let first = try await Self.get("/assets/dashboard.css")
    let tag = try #require(first.headers[.eTag])
    #expect(first.headers[.cacheControl] == "no-cache")
    let again = try await Self.get("/assets/dashboard.css", headers: [.ifNoneMatch: "\"other\", \(tag)"])
    #expect(again.status == .notModified)
    #expect(try await ConnectEdgeTests.text(again).isEmpty)
    let head = try await Self.get("/assets/dashboard.css", method: .head)
    #expect(head.status == .ok)
    #expect(head.headers[.contentLength] == String(DashboardAsset.at("/assets/dashboard.css")!.text.utf8.count))
    #expect(try await ConnectEdgeTests.text(head).isEmpty)
  }

  @Test("Every module, script and style sheet a file refers to is served")
  func everyReferenceResolves() throws {
    let reference = try Regex(#"(?:from\s+"\./([\w.-]+)"|(?:src|href)="/assets/([\w.-]+)")"#)
    var checked = 0
    for asset in DashboardAsset.all {
      for match in asset.text.matches(of: reference) {
        let name = try #require(match.output[1].substring ?? match.output[2].substring)
        #expect(DashboardAsset.at("/assets/\(name)") != nil, "\(asset.path) refers to \(name)")
        checked += 1
      }
    }
    #expect(checked >= 10)
  }

  @Test("The pages call only methods that read, and nothing outside the gateway")
  func readsOnlyAndStaysHome() throws {
    let methodPath = try Regex(#"/district\.[\w.]+/\w+"#)
    var called: [String] = []
    for asset in DashboardAsset.all {
      for match in asset.text.matches(of: methodPath) {
        let path = String(asset.text[match.range])
        let method = SchemaServices.methods.first { $0.fullName == path }
        #expect(method?.hasNoSideEffects == true, "\(asset.path) calls \(path), which is not a read")
        called.append(path)
      }
      // The SVG namespace is a name, not an address: nothing else may look like one.
      let addresses = asset.text.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
      #expect(
        !addresses.contains("http://") && !addresses.contains("https://") && !addresses.contains("//cdn"),
        "\(asset.path)")
    }
    #expect(
      Set(called).isSuperset(of: [
        "/district.gateway.v1.Gateway/WatchOverview", "/district.gateway.v1.Gateway/GetReport",
      ]))
  }

  @Test("The dashboard weighs at most 200 KB uncompressed")
  func pageWeight() {
    let bytes = DashboardAsset.all.reduce(0) { $0 + $1.text.utf8.count }
    print("dashboard: \(DashboardAsset.all.count) files, \(bytes) bytes")
    #expect(bytes <= 200 * 1024)
  }
}
