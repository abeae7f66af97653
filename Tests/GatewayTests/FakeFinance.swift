import DistrictRPC
import DistrictSchema
import Synchronization

/// A finance backend for the tests the real one cannot stage: it answers the three reads the
/// gateway makes after `delay` (cancelled with the call), and records what each call carried.
final class FakeFinance: RPCService {
  struct Seen: Sendable {
    let authorization: String?
    let traceID: String
  }

  let delay: Duration
  private let seen = Mutex<[Seen]>([])

  init(delay: Duration = .zero) {
    self.delay = delay
  }

  var calls: [Seen] { seen.withLock { $0 } }

  func register(in router: inout RPCRouter) {
    typealias S = FinanceV1.FinanceService
    router.register(S.getRevenueSummary, requiredRole: .reader) { [self] request, context in
      try await answer(context)
      return FinanceV1.RevenueSummary().with {
        $0.year = request.year
        $0.asOf = request.asOf
      }
    }
    router.register(S.listLaggingCommunes, requiredRole: .reader) { [self] _, context in
      try await answer(context)
      return FinanceV1.ListLaggingCommunesResponse()
    }
    router.register(S.getDisbursement, requiredRole: .reader) { [self] _, context in
      try await answer(context)
      return FinanceV1.GetDisbursementResponse()
    }
  }

  private func answer(_ context: ServerContext) async throws {
    seen.withLock {
      $0.append(Seen(authorization: context.metadata[MetadataKey.authorization], traceID: context.traceParent.traceID))
    }
    if delay > .zero { try await Task.sleep(for: delay) }
  }
}
