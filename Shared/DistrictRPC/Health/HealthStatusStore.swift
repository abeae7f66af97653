public import DistrictSchema
internal import NIOConcurrencyHelpers

/// The serving status of each service of a server, and of the server as a whole ("").
///
/// The server marks every registered service SERVING once it listens and NOT_SERVING when it
/// begins to shut down; a service may change its own status (e.g. while its database is gone).
public final class HealthStatusStore: Sendable {
  public typealias Status = HealthV1.HealthCheckResponse.ServingStatus

  private struct State {
    var statuses: [String: Status] = [:]
    var watchers: [Int: (service: String, continuation: AsyncStream<Status>.Continuation)] = [:]
    var nextWatcher = 0
  }

  private let state = NIOLockedValueBox(State())

  public init() {}

  /// Sets the status of `service` ("" for the whole server) and tells its watchers.
  public func set(_ service: String, _ status: Status) {
    let watchers = state.withLockedValue { state -> [AsyncStream<Status>.Continuation] in
      guard state.statuses[service] != status else { return [] }
      state.statuses[service] = status
      return state.watchers.values.filter { $0.service == service }.map(\.continuation)
    }
    for watcher in watchers { watcher.yield(status) }
  }

  /// The status of `service`, or `nil` when the server does not know it.
  public func status(of service: String) -> Status? {
    state.withLockedValue { $0.statuses[service] }
  }

  /// Every status change of `service`, starting with the current status.
  func watch(_ service: String) -> AsyncStream<Status> {
    let (stream, continuation) = AsyncStream<Status>.makeStream(bufferingPolicy: .bufferingNewest(1))
    let id = state.withLockedValue { state -> Int in
      let id = state.nextWatcher
      state.nextWatcher += 1
      state.watchers[id] = (service, continuation)
      continuation.yield(state.statuses[service] ?? .serviceUnknown)
      return id
    }
    continuation.onTermination = { [weak self] _ in
      _ = self?.state.withLockedValue { $0.watchers.removeValue(forKey: id) }
    }
    return stream
  }

  func setAll(_ status: Status) {
    let services = state.withLockedValue { Array($0.statuses.keys) }
    for service in services { set(service, status) }
  }
}
