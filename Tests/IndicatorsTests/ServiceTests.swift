import DistrictDemo
import DistrictRPC
import DistrictSchema
import DistrictStore
import DistrictTestSupport
import Indicators
import Testing

@Suite("Indicators service over loopback", .timeLimit(.minutes(3)))
struct ServiceTests {
  @Test("Resolutions, indicators, measurements and the scorecard round-trip", arguments: TestBackend.all)
  func roundTrip(backend: TestBackend) async throws {
    try await withIndicators(backend) { s in
      let admin = Token.options(Token.admin)
      let created = try await s.client.unary(
        API.createResolution, .init().with { $0.resolution = sampleResolution() }, options: admin)
      #expect(!created.id.isEmpty)
      #expect(created.created?.subject == "admin@test")
      #expect(created.created?.rpc == "/district.indicators.v1.Indicators/CreateResolution")
      let fetched = try await s.client.unary(
        API.getResolution, .init().with { $0.id = created.id }, options: Token.options(Token.reader))
      #expect(fetched == created)
      _ = try await s.client.unary(
        API.createResolution,
        .init().with { $0.resolution = sampleResolution(id: "r-2030", code: "53-NQ/HU", year: 2025) },
        options: admin)
      let in2023 = try await s.client.unary(
        API.listResolutions, .init().with { $0.year = 2023 }, options: Token.options(Token.reader))
      #expect(in2023.resolutions.map(\.code) == ["99-NQ/HU"])
      let firstPage = try await s.client.unary(
        API.listResolutions, .init().with { $0.page = .init().with { $0.pageSize = 1 } },
        options: Token.options(Token.reader))
      #expect(firstPage.resolutions.count == 1)
      #expect(firstPage.page?.nextPageToken == "1")

      let indicator = try await s.client.unary(
        API.defineIndicator, .init().with { $0.indicator = sampleIndicator(resolutionID: created.id) }, options: admin)
      #expect(indicator.comparator == .atLeast)
      var second = sampleIndicator(resolutionID: created.id, code: "CT-02")
      second.category = .society
      _ = try await s.client.unary(API.defineIndicator, .init().with { $0.indicator = second }, options: admin)

      let economy = try await s.client.unary(
        API.listIndicators,
        .init().with {
          $0.resolutionID = created.id
          $0.category = .economy
        }, options: Token.options(Token.reader))
      #expect(economy.indicators.map(\.code) == ["CT-01"])

      _ = try await s.client.unary(
        API.recordMeasurement,
        .init().with { $0.measurement = measurement(indicator.id, 610_000_000_000_000, kind: .cumulativeActual) },
        options: Token.options(Token.editor))
      let estimate = try await s.client.unary(
        API.recordMeasurement,
        .init().with { $0.measurement = measurement(indicator.id, 650_000_000_000_000, kind: .yearEndEstimate) },
        options: Token.options(Token.editor))
      #expect(estimate.recorded?.subject == "editor@test")
      #expect(estimate.asOfPrecision == .day)

      let detail = try await s.client.unary(
        API.getIndicator, .init().with { $0.id = indicator.id }, options: Token.options(Token.reader))
      #expect(detail.history.count == 2)
      #expect(detail.status?.estimatedStatus == .exceeded)
      #expect(detail.status?.latestActual?.valueMilli == 610_000_000_000_000)

      let exceeded = try await s.client.unary(
        API.listIndicators,
        .init().with {
          $0.resolutionID = created.id
          $0.status = .exceeded
        }, options: Token.options(Token.reader))
      #expect(exceeded.indicators.map(\.code) == ["CT-01"])
      let noData = try await s.client.unary(
        API.listIndicators, .init().with { $0.status = .noData }, options: Token.options(Token.reader))
      #expect(noData.indicators.map(\.code) == ["CT-02"])

      var changed = indicator
      changed.targetMilli = 700_000_000_000_000
      let updated = try await s.client.unary(
        API.updateIndicator, .init().with { $0.indicator = changed }, options: admin)
      #expect(updated.targetMilli == 700_000_000_000_000)

      let card = try await s.client.unary(
        API.getScorecard,
        .init().with {
          $0.resolutionID = created.id
          $0.asOf = "2023-11-22"
        }, options: Token.options(Token.reader))
      #expect((card.total, card.atRisk, card.noData) == (2, 1, 1))

      let audit = try await s.store.audit.query(entity: "indicator", entityID: indicator.id)
      #expect(audit.map(\.action) == [.create, .update])
      #expect(audit.last?.subject == "admin@test")
      #expect(audit.last?.rpc == "/district.indicators.v1.Indicators/UpdateIndicator")
    }
  }

  @Test("Validation errors name the field; unknown ids are NOT_FOUND; codes are unique", arguments: TestBackend.all)
  func validation(backend: TestBackend) async throws {
    try await withIndicators(backend) { s in
      let admin = Token.options(Token.admin)
      let resolution = try await s.client.unary(
        API.createResolution, .init().with { $0.resolution = sampleResolution(id: "r1") }, options: admin)
      await expectRPCError(.alreadyExists) {
        _ = try await s.client.unary(
          API.createResolution, .init().with { $0.resolution = sampleResolution() }, options: admin)
      }
      let badDate = await expectRPCError(.invalidArgument) {
        var r = sampleResolution(code: "X")
        r.issuedOn = "16/12/2022"
        _ = try await s.client.unary(API.createResolution, .init().with { $0.resolution = r }, options: admin)
      }
      #expect(badDate?.message == "resolution.issued_on: '16/12/2022' is not a date (YYYY-MM-DD)")
      let badUnit = await expectRPCError(.invalidArgument) {
        var i = sampleIndicator(resolutionID: resolution.id)
        i.unit = "furlong"
        _ = try await s.client.unary(API.defineIndicator, .init().with { $0.indicator = i }, options: admin)
      }
      #expect(badUnit?.details["field"] == "indicator.unit")
      let badEnum = await expectRPCError(.invalidArgument) {
        var i = sampleIndicator(resolutionID: resolution.id)
        i.direction = .init(rawValue: 42)
        _ = try await s.client.unary(API.defineIndicator, .init().with { $0.indicator = i }, options: admin)
      }
      #expect(badEnum?.details["field"] == "indicator.direction")
      await expectRPCError(.notFound) {
        _ = try await s.client.unary(
          API.defineIndicator, .init().with { $0.indicator = sampleIndicator(resolutionID: "nope") }, options: admin)
      }
      let indicator = try await s.client.unary(
        API.defineIndicator, .init().with { $0.indicator = sampleIndicator(resolutionID: resolution.id, id: "i1") },
        options: admin)
      await expectRPCError(.alreadyExists) {
        _ = try await s.client.unary(
          API.defineIndicator, .init().with { $0.indicator = sampleIndicator(resolutionID: resolution.id) },
          options: admin)
      }
      let badAsOf = await expectRPCError(.invalidArgument) {
        _ = try await s.client.unary(
          API.recordMeasurement,
          .init().with { $0.measurement = measurement(indicator.id, 1, kind: .cumulativeActual, asOf: "2023-13-01") },
          options: Token.options(Token.editor))
      }
      #expect(badAsOf?.message == "measurement.as_of: '2023-13-01' is not a date (YYYY-MM-DD)")
      let badKind = await expectRPCError(.invalidArgument) {
        _ = try await s.client.unary(
          API.recordMeasurement, .init().with { $0.measurement = measurement(indicator.id, 1, kind: .unspecified) },
          options: Token.options(Token.editor))
      }
      #expect(badKind?.details["field"] == "measurement.kind")
      let negative = await expectRPCError(.invalidArgument) {
        _ = try await s.client.unary(
          API.recordMeasurement,
          .init().with { $0.measurement = measurement(indicator.id, -5, kind: .cumulativeActual) },
          options: Token.options(Token.editor))
      }
      #expect(negative?.details["field"] == "measurement.value_milli")
      await expectRPCError(.notFound) {
        _ = try await s.client.unary(
          API.recordMeasurement, .init().with { $0.measurement = measurement("nope", 1, kind: .cumulativeActual) },
          options: Token.options(Token.editor))
      }
      await expectRPCError(.notFound) {
        _ = try await s.client.unary(
          API.getIndicator, .init().with { $0.id = "nope" }, options: Token.options(Token.reader))
      }
      await expectRPCError(.notFound) {
        _ = try await s.client.unary(
          API.getScorecard, .init().with { $0.resolutionID = "nope" }, options: Token.options(Token.reader))
      }
      await expectRPCError(.invalidArgument) {
        _ = try await s.client.unary(
          API.getScorecard,
          .init().with {
            $0.resolutionID = "r1"
            $0.asOf = "yesterday"
          }, options: Token.options(Token.reader))
      }
      await expectRPCError(.invalidArgument) {
        _ = try await s.client.unary(
          API.listResolutions, .init().with { $0.page = .init().with { $0.pageToken = "zz" } },
          options: Token.options(Token.reader))
      }
    }
  }

  @Test("Roles and commune scope are enforced", arguments: TestBackend.all)
  func permissions(backend: TestBackend) async throws {
    try await withIndicators(backend) { s in
      let admin = Token.options(Token.admin)
      let resolution = try await s.client.unary(
        API.createResolution, .init().with { $0.resolution = sampleResolution(id: "r1") }, options: admin)
      let district = try await s.client.unary(
        API.defineIndicator, .init().with { $0.indicator = sampleIndicator(resolutionID: resolution.id, id: "d") },
        options: admin)
      let commune = try await s.client.unary(
        API.defineIndicator,
        .init().with {
          $0.indicator = sampleIndicator(
            resolutionID: resolution.id, id: "c", code: "PL-01", orgUnit: TestCommune.phuocLy)
        },
        options: admin)
      await expectRPCError(.unauthenticated) {
        _ = try await s.client.unary(API.getResolution, .init().with { $0.id = "r1" })
      }
      await expectRPCError(.permissionDenied) {
        _ = try await s.client.unary(
          API.recordMeasurement, .init().with { $0.measurement = measurement(district.id, 1, kind: .cumulativeActual) },
          options: Token.options(Token.reader))
      }
      await expectRPCError(.permissionDenied) {
        _ = try await s.client.unary(
          API.createResolution, .init().with { $0.resolution = sampleResolution(code: "Y") },
          options: Token.options(Token.editor))
      }
      await expectRPCError(.permissionDenied) {
        _ = try await s.client.unary(
          API.defineIndicator, .init().with { $0.indicator = sampleIndicator(resolutionID: "r1", code: "Z") },
          options: Token.options(Token.editor))
      }
      await expectRPCError(.permissionDenied) {
        _ = try await s.client.unary(
          API.recordMeasurement, .init().with { $0.measurement = measurement(district.id, 1, kind: .cumulativeActual) },
          options: Token.options(Token.phuocLyEditor))
      }
      let own = try await s.client.unary(
        API.recordMeasurement, .init().with { $0.measurement = measurement(commune.id, 1, kind: .cumulativeActual) },
        options: Token.options(Token.phuocLyEditor))
      #expect(own.recorded?.subject == "phuoc-ly-editor@test")
    }
  }

  @Test(
    "RecordMeasurement is idempotent under a key; a different request with it is refused", arguments: TestBackend.all)
  func idempotency(backend: TestBackend) async throws {
    try await withIndicators(backend) { s in
      let admin = Token.options(Token.admin)
      _ = try await s.client.unary(
        API.createResolution, .init().with { $0.resolution = sampleResolution(id: "r1") }, options: admin)
      _ = try await s.client.unary(
        API.defineIndicator, .init().with { $0.indicator = sampleIndicator(resolutionID: "r1", id: "i1") },
        options: admin)
      let request = IndicatorsV1.RecordMeasurementRequest().with {
        $0.measurement = measurement("i1", 5, kind: .cumulativeActual)
      }
      let first = try await s.client.unary(
        API.recordMeasurement, request, options: Token.options(Token.editor, key: "k-1"))
      let retry = try await s.client.unary(
        API.recordMeasurement, request, options: Token.options(Token.editor, key: "k-1"))
      #expect(first == retry)
      let detail = try await s.client.unary(
        API.getIndicator, .init().with { $0.id = "i1" }, options: Token.options(Token.reader))
      #expect(detail.history.count == 1)
      let other = IndicatorsV1.RecordMeasurementRequest().with {
        $0.measurement = measurement("i1", 6, kind: .cumulativeActual)
      }
      await expectRPCError(.failedPrecondition) {
        _ = try await s.client.unary(API.recordMeasurement, other, options: Token.options(Token.editor, key: "k-1"))
      }
      let audit = try await s.store.audit.query(entity: "measurement")
      #expect(audit.count == 1)
      #expect(audit.first?.subject == "editor@test")
      #expect(audit.first?.rpc == "/district.indicators.v1.Indicators/RecordMeasurement")
    }
  }

  @Test("WatchScorecard sends the current scorecard, then a new one after a change", arguments: TestBackend.all)
  func watch(backend: TestBackend) async throws {
    try await withIndicators(backend) { s in
      let admin = Token.options(Token.admin)
      _ = try await s.client.unary(
        API.createResolution, .init().with { $0.resolution = sampleResolution(id: "r1") }, options: admin)
      _ = try await s.client.unary(
        API.defineIndicator, .init().with { $0.indicator = sampleIndicator(resolutionID: "r1", id: "i1") },
        options: admin)
      let stream = try await s.client.serverStream(
        API.watchScorecard,
        .init().with {
          $0.resolutionID = "r1"
          $0.asOf = "2023-11-22"
        },
        options: CallOptions(metadata: [MetadataKey.authorization: "Bearer \(Token.reader)"]))
      var iterator = stream.makeAsyncIterator()
      let first = try await iterator.next()
      #expect(first?.noData == 1)
      _ = try await s.client.unary(
        API.recordMeasurement,
        .init().with { $0.measurement = measurement("i1", 650_000_000_000_000, kind: .yearEndEstimate) },
        options: Token.options(Token.editor))
      let second = try await iterator.next()
      #expect(second?.exceeded == 1)
      #expect(second?.noData == 0)
    }
  }

  @Test("Data survive closing and reopening the store and the server")
  func restart() async throws {
    let database = try await TestDatabase.make(.sqlite)
    let first = try await database.open()
    try await withServer(store: first) { s in
      _ = try await s.client.unary(
        API.createResolution, .init().with { $0.resolution = sampleResolution(id: "r1") },
        options: Token.options(Token.admin))
      _ = try await s.client.unary(
        API.defineIndicator, .init().with { $0.indicator = sampleIndicator(resolutionID: "r1", id: "i1") },
        options: Token.options(Token.admin))
      _ = try await s.client.unary(
        API.recordMeasurement, .init().with { $0.measurement = measurement("i1", 5, kind: .cumulativeActual) },
        options: Token.options(Token.editor))
    }
    await first.shutdown()
    let second = try await database.open()
    try await withServer(store: second) { s in
      let detail = try await s.client.unary(
        API.getIndicator, .init().with { $0.id = "i1" }, options: Token.options(Token.reader))
      #expect(detail.history.map(\.valueMilli) == [5])
      #expect(detail.status?.indicator?.code == "CT-01")
    }
    await second.shutdown()
    await database.drop()
  }

  @Test("The demo data, seeded twice, score 15/15 as of 2023-11-22", arguments: TestBackend.all)
  func demo(backend: TestBackend) async throws {
    try await withIndicators(backend) { s in
      try await IndicatorsDemo.seed(s.client, options: Token.options(Token.admin))
      try await IndicatorsDemo.seed(s.client, options: Token.options(Token.admin))
      let card = try await s.client.unary(
        API.getScorecard,
        .init().with {
          $0.resolutionID = IndicatorsDemo.resolution2023
          $0.asOf = IndicatorsDemo.articleDate
        },
        options: Token.options(Token.reader))
      #expect(card.total == 15)
      #expect(card.exceeded + card.achieved == 15)
      #expect(ScorecardHeadline(card).vietnamese == "ước đạt và vượt 15/15")
      #expect(ScorecardHeadline(card).english == "estimated to meet or exceed 15 of 15 targets")
      let disbursement = card.indicators.first { $0.indicator?.code == "CT-06" }
      #expect(disbursement?.estimatedStatus == .achieved)  // 94.96 % published as 95.0 %
      let resolutions = try await s.client.unary(API.listResolutions, .init(), options: Token.options(Token.reader))
      #expect(resolutions.resolutions.count == 3)
      let measurements = try await s.store.audit.query(entity: "measurement", limit: 1000)
      #expect(measurements.count == 29)
    }
  }
}
