import DistrictRPC
import DistrictSchema
import Foundation
import Testing

/// The running stack these tests talk to, known only from the environment (scripts/stack sets it
/// for local processes, docker-compose.yml's `integration-tests` service for containers):
///
/// - `DISTRICT_GATEWAY_ADDR`, `DISTRICT_INDICATORS_ADDR`, `DISTRICT_LAND_CLEARANCE_ADDR`,
///   `DISTRICT_FINANCE_ADDR`: HOST:PORT of each service;
/// - `DISTRICT_TOKEN`: a token with the admin role (empty when the services run without tokens);
/// - `DISTRICT_RESTART_COMMAND_<SERVICE>` (`INDICATORS`, `FINANCE`, …): a shell command that
///   restarts that service and returns once it is started (the restart tests need it);
///   `DISTRICT_STOP_COMMAND_<SERVICE>` and `DISTRICT_START_COMMAND_<SERVICE>` stop it and start
///   it again (a backend down); scripts/stack sets all three;
/// - `DISTRICT_INTEGRATION_PHASE=after-restart`: this run follows one against the same data, after
///   the whole stack was stopped and started again (scripts/compose-test does it, where the tests
///   cannot restart services themselves): the first run writes a marker, this one reads it back;
/// - `DISTRICT_INTEGRATION_PHASE=backend-down` with `DISTRICT_DOWN_SERVICE=<service>`: that
///   service was stopped on purpose before this run (scripts/compose-test runs only the tests whose
///   names contain `BackendDown` then): ``Backend/takeDown()`` finds it down already, and the
///   service's own suite is skipped;
/// - `DISTRICT_INTEGRATION_REQUIRED=1`: a service whose address is missing fails its tests
///   instead of skipping them (the scripts set it, so a mistake in them cannot pass unseen).
///
/// Without an address a suite is skipped, and the skip says which variable is missing. The
/// demo data is expected to be loaded (`district seed --demo`); writes use ids of their own and
/// years far from the demo's (2021–2023), so the demo's figures stay as they are.
enum Stack {
  static func variable(_ name: String) -> String? {
    guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
    return value
  }

  static var required: Bool { variable("DISTRICT_INTEGRATION_REQUIRED") == "1" }

  static var token: String? { variable("DISTRICT_TOKEN") }

  /// Whether this run checks what an earlier one wrote before the stack restarted.
  static var afterRestart: Bool { variable("DISTRICT_INTEGRATION_PHASE") == "after-restart" }

  /// The service stopped on purpose for this run (`DISTRICT_INTEGRATION_PHASE=backend-down`).
  static var downService: Backend? {
    guard variable("DISTRICT_INTEGRATION_PHASE") == "backend-down" else { return nil }
    return variable("DISTRICT_DOWN_SERVICE").flatMap(Backend.init(rawValue:))
  }

  /// Call options with the admin token, a deadline and, for writes, an idempotency key.
  static func options(idempotencyKey: String? = nil) -> CallOptions {
    var metadata = Metadata()
    if let token { metadata.add(MetadataKey.authorization, "Bearer \(token)") }
    if let idempotencyKey { metadata.add(MetadataKey.idempotencyKey, idempotencyKey) }
    return CallOptions(timeout: .seconds(15), metadata: metadata)
  }

  /// A fresh id for the data one test run writes.
  static func runID() -> String {
    String(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12))
  }
}

/// Every suite of the running stack is nested in this one (`extension RunningStack { @Suite … }`),
/// so that its tests run one at a time: a test that restarts or stops a service must not overlap
/// a test reading through it or through the gateway.
@Suite("The running stack", .serialized)
struct RunningStack {}

/// One of the stack's services.
enum Backend: String, Sendable, CustomStringConvertible {
  case gateway
  case indicators
  case landClearance = "land-clearance"
  case finance

  var description: String { rawValue }

  private var variableStem: String { rawValue.uppercased().replacingOccurrences(of: "-", with: "_") }

  /// `DISTRICT_<SERVICE>_ADDR`.
  var addressVariable: String { "DISTRICT_\(variableStem)_ADDR" }
  /// `DISTRICT_<VERB>_COMMAND_<SERVICE>`: the hook that restarts, stops or starts it.
  func hookVariable(_ hook: Hook) -> String { "DISTRICT_\(hook.rawValue)_COMMAND_\(variableStem)" }

  var address: String? { Stack.variable(addressVariable) }
  var restartCommand: String? { Stack.variable(hookVariable(.restart)) }
  func command(_ hook: Hook) -> String? { Stack.variable(hookVariable(hook)) }

  enum Hook: String, Sendable {
    case restart = "RESTART"
    case stop = "STOP"
    case start = "START"
  }

  /// Whether its tests run: it has an address (or the stack must be complete), and it is not
  /// down on purpose.
  var isConfigured: Bool { (address != nil || Stack.required) && Stack.downService != self }

  /// Whether a test can have it down: a stop hook, or it is down for this run already.
  var canBeTakenDown: Bool { command(.stop) != nil || Stack.downService == self }

  /// Takes it down for a test: runs `DISTRICT_STOP_COMMAND_<SERVICE>`, or, in the backend-down
  /// phase, finds it down already.
  func takeDown() throws {
    if Stack.downService == self { return }
    try run(.stop)
  }

  /// Brings it back after ``takeDown()`` (in the backend-down phase, scripts/compose-test does).
  func bringBack() async throws {
    if Stack.downService == self { return }
    try await start()
  }

  /// A client of the service; throws when its address is not set.
  func client() throws -> RPCClient {
    guard let address else { throw StackError.notConfigured(addressVariable) }
    return try RPCClient(address: address)
  }

  /// Runs `body` with a client of the service, closing it afterwards.
  func withClient<T: Sendable>(_ body: (RPCClient) async throws -> T) async throws -> T {
    let client = try client()
    defer { client.close() }
    return try await body(client)
  }

  /// The server's health (the whole server when `service` is empty).
  func health(service: String = "") async throws -> HealthV1.HealthCheckResponse.ServingStatus {
    try await withClient { client in
      try await client.unary(
        HealthV1.HealthService.check, HealthV1.HealthCheckRequest().with { $0.service = service },
        options: CallOptions(timeout: .seconds(2))
      ).status
    }
  }

  /// Waits until the server answers SERVING, for up to `seconds`.
  func waitUntilServing(seconds: Int = 30) async throws {
    let deadline = ContinuousClock.now + .seconds(seconds)
    var last = "no answer yet"
    while ContinuousClock.now < deadline {
      do {
        let status = try await health()
        if status == .serving { return }
        last = "\(status)"
      } catch {
        last = "\(error)"
      }
      try await Task.sleep(for: .milliseconds(250))
    }
    throw StackError.notServing(self, last)
  }

  /// Restarts the service with its `DISTRICT_RESTART_COMMAND_<SERVICE>` and waits until it serves.
  func restart() async throws {
    try run(.restart)
    try await waitUntilServing()
  }

  /// Stops the service with its `DISTRICT_STOP_COMMAND_<SERVICE>`.
  func stop() throws { try run(.stop) }

  /// Starts the service again with its `DISTRICT_START_COMMAND_<SERVICE>` and waits until it serves.
  func start() async throws {
    try run(.start)
    try await waitUntilServing()
  }

  private func run(_ hook: Hook) throws {
    guard let command = command(hook) else { throw StackError.notConfigured(hookVariable(hook)) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw StackError.hookFailed(self, command, process.terminationStatus)
    }
  }
}

enum StackError: Error, CustomStringConvertible {
  case notConfigured(String)
  case notServing(Backend, String)
  case hookFailed(Backend, String, Int32)

  var description: String {
    switch self {
    case .notConfigured(let variable):
      "\(variable) is not set (DISTRICT_INTEGRATION_REQUIRED=1 says the stack must be complete): see scripts/stack"
    case .notServing(let backend, let last):
      "\(backend) at \(backend.address ?? "?") is not SERVING (last answer: \(last))"
    case .hookFailed(let backend, let command, let status):
      "`\(command)` (for \(backend)) exited with status \(status)"
    }
  }
}
