internal import DistrictSchema
internal import Foundation

/// The parameters of a Connect GET's query, decoded as HTML forms encode them: `+` is a space
/// and `%XX` a byte, which is how curl's `--data-urlencode`, browsers' forms and connect-go's
/// `url.Values` write them (Hummingbird's own query parameters leave a `+` a `+`, which turns
/// `{"year": 2023}` into invalid JSON).
struct ConnectQuery {
  private let values: [String: String]

  /// - Throws: `INVALID_ARGUMENT` for a parameter that is not valid percent-encoded UTF-8.
  init(_ query: String?) throws(EdgeFailure) {
    var values: [String: String] = [:]
    for pair in (query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let key = try Self.decode(parts[0])
      let value = parts.count == 2 ? try Self.decode(parts[1]) : ""
      // The first of a repeated parameter counts, as Hummingbird's and Go's do.
      if values[key] == nil { values[key] = value }
    }
    self.values = values
  }

  subscript(name: String) -> String? { values[name] }

  private static func decode(_ text: Substring) throws(EdgeFailure) -> String {
    guard let decoded = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
      throw EdgeFailure(.invalidArgument, "the query parameter '\(text.prefix(80))' is not valid percent-encoded UTF-8")
    }
    return decoded
  }
}
