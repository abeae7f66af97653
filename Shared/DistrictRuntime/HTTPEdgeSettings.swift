public import ArgumentParser
internal import DistrictRPC

/// The gateway's HTTP edge settings, from flags or from `DISTRICT_*` variables (flags win).
///
/// - Configuration keys:
///   - `--http-listen HOST:PORT` / `DISTRICT_HTTP_LISTEN` (default `127.0.0.1:8100`; `off` serves
///     no HTTP)
///   - `--http-cors-origin ORIGIN`, repeated / `DISTRICT_HTTP_CORS_ORIGINS`, comma-separated
///     (default none): the web origins whose pages may call the edge
public struct HTTPEdgeSettings: ParsableArguments, Sendable {
  /// Where the edge listens unless told otherwise (DESIGN.md's ports: the gateway's 7100 + 1000).
  public static let defaultListen = "127.0.0.1:8100"

  @Option(
    name: .long,
    help: "HTTP address of the Connect edge, HOST:PORT or 'off' (env DISTRICT_HTTP_LISTEN, default 127.0.0.1:8100).")
  public var httpListen: String?

  @Option(
    name: .long,
    help:
      "A web origin whose pages may call the edge, as https://host[:port]; repeat for more (env DISTRICT_HTTP_CORS_ORIGINS, comma-separated)."
  )
  public var httpCorsOrigin: [String] = []

  public init() {}

  /// The listen setting as given, flag over variable over default: `HOST:PORT` or `off`.
  public var listenSetting: String {
    httpListen ?? SettingsEnvironment.value("DISTRICT_HTTP_LISTEN") ?? Self.defaultListen
  }

  /// Host and port to listen on; `nil` when HTTP is `off`.
  public func listenAddress() throws -> (host: String, port: Int)? {
    let text = listenSetting
    if text == "off" { return nil }
    do {
      return try PeerAddress.parse(text)
    } catch {
      throw ValidationError("--http-listen / DISTRICT_HTTP_LISTEN: '\(text)' is not HOST:PORT or 'off'")
    }
  }

  /// The CORS origins, each checked to be an origin (`scheme://host[:port]`, nothing after).
  public func corsOrigins() throws -> Set<String> {
    var texts = httpCorsOrigin
    if texts.isEmpty, let variable = SettingsEnvironment.value("DISTRICT_HTTP_CORS_ORIGINS") {
      texts = variable.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
    }
    for text in texts where !Self.isOrigin(text) {
      throw ValidationError(
        "--http-cors-origin / DISTRICT_HTTP_CORS_ORIGINS: '\(text)' is not an origin such as https://dashboard.example.vn or http://127.0.0.1:3000 (scheme, host and port only, no path, no '*')"
      )
    }
    return Set(texts)
  }

  /// Whether `text` is an origin as browsers send it: `http` or `https`, `://`, a host, an optional port.
  static func isOrigin(_ text: String) -> Bool {
    let parts = text.split(separator: "://", maxSplits: 1, omittingEmptySubsequences: false)
    guard parts.count == 2, parts[0] == "http" || parts[0] == "https" else { return false }
    let authority = parts[1]
    guard !authority.isEmpty, !authority.contains(where: { "/?#@* ".contains($0) }) else { return false }
    if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
      guard let port = Int(authority[authority.index(after: colon)...]), (1...65535).contains(port) else {
        return false
      }
    }
    return true
  }
}

extension String {
  fileprivate var trimmingSpaces: String {
    String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
  }
}
