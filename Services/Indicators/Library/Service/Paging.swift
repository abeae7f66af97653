internal import DistrictRPC
internal import DistrictSchema

/// Offset paging for list calls: the page token is the offset of the next item, as decimal text.
enum Paging {
  static let defaultPageSize = 50
  static let maximumPageSize = 500

  /// The page of `items` that `request` asks for, and the response's paging.
  static func page<T>(_ items: [T], _ request: CommonV1.PageRequest?) throws -> ([T], CommonV1.PageResponse) {
    let size = Int(request?.pageSize ?? 0)
    guard size >= 0 else { throw RPCError.invalidArgument(field: "page.page_size", "must not be negative, got \(size)") }
    let limit = size == 0 ? defaultPageSize : min(size, maximumPageSize)
    let token = request?.pageToken ?? ""
    var offset = 0
    if !token.isEmpty {
      guard let value = Int(token), value >= 0 else {
        throw RPCError.invalidArgument(field: "page.page_token", "'\(token)' is not a token of this list")
      }
      offset = value
    }
    let slice = Array(items.dropFirst(offset).prefix(limit))
    var response = CommonV1.PageResponse()
    if offset + slice.count < items.count { response.nextPageToken = String(offset + slice.count) }
    return (slice, response)
  }
}
