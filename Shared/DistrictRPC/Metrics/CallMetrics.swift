public import CoreMetrics
internal import DistrictSchemaCore
internal import Synchronization

/// The calls of one side of the protocol as metrics, named as grpc-ecosystem's
/// go-grpc-prometheus names them, the family Prometheus users already graph and alert on:
///
/// - `grpc_{side}_started_total{grpc_service, grpc_method, grpc_type}`: calls started;
/// - `grpc_{side}_handled_total{…, grpc_code}`: calls ended, by status code (`OK`,
///   `InvalidArgument`, `DeadlineExceeded`, … as grpc-go spells them);
/// - `grpc_{side}_handling_seconds{…}`: a histogram of the time from start to end.
///
/// `side` is `server` or `client`; `grpc_type` is `unary` or `server_stream`. Labels take
/// their values from registered method names only (a server) or from at most
/// ``maximumMethods`` distinct names (a client, which may forward what a caller chose): a
/// caller cannot grow the series without bound.
public final class CallMetrics: Sendable {
  /// Which end of a call this process is.
  public enum Side: String, Sendable {
    case server
    case client
  }

  /// Distinct methods with series of their own; the calls of any further method are counted
  /// under `grpc_service="other"`, `grpc_method="other"`.
  public static let maximumMethods = 256

  /// A method's series, looked up once: a server does it for each method it registers, so that
  /// a call to it takes no lock and no lookup to be counted.
  struct Method: Sendable {
    fileprivate let series: MethodSeries
  }

  /// A call that started: its series and the instant it started, for its end.
  struct Call: Sendable {
    fileprivate let series: MethodSeries
    fileprivate let start: ContinuousClock.Instant
  }

  private let side: Side
  private let factory: (any MetricsFactory)?
  private let methods = Mutex<[MethodKey: MethodSeries]>([:])

  /// - Parameter factory: where the series are made; `nil`: the process's `MetricsSystem`,
  ///   looked up when a method's series are first needed (so a client made before the
  ///   executable bootstraps its metrics still reports to them).
  public init(side: Side, factory: (any MetricsFactory)? = nil) {
    self.side = side
    self.factory = factory
  }

  /// Counts a call as started.
  ///
  /// - Parameter method: `/package.Service/Method`; `nil` for a method the server does not know.
  func started(method: String?, isStream: Bool) -> Call {
    started(self.method(method, isStream: isStream))
  }

  /// Counts a call of a method looked up before as started.
  func started(_ method: Method) -> Call {
    method.series.started.increment()
    return Call(series: method.series, start: .now)
  }

  /// The series of `method` (`nil`: a method the server does not know), made if they are new.
  func method(_ method: String?, isStream: Bool) -> Method {
    Method(series: series(MethodKey(method: method, isStream: isStream)))
  }

  /// Counts a call as ended with `code` and records how long it took.
  func handled(_ call: Call, code: StatusCode) {
    call.series.handled(code).increment()
    call.series.latency.recordNanoseconds(Self.nanoseconds(ContinuousClock.now - call.start))
  }

  /// Counts a call that ended as it started (refused before any handler ran).
  func refused(method: String?, isStream: Bool, code: StatusCode) {
    handled(started(method: method, isStream: isStream), code: code)
  }

  /// The status code a failed call ends with, as its metrics count it.
  static func code(of error: any Error) -> StatusCode {
    if let error = error as? RPCError { return error.code }
    if error is CancellationError { return .cancelled }
    return .unknown
  }

  private func series(_ key: MethodKey) -> MethodSeries {
    methods.withLock { methods in
      if let series = methods[key] { return series }
      let key = methods.count < Self.maximumMethods ? key : MethodKey(method: "/other/other", isStream: key.isStream)
      if let series = methods[key] { return series }
      let series = MethodSeries(side: side, key: key, factory: factory ?? MetricsSystem.factory)
      methods[key] = series
      return series
    }
  }

  private static func nanoseconds(_ duration: Duration) -> Int64 {
    let (seconds, attoseconds) = duration.components
    return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
  }
}

/// A method's labels: its service and name, and its type.
private struct MethodKey: Hashable, Sendable {
  let method: String
  let isStream: Bool

  init(method: String?, isStream: Bool) {
    self.method = method ?? "/unknown/unknown"
    self.isStream = isStream
  }

  /// `grpc_service`, `grpc_method` and `grpc_type`, from `/package.Service/Method`.
  var dimensions: [(String, String)] {
    let parts = method.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: true)
    let service = parts.first.map(String.init) ?? "unknown"
    let name = parts.count > 1 ? String(parts[1]) : "unknown"
    return [("grpc_service", service), ("grpc_method", name), ("grpc_type", isStream ? "server_stream" : "unary")]
  }
}

/// One method's series: started, handled by code (made when a code first occurs), latency.
private final class MethodSeries: Sendable {
  let started: Counter
  let latency: Timer
  /// The code of nearly every call, made with the series so that counting it takes no lock.
  private let handledOK: Counter
  private let handledByCode = Mutex<[Int32: Counter]>([:])
  private let dimensions: [(String, String)]
  private let handledName: String
  private let factory: any MetricsFactory

  init(side: CallMetrics.Side, key: MethodKey, factory: any MetricsFactory) {
    let dimensions = key.dimensions
    self.dimensions = dimensions
    self.factory = factory
    self.handledName = "grpc_\(side.rawValue)_handled_total"
    self.started = Counter(label: "grpc_\(side.rawValue)_started_total", dimensions: dimensions, factory: factory)
    self.latency = Timer(label: "grpc_\(side.rawValue)_handling_seconds", dimensions: dimensions, factory: factory)
    self.handledOK = Counter(label: handledName, dimensions: dimensions + [("grpc_code", "OK")], factory: factory)
  }

  func handled(_ code: StatusCode) -> Counter {
    if code == .ok { return handledOK }
    return handledByCode.withLock { counters in
      if let counter = counters[code.rawValue] { return counter }
      let counter = Counter(
        label: handledName, dimensions: dimensions + [("grpc_code", StatusCodeName.grpc(code))], factory: factory)
      counters[code.rawValue] = counter
      return counter
    }
  }
}
