public import DistrictRPC
internal import DistrictSchema
public import Logging
public import ServiceLifecycle

/// Keeps the gateway's own health in step with its backends: SERVING while at least one of
/// them answers its health check with SERVING, NOT_SERVING while none does.
///
/// Runs beside the server (a companion in its service group) until graceful shutdown.
public struct BackendHealthMonitor: Service {
  private let backends: GatewayBackends
  private let health: HealthStatusStore
  private let interval: Duration
  private let logger: Logger

  /// - Parameter interval: how often the backends are checked (each check times out after it, at most 1 s).
  public init(backends: GatewayBackends, health: HealthStatusStore, interval: Duration = .seconds(1), logger: Logger) {
    self.backends = backends
    self.health = health
    self.interval = interval
    self.logger = logger
  }

  public func run() async throws {
    try? await cancelWhenGracefulShutdown {
      var wasReachable: Bool? = nil
      while !Task.isCancelled {
        let serving = await servingBackends()
        let reachable = !serving.isEmpty
        // Set on every round: the server marks itself SERVING when it starts listening.
        let status: HealthStatusStore.Status = reachable ? .serving : .notServing
        health.set("", status)
        health.set(GatewayV1.GatewayService.name, status)
        if reachable != wasReachable {
          logger.log(
            level: reachable ? .info : .error,
            reachable ? "backends reachable; gateway SERVING" : "no backend reachable; gateway NOT_SERVING",
            metadata: ["backends.serving": "\(serving.sorted().joined(separator: ","))"])
          wasReachable = reachable
        }
        try await Task.sleep(for: interval)
      }
    }
  }

  /// The names of the backends that answer SERVING now.
  private func servingBackends() async -> [String] {
    let timeout = min(interval, .seconds(1))
    return await withTaskGroup(of: String?.self) { group in
      for backend in backends.named {
        group.addTask {
          let answer = try? await backend.client.unary(
            HealthV1.HealthService.check, HealthV1.HealthCheckRequest(), options: CallOptions(timeout: timeout))
          return answer?.status == .serving ? backend.name : nil
        }
      }
      var serving: [String] = []
      for await name in group { if let name { serving.append(name) } }
      return serving
    }
  }
}
