public import DistrictRPC
internal import DistrictSchema

/// `district.audit.v1.Audit` at the gateway: the audit logs of the three services merged, newest
/// first, or one service's log (`service`).
///
/// The caller's `authorization` goes along, and each service decides what the caller may read
/// (an editor scoped to a commune sees that commune's entries). A service that does not answer
/// fails the whole call, naming it: a merged log that silently left out a service would tell an
/// auditor that nothing happened there.
public struct GatewayAuditService: RPCService {
  private let backends: GatewayBackends
  private let timeout: Duration

  /// - Parameter backendTimeout: the backends' budget when a caller sets no deadline (also caps
  ///   it when one does).
  public init(backends: GatewayBackends, backendTimeout: Duration = .seconds(5)) {
    self.backends = backends
    self.timeout = backendTimeout
  }

  public func register(in router: inout RPCRouter) {
    router.register(AuditV1.AuditService.listAuditEntries, requiredRole: .auditor) { request, context in
      try await list(request, callerRemaining: context.timeRemaining)
    }
  }

  private func list(
    _ request: AuditV1.ListAuditEntriesRequest, callerRemaining: Duration?
  ) async throws -> AuditV1.ListAuditEntriesResponse {
    let asked = try askedServices(request.service)
    let page = request.page ?? CommonV1.PageRequest()
    let size = page.pageSize
    guard size >= 0 else {
      throw RPCError.invalidArgument(field: "page.page_size", "must not be negative, got \(size)")
    }
    let limit = size == 0 ? 100 : min(Int(size), 1_000)
    var token = AuditPageToken.first
    if !page.pageToken.isEmpty {
      guard let given = AuditPageToken(page.pageToken) else {
        throw RPCError.invalidArgument(field: "page.page_token", "'\(page.pageToken)' is not a token of this list")
      }
      token = given
    }
    for service in AuditPageToken.services where !asked.contains(service) { token.cursors[service] = .done }
    let budget = BackendBudget(callerRemaining: callerRemaining, defaultTimeout: timeout)
    let pages = try await withThrowingTaskGroup(of: AuditMerge.ServicePage.self) { group in
      for (name, client) in backends.named where asked.contains(name) {
        let cursor = token.cursors[name] ?? .done
        if cursor == .done { continue }
        var backendRequest = request
        backendRequest.service = ""
        backendRequest.page = CommonV1.PageRequest().with {
          $0.pageSize = Int32(limit)
          if case .below(let id) = cursor { $0.pageToken = String(id) }
        }
        let options = try budget.callOptions()
        group.addTask { [backendRequest] in
          do {
            let response = try await client.unary(
              AuditV1.AuditService.listAuditEntries, backendRequest, options: options)
            return AuditMerge.ServicePage(
              service: name, entries: response.entries, hasMore: !(response.page?.nextPageToken ?? "").isEmpty)
          } catch let error as RPCError
            where ![.invalidArgument, .permissionDenied, .unauthenticated].contains(error.code)
          {
            // The caller's own mistakes come back as the service said them; the rest name it.
            throw RPCError(
              error.code,
              "the \(name) service's audit log could not be read (\(error.message)); ask again, or ask for another service alone",
              details: error.details.merging(["backend": name]) { _, new in new })
          }
        }
      }
      var pages: [AuditMerge.ServicePage] = []
      for try await page in group { pages.append(page) }
      return pages
    }
    let (entries, next) = AuditMerge.merge(pages, limit: limit, token: token)
    return AuditV1.ListAuditEntriesResponse().with {
      $0.entries = entries
      $0.page = CommonV1.PageResponse().with { $0.nextPageToken = next?.text ?? "" }
    }
  }

  private func askedServices(_ service: String) throws(RPCError) -> Set<String> {
    guard !service.isEmpty else { return Set(AuditPageToken.services) }
    guard AuditPageToken.services.contains(service) else {
      throw RPCError.invalidArgument(
        field: "service",
        "'\(service)' is not a service with an audit log: use \(AuditPageToken.services.joined(separator: ", ")) or leave it empty"
      )
    }
    return [service]
  }
}
