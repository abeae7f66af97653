internal import DistrictSchema
internal import HTTPTypes
internal import Hummingbird
internal import NIOCore

/// `GET /api`: a short page listing every service and method the edge answers, and how to call them.
struct EdgeIndexPage: Sendable {
  private let html: ByteBuffer

  init(routes: EdgeRoutes, methods: [AnyMethodDescriptor] = SchemaServices.methods) {
    var services: [(name: String, methods: [AnyMethodDescriptor])] = []
    for method in methods {
      let service = String(method.fullName.dropFirst().prefix { $0 != "/" })
      if let index = services.firstIndex(where: { $0.name == service }) {
        services[index].methods.append(method)
      } else {
        services.append((service, [method]))
      }
    }
    var page = """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><title>district: HTTP edge</title>
      <style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}
      code{background:#f2f2f2;padding:0 .2em}li{margin:.1rem 0}</style></head><body>
      <h1>district: the HTTP edge</h1>
      <p>Every method below takes a <code>POST</code> with a JSON body (<code>Content-Type: application/json</code>,
      protobuf's JSON mapping) or a binary one (<code>application/proto</code>), as the
      <a href="https://connectrpc.com/docs/protocol">Connect protocol</a> defines. Reads also answer a
      <code>GET ?encoding=json&amp;message=…</code>; streams take <code>application/connect+json</code>.
      Errors are Connect's JSON <code>{"code", "message", "details"}</code>. A routing prefix
      (<code>/finance/…</code>) sends a call to one backend. The schema is in <code>proto/</code>; docs/HTTP.md has examples.</p>
      <pre>curl -s -H 'Content-Type: application/json' -d '{"year": 2023}' \\
        http://HOST:8100/district.finance.v1.Finance/GetRevenueSummary</pre>

      """
    for service in services {
      let owner =
        routes.owner(ofService: service.name).map { "answered by <code>\(Self.escape($0))</code>" }
        ?? "name a backend: /&lt;backend&gt;/…"
      page += "<h2>\(Self.escape(service.name))</h2>\n<p>\(owner)</p>\n<ul>\n"
      for method in service.methods {
        var notes: [String] = []
        if method.kind == .serverStreaming { notes.append("server stream") }
        if method.hasNoSideEffects && method.kind == .unary { notes.append("GET") }
        let suffix = notes.isEmpty ? "" : " — " + notes.joined(separator: ", ")
        page +=
          "<li><code>POST \(Self.escape(method.fullName))</code>: \(Self.escape(method.requestType.protoName)) → \(Self.escape(method.responseType.protoName))\(suffix)</li>\n"
      }
      page += "</ul>\n"
    }
    page += "</body></html>\n"
    html = ByteBuffer(string: page)
  }

  func response() -> Response {
    var headers = HTTPFields()
    headers[.contentType] = "text/html; charset=utf-8"
    headers[.cacheControl] = "no-cache"
    return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: html))
  }

  private static func escape(_ text: String) -> String {
    var escaped = ""
    for character in text {
      switch character {
      case "&": escaped += "&amp;"
      case "<": escaped += "&lt;"
      case ">": escaped += "&gt;"
      case "\"": escaped += "&quot;"
      default: escaped.append(character)
      }
    }
    return escaped
  }
}
