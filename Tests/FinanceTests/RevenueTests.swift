import DistrictGeography
import DistrictRPC
import DistrictSchema
import DistrictStore
import DistrictTestSupport
import Finance
import Foundation
import Testing

@Suite("Revenue over the wire")
struct RevenueTests {
  typealias S = FinanceV1.FinanceService

  @Test("The summary divides by both issuers' estimates: 610/636 = 9591 bp", arguments: TestBackend.all)
  func summary(backend: TestBackend) async throws {
    try await withFinance(backend) { f in
      try await f.source("business-tax")
      try await f.source("land-use-fee", balanced: false)
      try await f.estimate(.province, 636 * billion)
      try await f.estimate(.districtCouncil, 644 * billion)
      try await f.estimate(.province, 400 * billion, source: "business-tax")
      try await f.estimate(.districtCouncil, 10 * billion, source: "business-tax", commune: TestCommune.longHau)
      try await f.collect(400 * billion, on: "2023-03-10", source: "business-tax")
      try await f.collect(5 * billion, on: "2023-10-10", source: "business-tax", commune: TestCommune.longHau)
      try await f.collect(205 * billion, on: "2023-10-31", source: "land-use-fee")
      try await f.collect(7 * billion, on: "2023-11-02", source: "land-use-fee")  // after the as-of date
      let summary = try await f.summary("2023-11-01", precision: .earlyMonth)
      #expect(summary.asOfPrecision == .earlyMonth)
      let total = try #require(summary.total)
      #expect(total.collected?.vnd == 610 * billion)
      #expect(total.ofProvinceBp == 9591)
      #expect(BasisPoints.percentText(total.ofProvinceBp) == "95,9 %")
      #expect(BasisPoints.wholePercent(total.ofProvinceBp) == 96)
      #expect(total.ofCouncilBp == 9472)
      #expect(summary.balanced?.collected?.vnd == 405 * billion)
      #expect(summary.balanced?.provinceEstimate?.vnd == 400 * billion)
      let business = try #require(summary.bySource.first { $0.key == "business-tax" })
      #expect(business.ofProvinceBp == 10125)
      #expect(business.councilEstimate?.vnd == 10 * billion)  // the sum of its per-commune rows
      let longHau = try #require(summary.byCommune.first { $0.key == TestCommune.longHau })
      #expect(longHau.name == "Long Hậu")
      #expect(longHau.ofCouncilBp == 5000)
      #expect(summary.byCommune.contains { $0.key == "" && $0.collected?.vnd == 605 * billion })
      // MONTH precision counts the whole of November.
      // Without a date, YEAR and MONTH precision take a date they accept (the caller is never
      // told that a date it did not send is wrong): the year, the current month (today 2023-11-22).
      #expect(try await f.summary("", precision: .year).asOf == "2023-01-01")
      #expect(try await f.summary("", precision: .month).asOf == "2023-11-01")
      let november = try await f.summary("2023-11-01", precision: .month)
      #expect(november.total?.collected?.vnd == 617 * billion)
    }
  }

  @Test("Invalid years, dates, amounts, sources, communes and enums name the field", arguments: TestBackend.all)
  func validation(backend: TestBackend) async throws {
    try await withFinance(backend) { f in
      try await f.source("business-tax")
      await expectRPCError(.invalidArgument, field: "collection.collected_on") {
        try await f.collect(1, on: "2023-02-30", source: "business-tax")
      }
      await expectRPCError(.invalidArgument, field: "collection.amount") {
        try await f.collect(0, on: "2023-02-01", source: "business-tax")
      }
      await expectRPCError(.invalidArgument, field: "collection.amount") {
        try await f.collect(-5, on: "2023-02-01", source: "business-tax")
      }
      await expectRPCError(.invalidArgument, field: "collection.source_code") {
        try await f.collect(1, on: "2023-02-01", source: "unknown-source")
      }
      await expectRPCError(.invalidArgument, field: "collection.source_code") {
        try await f.collect(1, on: "2022-02-01", source: "business-tax")  // configured for 2023 only
      }
      await expectRPCError(.invalidArgument, field: "collection.commune_id") {
        try await f.collect(1, on: "2023-02-01", source: "business-tax", commune: "vn.nowhere")
      }
      await expectRPCError(.invalidArgument, field: "collection.commune_id") {
        // A commune created in 2025 did not exist in 2023.
        try await f.collect(
          1, on: "2023-02-01", source: "business-tax", commune: ReferenceGeography.newCommune("phuoc-ly"))
      }
      await expectRPCError(.invalidArgument, field: "estimate.issuer") { try await f.estimate(.unspecified, 1) }
      await expectRPCError(.invalidArgument, field: "estimate.issuer") { try await f.estimate(.unrecognized(9), 1) }
      await expectRPCError(.invalidArgument, field: "estimate.year") { try await f.estimate(.province, 1, year: 1999) }
      await expectRPCError(.invalidArgument, field: "estimate.amount") { try await f.estimate(.province, -1) }
      await expectRPCError(.invalidArgument, field: "estimate.source_code") {
        try await f.estimate(.province, 1, source: "nope")
      }
      await expectRPCError(.invalidArgument, field: "year") { _ = try await f.summary("2023-11-01", year: 0) }
      await expectRPCError(.invalidArgument, field: "as_of") { _ = try await f.summary("2023-13-01") }
      await expectRPCError(.invalidArgument, field: "as_of") {
        _ = try await f.summary("2023-11-05", precision: .earlyMonth)
      }
      await expectRPCError(.invalidArgument, field: "as_of_precision") {
        _ = try await f.summary("2023-11-01", precision: .unrecognized(42))
      }
      await expectRPCError(.invalidArgument, field: "margin_bp") {
        _ = try await f.client.unary(
          S.listLaggingCommunes,
          .init().with {
            $0.year = 2023
            $0.asOf = "2023-11-01"
            $0.marginBp = -1
          },
          options: Token.options(Token.reader))
      }
      await expectRPCError(.notFound) {
        _ = try await f.client.unary(
          S.correctCollection,
          .init().with {
            $0.collectionID = "missing"
            $0.reason = "typo"
          },
          options: Token.options(Token.editor, key: "k-missing"))
      }
    }
  }

  @Test(
    "Roles: reads reader, records editor, configuration admin; a commune editor only for its commune",
    arguments: TestBackend.all)
  func permissions(backend: TestBackend) async throws {
    try await withFinance(backend) { f in
      try await f.source("business-tax")
      await expectRPCError(.unauthenticated) {
        _ = try await f.client.unary(S.getRevenueSummary, .init().with { $0.year = 2023 })
      }
      await expectRPCError(.permissionDenied) {
        try await f.collect(1, on: "2023-02-01", source: "business-tax", token: Token.reader)
      }
      await expectRPCError(.permissionDenied) {
        _ = try await f.client.unary(
          S.setEstimate,
          .init().with {
            $0.estimate = .init().with {
              $0.year = 2023
              $0.issuer = .province
              $0.amount = .vnd(1)
            }
          },
          options: Token.options(Token.editor))
      }
      await expectRPCError(.permissionDenied) {
        try await f.collect(
          1, on: "2023-02-01", source: "business-tax", commune: TestCommune.phuocLai, token: Token.scopedEditor)
      }
      await expectRPCError(.permissionDenied) {
        try await f.collect(1, on: "2023-02-01", source: "business-tax", commune: "", token: Token.scopedEditor)
      }
      let own = try await f.collect(
        3, on: "2023-02-01", source: "business-tax", commune: TestCommune.longHau, token: Token.scopedEditor)
      #expect(own.recorded?.subject == "long-hau-editor@test")
      let other = try await f.collect(4, on: "2023-02-01", source: "business-tax", commune: TestCommune.phuocLai)
      await expectRPCError(.permissionDenied) {
        _ = try await f.client.unary(
          S.correctCollection,
          .init().with {
            $0.collectionID = other.id
            $0.reason = "typo"
          },
          options: Token.options(Token.scopedEditor, key: "scoped-correction"))
      }
    }
  }

  @Test(
    "Idempotency: a retry is counted once, a reused key is refused, a missing key is refused",
    arguments: TestBackend.all)
  func idempotency(backend: TestBackend) async throws {
    try await withFinance(backend) { f in
      try await f.source("business-tax")
      let first = try await f.collect(100, on: "2023-05-01", source: "business-tax", key: "payment-1")
      let retry = try await f.collect(100, on: "2023-05-01", source: "business-tax", key: "payment-1")
      #expect(first.id == retry.id)
      #expect(try await f.summary("2023-12-31").total?.collected?.vnd == 100)
      let reused = await expectRPCError(.failedPrecondition) {
        try await f.collect(999, on: "2023-05-01", source: "business-tax", key: "payment-1")
      }
      #expect(reused?.message.contains("already used") == true)
      await expectRPCError(.invalidArgument, field: "idempotency-key") {
        try await f.collect(100, on: "2023-05-01", source: "business-tax", key: nil)
      }
      await expectRPCError(.alreadyExists) {
        try await f.collect(5, on: "2023-05-01", source: "business-tax", id: first.id)
      }
      #expect(try await f.summary("2023-12-31").total?.collected?.vnd == 100)
      let audit = try await f.store.audit.query(entity: "collection")
      #expect(audit.count == 1)
      #expect(audit.first?.subject == "editor@test")
      #expect(audit.first?.rpc == S.recordCollection.fullName)
    }
  }

  @Test("Concurrent retries with one key are counted once", arguments: TestBackend.all)
  func concurrentRetries(backend: TestBackend) async throws {
    try await withFinance(backend) { f in
      try await f.source("business-tax")
      let ids = try await withThrowingTaskGroup(of: String.self) { group in
        for _ in 0..<8 {
          group.addTask { try await f.collect(70, on: "2023-06-01", source: "business-tax", key: "same-payment").id }
        }
        return try await group.reduce(into: Set<String>()) { $0.insert($1) }
      }
      #expect(ids.count == 1)
      #expect(try await f.summary("2023-12-31").total?.collected?.vnd == 70)
    }
  }

  @Test("Concurrent corrections of one collection: one wins, the others are refused", arguments: TestBackend.all)
  func concurrentCorrections(backend: TestBackend) async throws {
    try await withFinance(backend) { f in
      try await f.source("business-tax")
      try await f.collect(500, on: "2023-06-01", source: "business-tax", id: "twice")
      let outcomes = await withTaskGroup(of: StatusCode?.self) { group in
        for index in 0..<6 {
          group.addTask {
            do {
              _ = try await f.client.unary(
                S.correctCollection,
                .init().with {
                  $0.collectionID = "twice"
                  $0.reason = "attempt \(index)"
                },
                options: Token.options(Token.editor, key: "correct-\(index)"))
              return nil
            } catch let error as RPCError {
              return error.code
            } catch {
              return .internal
            }
          }
        }
        return await group.reduce(into: [StatusCode?]()) { $0.append($1) }
      }
      #expect(outcomes.filter { $0 == nil }.count == 1)
      #expect(outcomes.compactMap { $0 }.allSatisfy { $0 == .failedPrecondition })
      #expect(try await f.summary("2023-12-31").total?.collected?.vnd == 0)
    }
  }

  @Test("Corrections are reversing entries; correcting twice is refused", arguments: TestBackend.all)
  func corrections(backend: TestBackend) async throws {
    try await withFinance(backend) { f in
      try await f.source("business-tax")
      let original = try await f.collect(
        250, on: "2023-04-01", source: "business-tax", commune: TestCommune.longHau, id: "c-1")
      let request = FinanceV1.CorrectCollectionRequest().with {
        $0.collectionID = "c-1"
        $0.reason = "entered twice"
        $0.correctionID = "c-1-reversal"
      }
      await expectRPCError(.invalidArgument, field: "idempotency-key") {
        _ = try await f.client.unary(S.correctCollection, request, options: Token.options(Token.editor))
      }
      // Dated before the collection it corrects, it would take away money not yet collected.
      await expectRPCError(.invalidArgument, field: "corrected_on") {
        var early = request
        early.correctedOn = "2023-03-31"
        _ = try await f.client.unary(S.correctCollection, early, options: Token.options(Token.editor, key: "fix-early"))
      }
      let reversal = try await f.client.unary(
        S.correctCollection, request, options: Token.options(Token.editor, key: "fix-1"))
      #expect(reversal.amount?.vnd == -250)
      #expect(reversal.reversesCollectionID == original.id)
      #expect(reversal.collectedOn == "2023-04-01")
      #expect(reversal.communeID == TestCommune.longHau)
      // The retry returns the same reversal; a second correction is refused.
      let retried = try await f.client.unary(
        S.correctCollection, request, options: Token.options(Token.editor, key: "fix-1"))
      #expect(retried.id == "c-1-reversal")
      await expectRPCError(.failedPrecondition) {
        _ = try await f.client.unary(
          S.correctCollection,
          .init().with {
            $0.collectionID = "c-1"
            $0.reason = "again"
          },
          options: Token.options(Token.editor, key: "fix-2"))
      }
      await expectRPCError(.failedPrecondition) {
        _ = try await f.client.unary(
          S.correctCollection,
          .init().with {
            $0.collectionID = "c-1-reversal"
            $0.reason = "undo"
          },
          options: Token.options(Token.editor, key: "fix-3"))
      }
      #expect(try await f.summary("2023-12-31").total?.collected?.vnd == 0)
    }
  }

  @Test("Revenue sources are configuration: flags per year, listed by code", arguments: TestBackend.all)
  func sources(backend: TestBackend) async throws {
    try await withFinance(backend) { f in
      try await f.source("land-use-fee", balanced: true)
      try await f.source("land-use-fee", balanced: false)  // replaced
      try await f.source("business-tax", year: 2022)
      let listed = try await f.client.unary(
        S.listRevenueSources, .init().with { $0.year = 2023 }, options: Token.options(Token.reader))
      #expect(listed.sources.map(\.code) == ["land-use-fee"])
      #expect(listed.sources.first?.countsTowardBalanced == false)
      let audit = try await f.store.audit.query(entity: "revenue_source", entityID: "2023/land-use-fee")
      #expect(audit.map(\.action) == [.create, .update])
      #expect(audit.last?.before?.contains("countsTowardBalanced") == true)
      #expect(audit.last?.subject == "admin@test")
      await expectRPCError(.invalidArgument, field: "source.is_lottery") {
        _ = try await f.client.unary(
          S.setRevenueSource,
          .init().with {
            $0.source = .init().with {
              $0.year = 2023
              $0.code = "x"
              $0.nameVi = "x"
              $0.isLottery = true
              $0.isLandUseFee = true
            }
          },
          options: Token.options(Token.admin))
      }
    }
  }

  @Test("Collections survive a restart on a SQLite file")
  func restart() async throws {
    let database = try await TestDatabase.make(.sqlite)
    defer { Task { await database.drop() } }
    try await withFinance(database: database) { f in
      try await f.source("business-tax")
      try await f.estimate(.province, 1_000)
      try await f.collect(400, on: "2023-02-01", source: "business-tax", key: "restart-1")
    }
    try await withFinance(database: database) { f in
      let summary = try await f.summary("2023-12-31")
      #expect(summary.total?.collected?.vnd == 400)
      #expect(summary.total?.ofProvinceBp == 4000)
      // The key is remembered across the restart: the retry is not counted again.
      try await f.collect(400, on: "2023-02-01", source: "business-tax", key: "restart-1")
      #expect(try await f.summary("2023-12-31").total?.collected?.vnd == 400)
    }
  }
}
