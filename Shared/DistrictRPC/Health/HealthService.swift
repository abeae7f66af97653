internal import DistrictSchemaCore

/// `district.health.v1.Health`, answered by every server without a token: grpc.health.v1
/// semantics over the statuses of a ``HealthStatusStore``.
struct HealthService: RPCService {
  let store: HealthStatusStore

  func register(in router: inout RPCRouter) {
    router.register(HealthV1.HealthService.check, requiredRole: nil) { request, _ in
      guard let status = store.status(of: request.service) else {
        throw RPCError(.notFound, "this server has no service '\(request.service)'")
      }
      return HealthV1.HealthCheckResponse().with { $0.status = status }
    }
    router.register(HealthV1.HealthService.watch, requiredRole: nil) { request, writer, _ in
      for await status in store.watch(request.service) {
        try await writer.write(HealthV1.HealthCheckResponse().with { $0.status = status })
      }
    }
  }
}
