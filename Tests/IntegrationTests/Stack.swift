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
  /// `DISTRICT_RESTART_COMMAND_<SERVICE>`.
  var restartVariable: String { "DISTRICT_RESTART_COMMAND_\(variableStem)" }

  var address: String? { Stack.variable(addressVariable) }
  var restartCommand: String? { Stack.variable(restartVariable) }

  /// Whether its tests run: it has an address, or the stack must be complete.
  var isConfigured: Bool { address != nil || Stack.required }

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
    guard let command = restartCommand else { throw StackError.notConfigured(restartVariable) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw StackError.restartFailed(self, command, process.terminationStatus)
    }
    try await waitUntilServing()
  }
}

enum StackError: Error, CustomStringConvertible {
  case notConfigured(String)
  case notServing(Backend, String)
  case restartFailed(Backend, String, Int32)

  var description: String {
    switch self {
    case .notConfigured(let variable):
      "\(variable) is not set, and DISTRICT_INTEGRATION_REQUIRED=1 says the stack must be complete: see scripts/stack"
    case .notServing(let backend, let last):
      "\(backend) at \(backend.address ?? "?") is not SERVING (last answer: \(last))"
    case .restartFailed(let backend, let command, let status):
      "restarting \(backend) with `\(command)` exited with status \(status)"
    }
  }
}
