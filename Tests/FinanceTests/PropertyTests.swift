import DistrictGeography
import DistrictRPC
import DistrictSchema
import DistrictStore
import DistrictTestSupport
import Finance
import PropertyBased
import SQLKit
import Testing

/// Property-based tests of the revenue summary (issue 19): random valid sequences of
/// SetEstimate, RecordCollection and CorrectCollection through the real service on SQLite,
/// checked against a plain reference model of docs/FINANCE.md's rules. Each case is a fresh
/// database; a failure prints the generated steps and the `.fixedSeed(…)` that replays it.
@Suite("Finance properties", .serialized, .shrinking(false), .timeLimit(.minutes(2)))
struct FinancePropertyTests {
  /// Every line of the summary as of a random date is the model's: collected, both issuers'
  /// estimates (recorded row, else its breakdown; the district level is the unallocated rest),
  /// and basis points that are 0 without an estimate and `BasisPoints`' rounding otherwise.
  /// The total equals the sum of the rows by source and the sum of the rows by commune.
  @Test("Summary lines equal the model; totals equal the sum of their rows")
  func totalsEqualTheirRows() async {
    var cases = 0
    await propertyCheck(count: 60, input: FinanceGen.script) { script in
      cases += 1
      try await withFinance(.sqlite) { f in
        let model = try await FinanceModel.replay(script, on: f)
        for asOf in [script.asOf, FinanceGen.today] {
          let summary = try await f.summary(asOf)
          model.check(summary, asOf: asOf)
        }
      }
    }
    print("property finance.totals: \(cases) cases")
  }

  /// The rows by commune (the district-level row holding what is not allocated to a commune)
  /// add up to the total estimate of each issuer whenever the communes' estimates do not exceed
  /// it (EstimateTable.districtLevel; breakdowns are not forced to add up to a recorded total,
  /// docs/FINANCE.md). The district-level row is there whenever part of an estimate is not
  /// allocated, collected at district level or not (it was missing without such collections).
  @Test("The rows by commune add up to the total estimate")
  func communeRowsAddUpToTheTotalEstimate() async {
    var cases = 0
    var checked = 0
    await propertyCheck(count: 60, input: FinanceGen.script) { script in
      cases += 1
      try await withFinance(.sqlite) { f in
        let model = try await FinanceModel.replay(script, on: f)
        let summary = try await f.summary(FinanceGen.today)
        let table = model.estimates(asOf: FinanceGen.today)
        for issuer in [FinanceV1.EstimateIssuer.province, .districtCouncil] {
          let total = table.total(issuer)
          let allocated = table.communeIDs.reduce(Int64(0)) { $0 + table.commune(issuer, $1) }
          guard allocated <= total else { continue }
          checked += 1
          let rows = summary.byCommune.reduce(Int64(0)) { $0 + FinanceModel.estimate(of: $1, issuer) }
          #expect(rows == total, "\(issuer): rows by commune \(rows) ≠ total \(total)")
        }
      }
    }
    print("property finance.breakdown: \(cases) cases (\(checked) issuer totals checked)")
  }

  /// A view as of D does not change when a fact dated after D is added: a collection, a
  /// correction of a collection made on or before D, an estimate decided after D.
  @Test("A summary as of a date is unchanged by facts dated after it")
  func laterFactsDoNotChangeAnEarlierView() async {
    var cases = 0
    await propertyCheck(count: 50, input: FinanceGen.script, FinanceGen.later) { script, later in
      cases += 1
      try await withFinance(.sqlite) { f in
        let model = try await FinanceModel.replay(script, on: f)
        let asOf = script.asOf
        let before = try await f.summary(asOf)
        let asOfDay = FinanceGen.dayOfYear(asOf)
        guard asOfDay < FinanceGen.todayDay else { return }
        let day = FinanceGen.date(asOfDay + 1 + later.offset % (FinanceGen.todayDay - asOfDay))
        switch later.kind {
        case 0:
          try await f.collect(
            later.amount, on: day, source: FinanceGen.sources[later.pick % 3].code,
            commune: FinanceGen.communes[later.pick % FinanceGen.communes.count])
        case 1:
          if let original = model.collections.first(where: {
            !$0.isReversal && $0.day <= asOfDay && !model.isReversed($0.id)
          }) {
            try await f.correct(original.id, on: day)
          } else {
            try await f.collect(later.amount, on: day, source: "a")
          }
        default:
          try await f.estimate(
            later.pick % 2 == 0 ? .province : .districtCouncil, later.amount - 1,
            source: later.pick % 4 < 2 ? "" : "a", decidedOn: day)
        }
        let after = try await f.summary(asOf)
        #expect(after == before, "as of \(asOf), after a fact dated \(day) (kind \(later.kind))")
      }
    }
    print("property finance.as-of: \(cases) cases")
  }

  /// Sums past 64 bits (only possible with records older than the bound, written straight into
  /// the table here) are OUT_OF_RANGE, never a trap or INTERNAL: the summary as of a date
  /// answers exactly when the collections counted by then fit an Int64, and OUT_OF_RANGE when not.
  @Test("Sums past Int64 are OUT_OF_RANGE; sums that fit are exact")
  func sumsPastSixtyFourBitsAreAStatus() async {
    var cases = 0
    let legacy = zip(Gen.int64(in: 1...Int64.max), Gen.int(in: 0...FinanceGen.todayDay), Gen.int(in: 0...11))
      .array(of: 1...5)
    await propertyCheck(count: 50, input: legacy, Gen.int(in: 0...FinanceGen.todayDay)) { rows, asOfDay in
      cases += 1
      try await withFinance(.sqlite) { f in
        for code in FinanceGen.sources { try await f.source(code.code, balanced: code.balanced) }
        try await f.estimate(.province, 636 * billion)
        try await f.store.transaction { db in
          for (n, row) in rows.enumerated() {
            let (amount, day, pick) = row
            try await db.raw(
              """
              INSERT INTO collection (id, year, collected_on, source_code, commune_id, amount_vnd, note, recorded_by,
                recorded_at_ms, recorded_rpc)
              VALUES (\(bind: "legacy-\(n)"), 2023, \(bind: FinanceGen.date(day)), \(bind: FinanceGen.sources[pick % 3].code),
                \(bind: FinanceGen.communes[pick % FinanceGen.communes.count]), \(bind: amount), '', 'legacy', 0, 'legacy')
              """
            ).run()
          }
        }
        let counted = rows.filter { $0.1 <= asOfDay }.reduce(Int128(0)) { $0 + Int128($1.0) }
        do {
          let summary = try await f.summary(FinanceGen.date(asOfDay))
          #expect(counted <= Int128(Int64.max), "answered although the sum \(counted) does not fit")
          #expect(Int128(summary.total?.collected?.vnd ?? -1) == counted)
        } catch let error as RPCError {
          #expect(error.code == .outOfRange, "\(error)")
          #expect(counted > Int128(Int64.max), "OUT_OF_RANGE although the sum \(counted) fits")
        }
      }
    }
    print("property finance.overflow: \(cases) cases")
  }
}

// MARK: - Generators

/// One generated write, interpreted into a valid request by the model (`FinanceModel.replay`).
struct FinanceStep: Sendable, CustomStringConvertible {
  /// 0–1 an estimate, 2–7 a collection, 8–9 a correction.
  var kind: Int
  var amount: Int64
  var day: Int
  var pick: Int

  var description: String { "(\(kind), \(amount), \(day), \(pick))" }
}

/// A random script: the writes and a date to view as of.
struct FinanceScript: Sendable, CustomStringConvertible {
  var steps: [FinanceStep]
  var asOfDay: Int
  var asOf: String { FinanceGen.date(asOfDay) }
  var description: String { "steps \(steps), as of \(asOf)" }
}

/// A fact dated after the view's date.
struct LaterFact: Sendable, CustomStringConvertible {
  var kind: Int
  var amount: Int64
  var offset: Int
  var pick: Int
  var description: String { "later(\(kind), \(amount), +\(offset), \(pick))" }
}

enum FinanceGen {
  static let today = "2023-11-22"
  static let todayDay = dayOfYear(today)
  /// Two balanced sources and one that is not.
  static let sources: [(code: String, balanced: Bool)] = [("a", true), ("b", true), ("c", false)]
  /// Three communes valid all of 2023 and the district level.
  static let communes = [
    "", ReferenceGeography.oldCommune("long-hau"), ReferenceGeography.oldCommune("tan-tap"),
    ReferenceGeography.oldCommune("phuoc-lai"),
  ]

  /// 1…10^14 VND, half of them below 10^9 so that rates are not all near 100 %.
  static let amount = zip(Gen.int64(in: 1...Amounts.maximumEntryVND), Gen.bool).map { vnd, small in
    small ? vnd % 1_000_000_000 + 1 : vnd
  }

  static let step = zip(Gen.int(in: 0...9), amount, Gen.int(in: 0...todayDay), Gen.int(in: 0...999))
    .map { FinanceStep(kind: $0, amount: $1, day: $2, pick: $3) }

  static let script = zip(step.array(of: 1...12), Gen.int(in: 0...todayDay))
    .map { FinanceScript(steps: $0, asOfDay: $1) }

  static let later = zip(Gen.int(in: 0...2), amount, Gen.int(in: 0...400), Gen.int(in: 0...999))
    .map { LaterFact(kind: $0, amount: $1, offset: $2, pick: $3) }

  private static let monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

  /// Day 0 is 1 January of `year`.
  static func date(_ day: Int, year: Int = 2023) -> String {
    var rest = day
    for (index, length) in monthDays.enumerated() {
      if rest < length {
        return "\(year)-\(index + 1 < 10 ? "0" : "")\(index + 1)-\(rest + 1 < 10 ? "0" : "")\(rest + 1)"
      }
      rest -= length
    }
    return "\(year)-12-31"
  }

  static func dayOfYear(_ date: String) -> Int {
    let parts = date.split(separator: "-").map { Int($0)! }
    return monthDays.prefix(parts[1] - 1).reduce(0, +) + parts[2] - 1
  }
}

// MARK: - The reference model

/// What the service should hold after a script, in plain Swift: the collections with their
/// reversals, and every estimate version.
struct FinanceModel {
  struct Collection {
    var id: String
    var day: Int
    var source: String
    var commune: String
    var amount: Int64
    var reverses: String?
    var isReversal: Bool { reverses != nil }
  }

  struct EstimateKey: Hashable {
    var issuer: FinanceV1.EstimateIssuer
    var source: String
    var commune: String
    var decidedOn: String
  }

  var collections: [Collection] = []
  var estimateVersions: [EstimateKey: Int64] = [:]

  func isReversed(_ id: String) -> Bool { collections.contains { $0.reverses == id } }

  /// Configures the sources, then sends each step as a valid request and records it in the model.
  static func replay(_ script: FinanceScript, on f: FinanceHarness) async throws -> FinanceModel {
    var model = FinanceModel()
    for source in FinanceGen.sources { try await f.source(source.code, balanced: source.balanced) }
    for (index, step) in script.steps.enumerated() {
      switch step.kind {
      case 0...1:
        let issuer: FinanceV1.EstimateIssuer = step.pick % 2 == 0 ? .province : .districtCouncil
        let source = ["", "a", "b", "c"][step.pick / 2 % 4]
        let commune = FinanceGen.communes[step.pick / 8 % 4]
        let decidedOn = [
          "", FinanceGen.date(step.day, year: 2022), FinanceGen.date(step.day),
        ][step.pick / 32 % 3]
        let amount = step.pick % 7 == 0 ? 0 : step.amount
        try await f.estimate(issuer, amount, source: source, commune: commune, decidedOn: decidedOn)
        model.estimateVersions[EstimateKey(issuer: issuer, source: source, commune: commune, decidedOn: decidedOn)] =
          amount
      case 2...7:
        let source = FinanceGen.sources[step.pick % 3].code
        let commune = FinanceGen.communes[step.pick / 3 % 4]
        let id = "c\(index)"
        try await f.collect(step.amount, on: FinanceGen.date(step.day), source: source, commune: commune, id: id)
        model.collections.append(
          Collection(id: id, day: step.day, source: source, commune: commune, amount: step.amount))
      default:
        let originals = model.collections.filter { !$0.isReversal }
        guard !originals.isEmpty else { continue }
        let original = originals[step.pick % originals.count]
        let day = step.pick / 16 % 2 == 0 ? nil : max(original.day, step.day)
        if model.isReversed(original.id) {
          // A second correction is refused, and changes nothing.
          await expectRPCError(.failedPrecondition) {
            try await f.correct(original.id, on: day.map { FinanceGen.date($0) })
          }
          continue
        }
        try await f.correct(original.id, on: day.map { FinanceGen.date($0) }, id: "r\(index)")
        model.collections.append(
          Collection(
            id: "r\(index)", day: day ?? original.day, source: original.source, commune: original.commune,
            amount: -original.amount, reverses: original.id))
      }
    }
    return model
  }

  /// The estimates in force on `asOf`: per slice, the version decided last on or before it
  /// ("" is the original, in force from before the year).
  func estimates(asOf: String) -> ModelEstimates {
    var latest: [EstimateKey: (String, Int64)] = [:]
    for (key, amount) in estimateVersions where key.decidedOn <= asOf {
      let slice = EstimateKey(issuer: key.issuer, source: key.source, commune: key.commune, decidedOn: "")
      if let known = latest[slice], known.0 > key.decidedOn { continue }
      latest[slice] = (key.decidedOn, amount)
    }
    return ModelEstimates(rows: latest.mapValues(\.1))
  }

  static func estimate(of line: FinanceV1.RevenueLine, _ issuer: FinanceV1.EstimateIssuer) -> Int64 {
    (issuer == .province ? line.provinceEstimate : line.councilEstimate)?.vnd ?? 0
  }

  /// Half away from zero, from the exact quotient: the reference for `BasisPoints.rate`.
  static func referenceRate(_ part: Int64, of whole: Int64) -> Int64 {
    guard whole != 0 else { return 0 }
    let numerator = Int128(part) * 10_000
    let (q, r) = numerator.quotientAndRemainder(dividingBy: Int128(whole))
    let away: Int128 = r.magnitude * 2 >= UInt128(whole.magnitude) ? (numerator < 0 ? -1 : 1) : 0
    return Int64(q + away)
  }

  /// Checks every line of `summary` as of `asOf` against the model.
  func check(_ summary: FinanceV1.RevenueSummary, asOf: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let day = FinanceGen.dayOfYear(asOf)
    let counted = collections.filter { $0.day <= day }
    let table = estimates(asOf: asOf)
    func collected(_ include: (Collection) -> Bool) -> Int64 { counted.filter(include).reduce(0) { $0 + $1.amount } }
    func checkLine(_ line: FinanceV1.RevenueLine?, _ what: String, collected: Int64, province: Int64, council: Int64) {
      guard let line else {
        Issue.record("\(what): missing", sourceLocation: sourceLocation)
        return
      }
      #expect(line.collected?.vnd == collected, "\(what) collected", sourceLocation: sourceLocation)
      #expect(line.provinceEstimate?.vnd == province, "\(what) province estimate", sourceLocation: sourceLocation)
      #expect(line.councilEstimate?.vnd == council, "\(what) council estimate", sourceLocation: sourceLocation)
      // No percentage without a non-zero denominator; otherwise the reference rounding.
      #expect(
        line.ofProvinceBp == (province == 0 ? 0 : Self.referenceRate(collected, of: province)),
        "\(what) of_province_bp", sourceLocation: sourceLocation)
      #expect(
        line.ofCouncilBp == (council == 0 ? 0 : Self.referenceRate(collected, of: council)),
        "\(what) of_council_bp", sourceLocation: sourceLocation)
    }
    let total = collected { _ in true }
    checkLine(
      summary.total, "total", collected: total, province: table.total(.province), council: table.total(.districtCouncil)
    )
    let balancedCodes = Set(FinanceGen.sources.filter { $0.balanced }.map { $0.code })
    checkLine(
      summary.balanced, "balanced", collected: collected { balancedCodes.contains($0.source) },
      province: balancedCodes.reduce(0) { $0 + table.source(.province, $1) },
      council: balancedCodes.reduce(0) { $0 + table.source(.districtCouncil, $1) })

    // By source: every configured source, in code order.
    #expect(summary.bySource.map(\.key) == FinanceGen.sources.map { $0.code }, sourceLocation: sourceLocation)
    for line in summary.bySource {
      checkLine(
        line, "source \(line.key)", collected: collected { $0.source == line.key },
        province: table.source(.province, line.key), council: table.source(.districtCouncil, line.key))
    }
    // By commune: each commune with an estimate or a collection counted, the district level last
    // when something was collected there or part of an estimate is not allocated.
    let unallocated = table.districtLevel(.province) > 0 || table.districtLevel(.districtCouncil) > 0
    let expectedCommunes = FinanceGen.communes.filter { id in
      (!id.isEmpty && table.communeIDs.contains(id)) || counted.contains { $0.commune == id }
        || (id.isEmpty && unallocated)
    }
    let order = { (id: String) in Communes.all.firstIndex { $0.id == id } ?? Communes.all.count }
    #expect(
      summary.byCommune.map(\.key) == expectedCommunes.sorted { order($0) < order($1) }, sourceLocation: sourceLocation)
    for line in summary.byCommune {
      checkLine(
        line, "commune '\(line.key)'", collected: collected { $0.commune == line.key },
        province: line.key.isEmpty ? table.districtLevel(.province) : table.commune(.province, line.key),
        council: line.key.isEmpty ? table.districtLevel(.districtCouncil) : table.commune(.districtCouncil, line.key))
    }
    // The breakdowns of what was collected add up to the total.
    #expect(
      summary.bySource.reduce(0) { $0 + ($1.collected?.vnd ?? 0) } == summary.total?.collected?.vnd,
      "by source ≠ total", sourceLocation: sourceLocation)
    #expect(
      summary.byCommune.reduce(0) { $0 + ($1.collected?.vnd ?? 0) } == summary.total?.collected?.vnd,
      "by commune ≠ total", sourceLocation: sourceLocation)
  }
}

/// The estimates of a slice, per docs/FINANCE.md "Estimates of a slice": a recorded row wins;
/// otherwise the sum of the slice's breakdown (the whole district: its per-source rows, else
/// its per-commune rows; a source: its per-commune rows; a commune: its per-source rows).
struct ModelEstimates {
  /// Per slice (decidedOn is ""), the amount in force.
  var rows: [FinanceModel.EstimateKey: Int64]

  private func exact(_ issuer: FinanceV1.EstimateIssuer, _ source: String, _ commune: String) -> Int64? {
    rows[FinanceModel.EstimateKey(issuer: issuer, source: source, commune: commune, decidedOn: "")]
  }

  private func sum(_ issuer: FinanceV1.EstimateIssuer, _ include: (FinanceModel.EstimateKey) -> Bool) -> Int64? {
    let matching = rows.filter { $0.key.issuer == issuer && include($0.key) }
    return matching.isEmpty ? nil : matching.values.reduce(0, +)
  }

  func total(_ issuer: FinanceV1.EstimateIssuer) -> Int64 {
    exact(issuer, "", "") ?? sum(issuer) { !$0.source.isEmpty && $0.commune.isEmpty }
      ?? sum(issuer) { $0.source.isEmpty && !$0.commune.isEmpty } ?? 0
  }

  func source(_ issuer: FinanceV1.EstimateIssuer, _ code: String) -> Int64 {
    exact(issuer, code, "") ?? sum(issuer) { $0.source == code && !$0.commune.isEmpty } ?? 0
  }

  func commune(_ issuer: FinanceV1.EstimateIssuer, _ id: String) -> Int64 {
    exact(issuer, "", id) ?? sum(issuer) { !$0.source.isEmpty && $0.commune == id } ?? 0
  }

  var communeIDs: Set<String> { Set(rows.keys.map(\.commune).filter { !$0.isEmpty }) }

  /// What is not allocated to a commune, never below 0.
  func districtLevel(_ issuer: FinanceV1.EstimateIssuer) -> Int64 {
    max(0, total(issuer) - communeIDs.reduce(0) { $0 + commune(issuer, $1) })
  }
}

extension FinanceHarness {
  /// CorrectCollection of `id`, dated `date` (the collection's date when nil).
  @discardableResult
  func correct(_ id: String, on date: String? = nil, id correctionID: String = "") async throws -> FinanceV1.Collection
  {
    try await client.unary(
      S.correctCollection,
      .init().with {
        $0.collectionID = id
        $0.reason = "property test"
        $0.correctionID = correctionID
        $0.correctedOn = date ?? ""
      }, options: Token.options(Token.editor, key: "correct-\(id)-\(correctionID)-\(date ?? "")"))
  }
}
