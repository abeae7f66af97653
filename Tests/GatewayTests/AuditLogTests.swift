import DistrictRPC
import DistrictSchema
import DistrictTestSupport
import Foundation
import Testing

/// The audit log over the wire, through the gateway, on the demo district: who may read which
/// entries, what an entry says about its call, the merge of the three logs, and that no RPC
/// changes or removes an entry.
@Suite("Audit log", .timeLimit(.minutes(3)))
struct AuditLogTests {
  typealias S = AuditV1.AuditService

  /// Every entry that `request` matches, through `client`, `pageSize` at a time.
  static func all(
    _ request: AuditV1.ListAuditEntriesRequest = .init(), pageSize: Int32 = 1_000, token: String = Token.auditor,
    on client: RPCClient
  ) async throws -> [AuditV1.AuditEntry] {
    var request = request
    var entries: [AuditV1.AuditEntry] = []
    var pageToken = ""
    repeat {
      request.page = CommonV1.PageRequest().with {
        $0.pageSize = pageSize
        $0.pageToken = pageToken
      }
      let response = try await client.unary(S.listAuditEntries, request, options: Token.options(token))
      #expect(response.entries.count <= Int(pageSize))
      entries += response.entries
      pageToken = response.page?.nextPageToken ?? ""
    } while !pageToken.isEmpty
    return entries
  }

  /// Records a collection of Long Hậu by its scoped editor, with `key` and a trace of our own.
  static func collectInLongHau(_ district: District, key: String, traceID: String) async throws -> String {
    let client = RPCClient(host: "127.0.0.1", port: district.finance.port, logger: quiet)
    defer { client.close() }
    var options = Token.options(Token.scopedEditor, key: key)
    options.metadata.add(MetadataKey.traceparent, "00-\(traceID)-00f067aa0ba902b7-01")
    let collection = try await client.unary(
      FinanceV1.FinanceService.recordCollection,
      .init().with {
        $0.collection = .init().with {
          $0.collectedOn = "2023-10-30"
          $0.sourceCode = "construction-tax"
          $0.communeID = TestCommune.longHau
          $0.amount = CommonV1.Money().with { $0.vnd = 7_000_000 }
        }
      }, options: options)
    return collection.id
  }

  @Test("An entry names the caller, the call, its trace and key, the commune and the change")
  func entryOfAWrite() async throws {
    try await withDistrict { district in
      let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
      let id = try await Self.collectInLongHau(district, key: "audit-test-1", traceID: traceID)
      let request = AuditV1.ListAuditEntriesRequest().with {
        $0.entity = "collection"
        $0.entityID = id
      }
      let entries = try await Self.all(request, on: district.client)
      let entry = try #require(entries.first)
      #expect(entries.count == 1)
      #expect(entry.service == "finance")
      #expect(entry.subject == "long-hau-editor@test")
      #expect(entry.method == FinanceV1.FinanceService.recordCollection.fullName)
      #expect(entry.action == "create")
      #expect(entry.traceID == traceID)
      #expect(entry.idempotencyKey == "audit-test-1")
      #expect(entry.communeID == TestCommune.longHau)
      #expect(entry.beforeJson.isEmpty)
      #expect(entry.afterJson.contains("7000000"))
      // Made just now: within a minute of the clock, RFC 3339 UTC.
      let at = try #require(Self.instant(entry.at))
      #expect(abs(at.timeIntervalSinceNow) < 60)

      // The commune's editor reads it, the other commune's does not, a reader may not ask.
      #expect(try await Self.all(request, token: Token.scopedEditor, on: district.client).map(\.id) == [entry.id])
      #expect(try await Self.all(request, token: Token.phuocLyEditor, on: district.client).isEmpty)
      await expectRPCError(.permissionDenied) {
        _ = try await Self.all(request, token: Token.reader, on: district.client)
      }
      // The service's own listener says the same.
      let finance = RPCClient(host: "127.0.0.1", port: district.finance.port, logger: quiet)
      defer { finance.close() }
      #expect(try await Self.all(request, on: finance) == entries)
    }
  }

  @Test("A scoped caller sees only its commune's entries, of every service")
  func scopedCaller() async throws {
    try await withDistrict { district in
      _ = try await Self.collectInLongHau(district, key: "audit-test-2", traceID: "0af7651916cd43dd8448eb211c80319c")
      let everything = try await Self.all(on: district.client)
      let longHau = try await Self.all(token: Token.scopedAuditor, on: district.client)
      #expect(longHau == everything.filter { $0.communeID == TestCommune.longHau })
      #expect(Set(longHau.map(\.service)) == ["finance", "land-clearance"])
      #expect(
        try await Self.all(token: Token.phuocLyEditor, on: district.client).allSatisfy {
          $0.communeID == TestCommune.phuocLy
        })
    }
  }

  @Test("The gateway's merge: newest first, each service's log whole, the same in pages of any size")
  func merge() async throws {
    try await withDistrict { district in
      let merged = try await Self.all(on: district.client)
      var byService: [String: [AuditV1.AuditEntry]] = [:]
      for (name, port) in [
        ("indicators", district.indicators.port), ("land-clearance", district.landClearance.port),
        ("finance", district.finance.port),
      ] {
        let client = RPCClient(host: "127.0.0.1", port: port, logger: quiet)
        defer { client.close() }
        byService[name] = try await Self.all(on: client)
        #expect(byService[name]?.isEmpty == false, "the demo wrote \(name)'s log")
        #expect(merged.filter { $0.service == name } == byService[name], "\(name)'s log, whole and in order")
        let one = try await Self.all(.init().with { $0.service = name }, on: district.client)
        #expect(one == byService[name])
      }
      #expect(merged.count == byService.values.map(\.count).reduce(0, +))
      #expect(zip(merged, merged.dropFirst()).allSatisfy { $0.at >= $1.at })
      // Pages of 37, and of 1 over the few entries of projects, give the same sequence.
      #expect(try await Self.all(pageSize: 37, on: district.client) == merged)
      let projects = AuditV1.ListAuditEntriesRequest().with { $0.entity = "project" }
      let projectEntries = try await Self.all(projects, on: district.client)
      #expect(Set(projectEntries.map(\.service)) == ["land-clearance", "finance"])
      #expect(try await Self.all(projects, pageSize: 1, on: district.client) == projectEntries)
    }
  }

  @Test("Wrong requests are INVALID_ARGUMENT naming the field; a service down is UNAVAILABLE naming it")
  func refusals() async throws {
    try await withDistrict { district in
      let cases: [(String, AuditV1.ListAuditEntriesRequest)] = [
        ("service", .init().with { $0.service = "treasury" }),
        ("since", .init().with { $0.since = "22/11/2023" }),
        ("until", .init().with { $0.until = "2023-11-22T25:00:00Z" }),
        (
          "until",
          .init().with {
            $0.since = "2023-11-22"
            $0.until = "2023-11-21T23:00:00+07:00"
          }
        ),
        ("entity_id", .init().with { $0.entityID = "x" }),
        ("page.page_size", .init().with { $0.page = .init().with { $0.pageSize = -1 } }),
        ("page.page_token", .init().with { $0.page = .init().with { $0.pageToken = "bogus" } }),
      ]
      for (field, request) in cases {
        let error = await expectRPCError(.invalidArgument) {
          _ = try await district.client.unary(S.listAuditEntries, request, options: Token.options(Token.auditor))
        }
        #expect(error?.details["field"] == field, "\(request)")
      }
      try await district.finance.stop()
      let error = await expectRPCError(.unavailable) {
        _ = try await district.client.unary(S.listAuditEntries, .init(), options: Token.options(Token.auditor))
      }
      #expect(error?.message.contains("finance") == true)
      // The other services' logs are still there, alone.
      #expect(try await Self.all(.init().with { $0.service = "indicators" }, on: district.client).isEmpty == false)
    }
  }

  @Test("No RPC changes or removes an entry: every method called, every write retried, the log only grows")
  func appendOnly() async throws {
    try await withDistrict { district in
      let before = try await Self.all(on: district.client)
      let servers: [String: TestServer] = [
        "district.indicators.v1.Indicators": district.indicators, "district.finance.v1.Finance": district.finance,
        "district.landclearance.v1.LandClearance": district.landClearance,
        "district.gateway.v1.Gateway": district.gateway, "district.changes.v1.Changes": district.finance,
        "district.health.v1.Health": district.indicators, "district.audit.v1.Audit": district.gateway,
        "district.approval.v1.Approvals": district.finance,
      ]
      // Every method of proto/, as an admin, with an empty request.
      for method in PermissionMatrixTests.servedMethods {
        let service = String(method.fullName.dropFirst().prefix { $0 != "/" })
        let server = try #require(servers[service])
        let client = RPCClient(host: "127.0.0.1", port: server.port, logger: quiet)
        defer { client.close() }
        _ = await PermissionMatrixTests.call(method, on: client, options: Token.options(Token.admin, key: "k"))
      }
      // A write, its retry with the same key, and another write.
      _ = try await Self.collectInLongHau(district, key: "append-1", traceID: "11111111111111111111111111111111")
      _ = try await Self.collectInLongHau(district, key: "append-1", traceID: "22222222222222222222222222222222")
      try await district.collect(1_000_000, on: "2023-10-31")
      let after = try await Self.all(on: district.client)
      #expect(after.count == before.count + 2)
      let unchanged = Array(after.suffix(before.count)) == before
      #expect(unchanged, "the \(before.count) entries there before are there, unchanged")
      #expect(after.prefix(2).allSatisfy { $0.service == "finance" && $0.entity == "collection" })
      #expect(after.filter { $0.idempotencyKey == "append-1" }.count == 1)
    }
  }

  static func instant(_ text: String) -> Date? {
    try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
  }
}
