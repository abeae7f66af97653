public import DistrictRPC
public import DistrictSchema

/// Offset paging for list calls whose items are computed in full (a view as of a date): the page
/// token is the offset of the next item, as decimal text.
public enum Paging {
  /// The page size of a request that gives none (0).
  public static let defaultPageSize = 50
  /// The largest page a caller gets, whatever it asks for.
  public static let maximumPageSize = 500

  /// The page of `items` that `request` asks for, and the response's paging.
  ///
  /// - Throws: `INVALID_ARGUMENT` naming `page.page_size` (negative) or `page.page_token` (not
  ///   an offset this list gave).
  public static func page<T>(
    _ items: [T], _ request: CommonV1.PageRequest?
  ) throws(RPCError)
    -> ([T], CommonV1.PageResponse)
  {
    let size = Int(request?.pageSize ?? 0)
    guard size >= 0 else {
      throw RPCError.invalidArgument(field: "page.page_size", "must not be negative, got \(size)")
    }
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
