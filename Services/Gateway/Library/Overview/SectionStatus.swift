internal import DistrictRPC
internal import DistrictSchema

/// The status a section of the overview carries: OK, or why its backend did not answer.
enum SectionStatus {
  static let ok = RPCV1.Status().with { $0.code = .ok }

  /// The status for a failed backend call, its message naming the backend and where it was asked.
  static func failure(_ error: any Error, backend: String, peer: String) -> RPCV1.Status {
    let rpcError: RPCError
    switch error {
    case let error as RPCError: rpcError = error
    case is CancellationError: rpcError = RPCError(.cancelled, "the overview was cancelled")
    default: rpcError = RPCError(.internal, "\(error)")
    }
    var status = rpcError.status
    status.message = "\(backend) (\(peer)): \(rpcError.message)"
    status.details.append(RPCV1.StatusDetail().with { $0.key = "backend"; $0.value = backend })
    return status
  }
}
