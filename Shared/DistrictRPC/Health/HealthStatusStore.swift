internal import DistrictConcurrency
public import DistrictSchemaCore
internal import Synchronization

/// The serving status of each service of a server, and of the server as a whole ("").
///
/// The server marks every registered service SERVING once it listens and NOT_SERVING when it
/// begins to shut down; a service may change its own status (e.g. while its database is gone).
/// Each service's status is a ``Broadcast`` that `Health/Watch` follows.
public final class HealthStatusStore: Sendable {
  public typealias Status = HealthV1.HealthCheckResponse.ServingStatus

  /// Each service's status; `nil` for a service that is watched but was never set.
  private let statuses = Mutex<[String: Broadcast<Status?>]>([:])

  public init() {}

  /// Sets the status of `service` ("" for the whole server) and tells its watchers.
  public func set(_ service: String, _ status: Status) {
    broadcast(of: service).update { $0 = status }
  }

  /// The status of `service`, or `nil` when the server does not know it.
  public func status(of service: String) -> Status? {
    statuses.withLock { $0[service] }?.value ?? nil
  }

  /// Every status change of `service`, starting with the current status (SERVICE_UNKNOWN for a
  /// service the server does not know, until it is set).
  func watch(_ service: String) -> AsyncMapSequence<AsyncStream<Status?>, Status> {
    broadcast(of: service).subscribe().map { $0 ?? .serviceUnknown }
  }

  /// Sets every known service's status.
  func setAll(_ status: Status) {
    let known = statuses.withLock { Array($0.values) }.filter { $0.value != nil }
    for service in known { service.update { $0 = status } }
  }

  private func broadcast(of service: String) -> Broadcast<Status?> {
    statuses.withLock { statuses in
      if let existing = statuses[service] { return existing }
      let created = Broadcast<Status?>(nil)
      statuses[service] = created
      return created
    }
  }
}
