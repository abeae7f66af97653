internal import DistrictRPC
internal import DistrictSchema

/// The time the gateway gives its backends for one overview.
///
/// Backends get what is left of the caller's deadline less a reserve for composing and sending
/// the answer (a tenth of the budget, between 5 and 100 ms), so that a backend that is too slow
/// fails its own section with `DEADLINE_EXCEEDED` while the overview still reaches the caller in
/// time. A caller without a deadline gets the gateway's default backend timeout.
struct BackendBudget: Sendable {
  let deadline: ContinuousClock.Instant

  init(callerRemaining: Duration?, defaultTimeout: Duration, now: ContinuousClock.Instant = .now) {
    guard let remaining = callerRemaining else {
      deadline = now + defaultTimeout
      return
    }
    let reserve = min(max(remaining / 10, .milliseconds(5)), .milliseconds(100))
    deadline = now + min(remaining - reserve, defaultTimeout)
  }

  /// Options for one backend call made now: the rest of the budget, the caller's
  /// `authorization` passed through (the trace follows on its own).
  func callOptions(now: ContinuousClock.Instant = .now) throws -> CallOptions {
    let left = deadline - now
    guard left > .zero else {
      throw RPCError(.deadlineExceeded, "no time was left of the caller's deadline to ask this backend")
    }
    return CallOptions(timeout: left, forwardsAuthorization: true)
  }
}
