import DistrictRPC
import DistrictSchema
import DistrictTestSupport
import Foundation
import Testing

@Suite("Authentication and roles", .timeLimit(.minutes(1)))
struct AuthTests {
  static let tokens = try! TokenStore(
    parsing: """
      # token                          subject       role    scope
      reader-token-0123456789abcdef    citizen-desk  reader
      editor-token-0123456789abcdef    phuoc-ly      editor  commune=phuoc-ly
      """)

  private func options(_ token: String?) -> CallOptions {
    var metadata = Metadata()
    if let token { metadata.add("authorization", "Bearer \(token)") }
    return CallOptions(metadata: metadata)
  }

  @Test("No token, a malformed header or an unknown token is UNAUTHENTICATED")
  func unauthenticated() async throws {
    try await withTestServer([EchoService(probe: EchoProbe())], tokens: Self.tokens) { server in
      let client = server.client()
      defer { client.close() }
      let missing = await expectRPCError(.unauthenticated) {
        _ = try await client.unary(Echo.echo, ConformanceV1.Item())
      }
      #expect(missing?.message.contains("Bearer") == true)
      await expectRPCError(.unauthenticated) {
        _ = try await client.unary(
          Echo.echo, ConformanceV1.Item(), options: CallOptions(metadata: ["authorization": "Basic x"]))
      }
      await expectRPCError(.unauthenticated) {
        _ = try await client.unary(Echo.echo, ConformanceV1.Item(), options: Token.options("not-a-known-token-at-all"))
      }
    }
  }

  @Test("A reader may read but not write: PERMISSION_DENIED names the role needed")
  func roles() async throws {
    try await withTestServer([EchoService(probe: EchoProbe())], tokens: Self.tokens) { server in
      let client = server.client()
      defer { client.close() }
      _ = try await client.unary(
        Echo.echo, ConformanceV1.Item(), options: Token.options("reader-token-0123456789abcdef"))
      let denied = await expectRPCError(.permissionDenied) {
        _ = try await client.unary(
          Echo.write, ConformanceV1.Item(), options: Token.options("reader-token-0123456789abcdef"))
      }
      #expect(denied?.message.contains("editor") == true)
      _ = try await client.unary(
        Echo.write, ConformanceV1.Item(), options: Token.options("editor-token-0123456789abcdef"))
      let who = try await client.unary(
        Echo.describe, ConformanceV1.Item(), options: Token.options("editor-token-0123456789abcdef"))
      #expect(who.name.contains("subject=phuoc-ly"))
    }
  }

  @Test("Health checks need no token")
  func healthIsPublic() async throws {
    try await withTestServer([EchoService(probe: EchoProbe())], tokens: Self.tokens) { server in
      let client = server.client()
      defer { client.close() }
      let health = try await client.unary(HealthV1.HealthService.check, HealthV1.HealthCheckRequest())
      #expect(health.status == .serving)
    }
  }

  @Test(
    "A malformed tokens file is refused with the line at fault",
    arguments: [
      "short reader-x reader", "token-0123456789abcdef subject superuser", "token-0123456789abcdef s editor scope=x",
    ])
  func malformedTokens(_ line: String) {
    #expect(throws: TokenFileError.self) { try TokenStore(parsing: "# header\n\(line)\n") }
  }

  @Test("A tokens file written with CRLF line ends reads as with LF")
  func crlfTokens() throws {
    let tokens = try TokenStore(parsing: "# header\r\ntoken-0123456789abcdef ops@district admin\r\n\r\n")
    #expect(tokens.principal(for: "token-0123456789abcdef")?.role == .admin)
    #expect(tokens.principal(for: "token-0123456789abcdef")?.subject == "ops@district")
  }

  @Test("Two tokens for one subject are refused: the audit log could not tell them apart")
  func oneTokenPerSubject() {
    let error = #expect(throws: TokenFileError.self) {
      try TokenStore(parsing: "token-0123456789abcdef ops reader\ntoken-fedcba9876543210 ops admin\n")
    }
    #expect(error?.line == 2)
    #expect(error?.reason.contains("line 1") == true)
  }

  @Test("A tokens file others may write is refused; one others may read is accepted with a warning")
  func tokensFileModes() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tokens-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try "token-0123456789abcdef ops admin\n".write(toFile: path, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    #expect(try TokenStore(contentsOf: path).warnings.isEmpty)
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
    #expect(try TokenStore(contentsOf: path).warnings.first?.contains("chmod 600") == true)
    try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: path)
    #expect(throws: TokenFileError.self) { try TokenStore(contentsOf: path) }
  }
}
