internal import DistrictSchemaCore
internal import Synchronization

/// A client's server stream as its metrics count it: started when it was called, ended once —
/// when its consumer reads its end or its error, or, if the consumer lets the stream and its
/// iterator go before either, as cancelled (dropping the iterator cancels the call).
final class StreamMeasurement: Sendable {
  private let metrics: CallMetrics
  private let call: CallMetrics.Call
  private let isEnded = Atomic(false)

  init(metrics: CallMetrics, call: CallMetrics.Call) {
    self.metrics = metrics
    self.call = call
  }

  /// Counts the stream's end: `nil` for its normal end, else the error it ended with.
  func ended(_ error: (any Error)?) {
    guard !isEnded.exchange(true, ordering: .relaxed) else { return }
    metrics.handled(call, code: error.map(CallMetrics.code(of:)) ?? .ok)
  }

  deinit {
    ended(CancellationError())
  }
}
