import DistrictRPC
import DistrictSchema
import DistrictTestSupport
import Foundation
import Testing

/// clients/python/district_call.py speaks the protocol from docs/PROTOCOL.md and proto/ alone.
@Suite("A Python client written from the protocol document", .timeLimit(.minutes(1)))
struct OtherLanguageClientTests {
  private static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  private func python(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
      ["python3", Self.root.appendingPathComponent("clients/python/district_call.py").path] + arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
  }

  @Test("Health check, an echo with Vietnamese text and metadata, a compressed answer, and an error status")
  func pythonClient() async throws {
    try await withTestServer([EchoService(probe: EchoProbe())], tokens: AuthTests.tokens, configure: bulkText) {
      server in
      let health = try python([
        server.address, "/district.health.v1.Health/Check",
        "district.health.v1.HealthCheckRequest", "district.health.v1.HealthCheckResponse", "{}",
      ])
      #expect(health.status == 0, "\(health.stderr)")
      #expect(health.stdout.contains("SERVING_STATUS_SERVING"))

      let echo = try python([
        server.address, Echo.describe.fullName, "district.conformance.v1.Item", "district.conformance.v1.Item",
        #"{"name": "Cần Giuộc"}"#, "--header", "authorization=Bearer editor-token-0123456789abcdef",
        "--header", "idempotency-key=k-1",
      ])
      #expect(echo.status == 0, "\(echo.stderr)")
      #expect(echo.stdout.contains("subject=phuoc-ly"))
      #expect(echo.stdout.contains("idempotency=k-1"))

      let long = String(repeating: "Phước Vĩnh Tây ", count: 2_000)
      let compressed = try python([
        server.address, Echo.echo.fullName, "district.conformance.v1.Item", "district.conformance.v1.Item",
        #"{"name": "\#(long)"}"#, "--header", "authorization=Bearer reader-token-0123456789abcdef",
      ])
      #expect(compressed.status == 0, "\(compressed.stderr)")
      #expect(compressed.stdout.contains(long))

      let denied = try python([
        server.address, Echo.write.fullName, "district.conformance.v1.Item", "district.conformance.v1.Item", "{}",
        "--header", "authorization=Bearer reader-token-0123456789abcdef",
      ])
      #expect(denied.status == 1)
      #expect(denied.stderr.contains("status 7"))
    }
  }
}
