internal import CoreMetrics

/// What a server reports besides its calls (``CallMetrics``): its connections, the frames it
/// rejected, and the deadlines it enforced.
///
/// - `district_rpc_server_connections_open`: connections open now;
/// - `district_rpc_server_connections_refused_total{reason}`: connections refused at accept,
///   `reason` `full` (``ServerConfiguration/maxConnections`` open) or `draining` (shutting down);
/// - `district_rpc_server_connections_cut_total{reason}`: connections the server ended for a
///   fault of the peer's: `frame_length`, `stalled_frame`, `undecodable_frame`,
///   `protocol_violation`, `too_much_metadata` (the frames rejected), `no_hello`, `idle`;
/// - `district_rpc_server_deadlines_exceeded_total`: calls the server ended because their
///   deadline passed (also counted in `grpc_server_handled_total{grpc_code="DeadlineExceeded"}`
///   with the handlers' own DEADLINE_EXCEEDED answers).
final class ServerMetrics: Sendable {
  let calls: CallMetrics
  let connectionsOpen: Meter
  let deadlinesExceeded: Counter
  private let refusedFull: Counter
  private let refusedDraining: Counter
  private let cut: [ConnectionError.Reason: Counter]

  /// - Parameter factory: where the series are made; `nil`: the process's `MetricsSystem`.
  init(factory: (any MetricsFactory)?) {
    let factory = factory ?? MetricsSystem.factory
    calls = CallMetrics(side: .server, factory: factory)
    connectionsOpen = Meter(label: "district_rpc_server_connections_open", dimensions: [], factory: factory)
    deadlinesExceeded = Counter(label: "district_rpc_server_deadlines_exceeded_total", dimensions: [], factory: factory)
    let refused = "district_rpc_server_connections_refused_total"
    refusedFull = Counter(label: refused, dimensions: [("reason", "full")], factory: factory)
    refusedDraining = Counter(label: refused, dimensions: [("reason", "draining")], factory: factory)
    cut = Dictionary(
      uniqueKeysWithValues: ConnectionError.Reason.allCases.map { reason in
        (
          reason,
          Counter(
            label: "district_rpc_server_connections_cut_total", dimensions: [("reason", reason.rawValue)],
            factory: factory)
        )
      })
  }

  func refused(_ refusal: ConnectionRegistry.Refusal) {
    switch refusal {
    case .full: refusedFull.increment()
    case .draining: refusedDraining.increment()
    }
  }

  func cut(_ error: ConnectionError) {
    cut[error.reason]?.increment()
  }
}
