public import DistrictRPC
internal import DistrictSchema
internal import DistrictServiceSupport
public import DistrictStore

/// `district.audit.v1.Audit` over a store's ``AuditLog``: its entries, newest first, a page at a
/// time. Served next to every service with a database (``ServiceRunner`` adds it); it only reads.
///
/// Who reads what: an `auditor` or an `admin` every entry; an `editor` the entries of the data it
/// may edit; a caller scoped to a commune only the entries of that commune's data (the before and
/// after of a payment name the household paid, personal data its commune's officers handle and
/// nobody else's). A `reader` none: the views are its business, not who typed them.
public struct AuditService: RPCService {
  /// The page size of a request that gives none.
  public static let defaultPageSize = 100
  /// The largest page a caller gets.
  public static let maximumPageSize = 1_000

  let store: Store

  /// The audit log of `store`.
  public init(store: Store) {
    self.store = store
  }

  public func register(in router: inout RPCRouter) {
    router.register(AuditV1.AuditService.listAuditEntries, requiredRole: .auditor) { request, context in
      try await list(request, context)
    }
  }

  private func list(
    _ request: AuditV1.ListAuditEntriesRequest, _ context: ServerContext
  ) async throws -> AuditV1.ListAuditEntriesResponse {
    guard request.service.isEmpty || request.service == store.service else {
      throw RPCError.invalidArgument(
        field: "service",
        "this is the \(store.service) service's log; ask the gateway for '\(request.service)', or leave service empty")
    }
    let filter = try Self.filter(request, for: context.principal)
    let (limit, cursor) = try Self.page(request.page)
    let entries = try await store.audit.newestFirst(filter, beforeID: cursor, limit: limit + 1)
    var response = AuditV1.ListAuditEntriesResponse()
    response.entries = entries.prefix(limit).map(Self.message)
    if entries.count > limit, let last = entries.prefix(limit).last {
      response.page = CommonV1.PageResponse().with { $0.nextPageToken = String(last.id) }
    }
    return response
  }

  /// The store's filter for `request` as `principal` may read it.
  static func filter(
    _ request: AuditV1.ListAuditEntriesRequest, for principal: Principal
  ) throws(RPCError) -> AuditFilter {
    if !request.entityID.isEmpty, request.entity.isEmpty {
      throw RPCError.invalidArgument(field: "entity_id", "names an entity of a kind: give entity too")
    }
    let since = try instant(request.since, field: "since")
    let until = try instant(request.until, field: "until")
    if let since, let until, until <= since {
      throw RPCError.invalidArgument(field: "until", "'\(request.until)' is not after since '\(request.since)'")
    }
    return AuditFilter(
      entity: request.entity.nonEmpty, entityID: request.entityID.nonEmpty, subject: request.subject.nonEmpty,
      rpc: request.method.nonEmpty, since: since.map { Timestamp.date(milliseconds: $0) },
      until: until.map { Timestamp.date(milliseconds: $0) }, commune: principal.communeScope)
  }

  private static func instant(_ text: String, field: String) throws(RPCError) -> Int64? {
    guard !text.isEmpty else { return nil }
    guard let milliseconds = RFC3339Instant.milliseconds(text) else {
      throw RPCError.invalidArgument(field: field, RFC3339Instant.notAnInstant(text))
    }
    return milliseconds
  }

  /// The page size and the id the page starts below.
  static func page(_ page: CommonV1.PageRequest?) throws(RPCError) -> (limit: Int, beforeID: Int64?) {
    let size = Int(page?.pageSize ?? 0)
    guard size >= 0 else {
      throw RPCError.invalidArgument(field: "page.page_size", "must not be negative, got \(size)")
    }
    let token = page?.pageToken ?? ""
    var cursor: Int64?
    if !token.isEmpty {
      guard let id = Int64(token), id > 0 else {
        throw RPCError.invalidArgument(field: "page.page_token", "'\(token)' is not a token of this list")
      }
      cursor = id
    }
    return (size == 0 ? defaultPageSize : min(size, maximumPageSize), cursor)
  }

  /// `entry` on the wire.
  static func message(_ entry: AuditEntry) -> AuditV1.AuditEntry {
    AuditV1.AuditEntry().with {
      $0.id = entry.id
      $0.service = entry.service
      $0.at = Timestamp.iso8601(milliseconds: Timestamp.milliseconds(entry.at))
      $0.subject = entry.subject
      $0.method = entry.rpc
      $0.entity = entry.entity
      $0.entityID = entry.entityID
      $0.action = entry.action.rawValue
      $0.traceID = entry.traceID ?? ""
      $0.idempotencyKey = entry.idempotencyKey ?? ""
      $0.communeID = entry.commune ?? ""
      $0.beforeJson = entry.before ?? ""
      $0.afterJson = entry.after ?? ""
    }
  }
}

extension String {
  fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
