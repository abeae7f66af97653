import DistrictRPC
import DistrictSchema
import DistrictTestSupport
import Foundation
import Synchronization
import Testing

@testable import DistrictRuntime

/// A rotated tokens file is put in force without a restart, without dropping a connection or a
/// call in flight; a file that cannot be used keeps the tokens in force and the log says why.
@Suite("Tokens reload", .timeLimit(.minutes(1)))
struct TokensReloadTests {
  static let first = "first-token-000000000001"
  static let second = "second-token-00000000001"

  /// `Hold`: answers after `amount` milliseconds, for a reader.
  final class Hold: RPCService, Sendable {
    static let method = MethodDescriptor<ConformanceV1.Item, ConformanceV1.Item>(
      fullName: "/district.test.v1.Tokens/Hold", kind: .unary)
    let started = Atomic<Int>(0)

    init() {}

    func register(in router: inout RPCRouter) {
      router.register(Self.method, requiredRole: .reader) { [self] request, _ in
        started.add(1, ordering: .relaxed)
        try await Task.sleep(for: .milliseconds(request.amount))
        return request
      }
    }
  }

  /// A tokens file of its own (mode 0600) in a new directory, with `text`.
  static func tokensFile(_ text: String) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("district-tokens-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let path = directory.appendingPathComponent("tokens").path
    try write(text, to: path)
    return path
  }

  /// Replaces the file at once (written beside it, then renamed), as an operator's tools do.
  static func write(_ text: String, to path: String, mode: Int = 0o600) throws {
    let staging = path + ".new"
    #expect(
      FileManager.default.createFile(atPath: staging, contents: Data(text.utf8), attributes: [.posixPermissions: mode]))
    #expect(rename(staging, path) == 0, "rename: \(String(cString: strerror(errno)))")
  }

  static func call(_ client: RPCClient, _ token: String, holding milliseconds: Int64 = 0) async throws {
    _ = try await client.unary(
      Hold.method, .init().with { $0.amount = milliseconds }, options: Token.options(token, timeout: .seconds(10)))
  }

  /// Runs `body` with a server whose tokens come from `path`, a reloader of that file and an
  /// in-process client.
  static func withReloadingServer(
    _ path: String, service: Hold = Hold(), onSIGHUP: Bool = false, interval: Duration = .milliseconds(20),
    log: LogCapture, _ body: (RPCClient) async throws -> Void
  ) async throws {
    try await withTestServer([service], tokens: try TokenStore(contentsOf: path)) { server in
      let reloader = TokensFileReloader(
        path: path, tokens: try #require(server.server.tokens), logger: log.logger(), interval: interval,
        onSIGHUP: onSIGHUP)
      let watching = Task { try await reloader.run() }
      defer { watching.cancel() }
      #expect(await eventually { log.recorded.contains { $0.contains("watching the tokens file") } })
      let client = server.inProcessClient()
      defer { client.close() }
      try await body(client)
    }
  }

  @Test("A changed file is in force at once; the connection and the call in flight stay")
  func changedFileIsInForce() async throws {
    let path = try Self.tokensFile("\(Self.first) first-caller reader\n")
    let log = LogCapture()
    let service = Hold()
    try await Self.withReloadingServer(path, service: service, log: log) { client in
      try await Self.call(client, Self.first)
      await expectRPCError(.unauthenticated) { try await Self.call(client, Self.second) }
      let inFlight = Task { try await Self.call(client, Self.first, holding: 500) }
      #expect(await eventually { service.started.load(ordering: .relaxed) == 2 })

      try Self.write("\(Self.second) second-caller reader\n", to: path)
      #expect(await eventually { (try? await Self.call(client, Self.second)) != nil })
      // Admitted under the old tokens, the call in flight finishes on its connection.
      try await inFlight.value
      await expectRPCError(.unauthenticated) { try await Self.call(client, Self.first) }
      #expect(log.recorded.contains { $0.contains("tokens reloaded") && $0.contains("the file changed") })
    }
  }

  @Test("A file that cannot be used keeps the tokens in force, and the log says why")
  func unusableFileKeepsTheTokens() async throws {
    let path = try Self.tokensFile("\(Self.first) first-caller reader\n")
    let log = LogCapture()
    try await Self.withReloadingServer(path, log: log) { client in
      try Self.write("\(Self.second) second-caller overlord\n", to: path)
      #expect(await eventually { log.recorded.contains { $0.contains("unknown role 'overlord'") } })
      try await Self.call(client, Self.first)
      await expectRPCError(.unauthenticated) { try await Self.call(client, Self.second) }

      // Writable by others: anyone could make themselves an admin.
      try Self.write("\(Self.second) second-caller reader\n", to: path, mode: 0o666)
      #expect(await eventually { log.recorded.filter { $0.contains("kept the tokens in force") }.count == 2 })
      try await Self.call(client, Self.first)
      await expectRPCError(.unauthenticated) { try await Self.call(client, Self.second) }

      // No token at all (or a file caught while it is rewritten in place): every caller would be out.
      try Self.write("# emptied\n", to: path)
      #expect(await eventually { log.recorded.contains { $0.contains("holds no token") } })
      try await Self.call(client, Self.first)
    }
  }

  @Test("SIGHUP reloads the file")
  func sighupReloads() async throws {
    let path = try Self.tokensFile("\(Self.first) first-caller reader\n")
    let log = LogCapture()
    // The file is looked at only hourly here: what puts the new tokens in force is the signal.
    try await Self.withReloadingServer(path, onSIGHUP: true, interval: .seconds(3600), log: log) { client in
      try Self.write("\(Self.second) second-caller reader\n", to: path)
      kill(getpid(), SIGHUP)
      #expect(await eventually { (try? await Self.call(client, Self.second)) != nil })
      #expect(log.recorded.contains { $0.contains("tokens reloaded") && $0.contains("SIGHUP") })
    }
  }
}
