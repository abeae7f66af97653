internal import DistrictRPC
internal import DistrictSchema

/// The body compressions the edge speaks, as Connect negotiates them: `identity` and `gzip`.
enum ContentCoding: Sendable, Equatable {
  case identity
  case gzip

  /// What the edge lists when a caller names another coding.
  static let supported = "gzip, identity"

  /// The coding a request names in `Content-Encoding`, `Connect-Content-Encoding` or a GET's
  /// `compression`; absent means identity.
  ///
  /// - Throws: `UNIMPLEMENTED` listing the supported codings, as Connect asks.
  init(requestHeader value: String?) throws(EdgeFailure) {
    switch value.map({ HeaderText.trimmed($0).lowercased() }) {
    case nil, "", "identity": self = .identity
    case "gzip": self = .gzip
    case let other?:
      throw EdgeFailure(
        .unimplemented, "the body's encoding '\(other)' is not supported; use one of: \(Self.supported)")
    }
  }

  /// Whether an `Accept-Encoding` list (Connect's subset: names in order of preference, quality
  /// values ignored) admits gzip; without one, the request's own coding is assumed accepted.
  static func acceptsGzip(_ accept: String?, requestCoding: ContentCoding) -> Bool {
    guard let accept else { return requestCoding == .gzip }
    return accept.split(separator: ",").contains { item in
      let parts = item.split(separator: ";").map { HeaderText.trimmed(String($0)).lowercased() }
      let refused = parts.dropFirst().contains { $0 == "q=0" || $0 == "q=0.0" || $0 == "q=0.00" || $0 == "q=0.000" }
      let name = parts.first
      return name == "gzip" && !refused
    }
  }

  /// `bytes` decompressed, at most `limit` bytes of them.
  ///
  /// - Throws: `RESOURCE_EXHAUSTED` past the limit, `INVALID_ARGUMENT` for a corrupt stream.
  func decode(_ bytes: [UInt8], limit: Int) throws(EdgeFailure) -> [UInt8] {
    // Connect: a zero-length body is never decompressed.
    guard self == .gzip, !bytes.isEmpty else { return bytes }
    do throws(Deflate.Failure) {
      return try Deflate.decompress(bytes, limit: limit, format: .gzip)
    } catch {
      switch error {
      case .tooLarge(let limit):
        throw EdgeFailure(.resourceExhausted, "the request body is over \(limit) bytes once decompressed")
      case .corrupt(let reason):
        throw EdgeFailure(.invalidArgument, "the request body is not valid gzip: \(reason)")
      }
    }
  }
}

/// Header values as text.
enum HeaderText {
  /// `text` without leading and trailing spaces and tabs.
  static func trimmed(_ text: String) -> String {
    let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    return String(text.drop(while: isBlank).reversed().drop(while: isBlank).reversed())
  }
}
