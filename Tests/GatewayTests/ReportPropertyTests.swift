import DistrictRPC
import DistrictSchema
import Foundation
import PropertyBased
import Testing

@testable import Gateway

/// Property-based tests of the report (issue 19) against the overview it is composed from:
/// random overviews built by hand, each section read, failed whole, or failed in part (a status
/// code with the parts that were read), in both languages. Every number the text states must be
/// derived from a figure of the overview (docs/GATEWAY.md's rounding, computed here
/// independently), every percentage must be a basis-point figure rounded to a whole percent, and
/// every failed section or part must be named as missing with its status.
@Suite("Report properties", .shrinking(false))
struct ReportPropertyTests {
  @Test("Every number in the report comes from the overview", arguments: [GatewayV1.Language.vi, .en])
  func everyNumberComesFromTheOverview(language: GatewayV1.Language) async throws {
    var cases = 0
    await propertyCheck(count: 200, input: OverviewGen.overview) { generated in
      cases += 1
      let text = try ReportComposer.report(generated.overview, language: language).text
      let allowed = ReportFigures.allowedNumbers(generated.overview)
      for number in ReportFigures.numbers(in: text, language: language) {
        #expect(allowed.contains(number), "\(number) is not a figure of the overview in: \(text)")
      }
      let percents = ReportFigures.allowedPercents(generated.overview)
      for percent in ReportFigures.percents(in: text, language: language) {
        #expect(percents.contains(percent), "\(percent)% is no basis-point figure of the overview in: \(text)")
      }
    }
    print("property gateway.report-numbers (\(language)): \(cases) cases")
  }

  @Test("Every failed section and part is named as missing, with its status", arguments: [GatewayV1.Language.vi, .en])
  func everyFailureIsNamed(language: GatewayV1.Language) async throws {
    var cases = 0
    await propertyCheck(count: 200, input: OverviewGen.overview) { generated in
      cases += 1
      let text = try ReportComposer.report(generated.overview, language: language).text
      let unavailable = language == .vi ? "chưa có số liệu" : "figures unavailable"
      for failure in generated.failures {
        let phrase = "\(language == .vi ? failure.vi : failure.en): \(unavailable) (\(failure.code): "
        #expect(text.contains(phrase), "\(phrase) missing from: \(text)")
      }
      if generated.failures.isEmpty {
        #expect(!text.contains(unavailable), "a failure named though none happened: \(text)")
      }
    }
    print("property gateway.report-failures (\(language)): \(cases) cases")
  }
}

/// A section or part the report must name as missing, in each language, with its status's name.
struct ReportFailure: Sendable, CustomStringConvertible {
  var vi: String
  var en: String
  var code: String
  var description: String { "\(en) (\(code))" }
}

/// A generated overview and what the report must say is missing: (name in a language, status name).
struct GeneratedOverview: Sendable, CustomTestStringConvertible {
  var overview: GatewayV1.Overview
  var failures: [ReportFailure]
  var testDescription: String { String(describing: overview) }
}

enum OverviewGen {
  static let codes: [RPCV1.StatusCode] = [
    .unavailable, .deadlineExceeded, .outOfRange, .internal, .dataLoss, .permissionDenied,
  ]
  static func status(_ code: RPCV1.StatusCode) -> RPCV1.Status {
    RPCV1.Status().with {
      $0.code = code
      $0.message = code == .ok ? "" : "the backend failed"
    }
  }

  /// Money as the services send it: up to a sum of many 10^14 entries, and small sums.
  static let money = zip(Gen.int64(in: 0...10_000_000_000_000_000), Gen.int(in: 0...3)).map { vnd, scale in
    [vnd, vnd % 2_000_000_000_000, vnd % 1_000_000_000, 0][scale]
  }
  static let bp = Gen.int64(in: 0...30_000)
  static let count = Gen.int32(in: 0...1_000_000)

  static let indicators = zip(
    zip(count, count, count, count), zip(count, Gen.bool), Gen.int(in: 0...2), Gen.int(in: 0...8)
  )
  .map { counts, rest, state, pick -> (GatewayV1.IndicatorsSection, [ReportFailure]) in
    let (noData, results) = rest
    let code = codes[pick % codes.count]
    if state == 0 {
      return (
        GatewayV1.IndicatorsSection().with { $0.status = status(code) },
        [ReportFailure(vi: "Chỉ tiêu Nghị quyết", en: "Resolution targets", code: StatusName.of(code))]
      )
    }
    var failures: [ReportFailure] = []
    let units = ["vnd", "m2", "count"]
    let statuses = (0..<3).map { n in
      IndicatorsV1.IndicatorStatus().with {
        $0.indicator = IndicatorsV1.Indicator().with {
          $0.id = "ind-\(n)"
          $0.nameVi = "Chỉ tiêu \(["A", "B", "C"][n])"
          $0.nameEn = "Target \(["A", "B", "C"][n])"
          $0.unit = units[n]
        }
        $0.countedStatus = [IndicatorsV1.Status.atRisk, .behind, .achieved][(pick + n) % 3]
      }
    }
    let live = (0..<3).map { n in
      GatewayV1.LiveFigure().with {
        $0.indicatorID = "ind-\(n)"
        $0.valueMilli = Int64(counts.0) * Int64(counts.1) * 1000 + Int64(n)
        $0.status = state == 2 && n == pick % 3 ? status(code) : status(.ok)
      }
    }
    if state == 2 {
      let n = pick % 3
      let letter = ["A", "B", "C"][n]
      failures.append(
        ReportFailure(
          vi: "Chỉ tiêu \(letter) (số liệu trực tiếp)", en: "Target \(letter) (live figure)", code: StatusName.of(code))
      )
    }
    let section = GatewayV1.IndicatorsSection().with {
      $0.status = state == 2 ? status(code) : status(.ok)
      $0.scorecard = IndicatorsV1.Scorecard().with {
        $0.exceeded = counts.0
        $0.achieved = counts.1
        $0.atRisk = counts.2
        $0.behind = counts.3
        $0.noData = noData
        $0.total = counts.0 &+ counts.1 &+ counts.2 &+ counts.3 &+ noData
        $0.results = results
        $0.indicators = statuses
      }
      $0.liveFigures = live
    }
    return (section, failures)
  }

  static let blocker = zip(Gen.int32(in: 0...5_000), Gen.int32(in: 1...6), count)
    .map { age, kind, n in (age, LandClearanceV1.BlockerKind(rawValue: kind), n % 500) }

  static let landClearance = zip(
    zip(count, count, Gen.int64(in: 0...1_000_000_000_000), money),
    blocker.array(of: 0...4), Gen.int(in: 0...2), Gen.int(in: 0...8)
  )
  .map { totals, blockers, state, pick -> (GatewayV1.LandClearanceSection, [ReportFailure]) in
    let code = codes[pick % codes.count]
    if state == 0 {
      return (
        GatewayV1.LandClearanceSection().with { $0.status = status(code) },
        [ReportFailure(vi: "Bồi thường, giải phóng mặt bằng", en: "Land clearance", code: StatusName.of(code))]
      )
    }
    let section = GatewayV1.LandClearanceSection().with {
      $0.status = state == 2 ? status(code) : status(.ok)
      $0.totals = LandClearanceV1.DistrictTotals().with {
        $0.asOf = "2023-11-22"
        $0.householdsPaid = totals.0
        $0.organisationsPaid = totals.1
        $0.areaPaid = CommonV1.Area().with { $0.squareMeters = totals.2 }
        $0.amountPaid = CommonV1.Money().with { $0.vnd = totals.3 }
        $0.paidDefinition = "any payment: …"
      }
      if state == 1 {
        $0.blockers = blockers.map { age, kind, _ in
          LandClearanceV1.Blocker().with {
            $0.ageDays = age
            $0.kind = kind
            $0.projectName = "Dự án K"
            $0.clearanceCase = LandClearanceV1.ClearanceCase().with { $0.id = "case-x" }
          }
        }
        var counts: [LandClearanceV1.BlockerKind: Int32] = [:]
        for (_, kind, n) in blockers { counts[kind, default: 0] += n + 1 }
        $0.blockerCounts = counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { kind, count in
          LandClearanceV1.BlockerCount().with {
            $0.kind = kind
            $0.count = count
          }
        }
        $0.blockerTotal = counts.values.reduce(0, +)
      }
    }
    return (section, state == 2 ? [ReportFailure(vi: "Vướng mắc", en: "Blockers", code: StatusName.of(code))] : [])
  }

  static let line = zip(money, money, bp).map { plan, disbursed, bp in
    FinanceV1.DisbursementLine().with {
      $0.name = "CT"
      $0.plan = CommonV1.Money().with { $0.vnd = plan }
      $0.disbursed = CommonV1.Money().with { $0.vnd = disbursed }
      $0.disbursedBp = bp
    }
  }

  static let finance = zip(
    zip(money, money, money, zip(bp, bp)), zip(line, line.array(of: 0...2), Gen.bool),
    Gen.int(in: 0...4), Gen.int(in: 0...8)
  )
  .map { revenue, disbursement, state, pick -> (GatewayV1.FinanceSection, [ReportFailure]) in
    let code = codes[pick % codes.count]
    // 0: failed whole; 1: read; 2: revenue failed; 3: disbursement failed; 4: lagging communes failed.
    if state == 0 {
      return (
        GatewayV1.FinanceSection().with { $0.status = status(code) },
        [
          ReportFailure(
            vi: "Thu ngân sách, giải ngân", en: "Budget revenue and disbursement", code: StatusName.of(code))
        ]
      )
    }
    let section = GatewayV1.FinanceSection().with {
      $0.status = state == 1 ? status(.ok) : status(code)
      if state != 2 {
        $0.revenue = FinanceV1.RevenueSummary().with {
          $0.asOf = "2023-11-01"
          $0.asOfPrecision = disbursement.2 ? .earlyMonth : .day
          $0.total = FinanceV1.RevenueLine().with {
            $0.collected = CommonV1.Money().with { $0.vnd = revenue.0 }
            $0.provinceEstimate = CommonV1.Money().with { $0.vnd = revenue.1 }
            $0.councilEstimate = CommonV1.Money().with { $0.vnd = revenue.2 }
            $0.ofProvinceBp = revenue.3.0
            $0.ofCouncilBp = revenue.3.1
          }
        }
      }
      if state != 3 {
        $0.disbursement = FinanceV1.GetDisbursementResponse().with {
          $0.publicInvestment = disbursement.0
          $0.nationalProgrammes = disbursement.1
        }
      }
      if state == 1 && pick % 2 == 0 {
        $0.laggingCommunes = [FinanceV1.LaggingCommune().with { $0.name = "Tân Tập" }]
      }
    }
    let failures: [ReportFailure] =
      switch state {
      case 2: [ReportFailure(vi: "Thu ngân sách", en: "Budget revenue", code: StatusName.of(code))]
      case 3:
        [
          ReportFailure(
            vi: "Giải ngân vốn đầu tư công", en: "Public-investment disbursement", code: StatusName.of(code))
        ]
      case 4:
        [
          ReportFailure(
            vi: "Các xã thu chậm so với tiến độ", en: "Communes lagging the expected pace", code: StatusName.of(code))
        ]
      default: []
      }
    return (section, failures)
  }

  static let overview = zip(indicators, landClearance, finance).map { indicators, landClearance, finance in
    GeneratedOverview(
      overview: GatewayV1.Overview().with {
        $0.year = 2023
        $0.asOf = "2023-11-22"
        $0.indicators = indicators.0
        $0.landClearance = landClearance.0
        $0.finance = finance.0
      },
      failures: indicators.1 + landClearance.1 + finance.1)
  }
}

/// The numbers a report may state of an overview, computed from docs/GATEWAY.md's rules
/// independently of the composer, and the numbers a report text states.
enum ReportFigures {
  static let billion: Int64 = 1_000_000_000

  /// Money as the report cuts it: whole triệu under one tỉ, whole tỉ, hundreds of tỉ from 1,000 tỉ.
  static func money(_ vnd: Int64) -> Int64 {
    if vnd < billion { return vnd / 1_000_000 }
    return vnd >= 1_000 * billion ? vnd / (100 * billion) * 100 : vnd / billion
  }

  /// Every number the report of `overview` may state.
  static func allowedNumbers(_ overview: GatewayV1.Overview) -> Set<Int64> {
    // The dates (title, sections) and the statutory periods named with the blockers' kinds.
    var allowed: Set<Int64> = [2023, 22, 11, 1, 10, 30, 180]
    func vnd(_ value: Int64) { allowed.insert(money(value)) }
    if let indicators = overview.indicators, let card = indicators.scorecard {
      allowed.formUnion(
        [card.exceeded, card.achieved, card.atRisk, card.behind, card.noData, card.total].map(Int64.init))
      allowed.insert(Int64(card.exceeded) + Int64(card.achieved))
      let units = Dictionary(
        card.indicators.compactMap { $0.indicator.map { ($0.id, $0.unit) } }, uniquingKeysWith: { a, _ in a })
      for figure in indicators.liveFigures where figure.status?.code == .ok {
        let whole = figure.valueMilli / 1000
        switch units[figure.indicatorID] {
        case "vnd": vnd(whole)
        case "m2": allowed.insert((whole + 5_000) / 10_000)
        default: allowed.insert(whole)
        }
      }
    }
    if let section = overview.landClearance, let totals = section.totals {
      allowed.formUnion([Int64(totals.householdsPaid), Int64(totals.organisationsPaid), Int64(section.blockerTotal)])
      allowed.insert(((totals.areaPaid?.squareMeters ?? 0) + 5_000) / 10_000)
      vnd(totals.amountPaid?.vnd ?? 0)
      allowed.formUnion(section.blockerCounts.map { Int64($0.count) })
      allowed.formUnion(section.blockers.map { Int64($0.ageDays) })
    }
    if let finance = overview.finance {
      if let total = finance.revenue?.total {
        for value in [total.collected?.vnd, total.provinceEstimate?.vnd, total.councilEstimate?.vnd] { vnd(value ?? 0) }
      }
      if let disbursement = finance.disbursement {
        allowed.insert(Int64(disbursement.nationalProgrammes.count))
        for line in [disbursement.publicInvestment].compactMap({ $0 }) + disbursement.nationalProgrammes {
          vnd(line.plan?.vnd ?? 0)
          vnd(line.disbursed?.vnd ?? 0)
        }
      }
    }
    return allowed.union(allowedPercents(overview))
  }

  /// Every whole percentage the report may state: the overview's basis points, rounded half up.
  static func allowedPercents(_ overview: GatewayV1.Overview) -> Set<Int64> {
    var bps: [Int64] = []
    if let total = overview.finance?.revenue?.total { bps += [total.ofProvinceBp, total.ofCouncilBp] }
    if let disbursement = overview.finance?.disbursement {
      bps += ([disbursement.publicInvestment].compactMap { $0 } + disbursement.nationalProgrammes).map(\.disbursedBp)
    }
    return Set(bps.map { ($0 + 50) / 100 })
  }

  /// The whole numbers in `text`, their thousands grouped as `language` groups them.
  static func numbers(in text: String, language: GatewayV1.Language) -> [Int64] {
    tokens(in: text, language: language).map(\.value)
  }

  /// The numbers directly followed by "%".
  static func percents(in text: String, language: GatewayV1.Language) -> [Int64] {
    tokens(in: text, language: language).filter(\.percent).map(\.value)
  }

  private static func tokens(in text: String, language: GatewayV1.Language) -> [(value: Int64, percent: Bool)] {
    let separator: Character = language == .vi ? "." : ","
    let characters = Array(text)
    var result: [(Int64, Bool)] = []
    var index = 0
    while index < characters.count {
      guard characters[index].isASCII, characters[index].isNumber else {
        index += 1
        continue
      }
      var digits = ""
      while index < characters.count {
        let c = characters[index]
        if c.isASCII && c.isNumber {
          digits.append(c)
        } else if c == separator, index + 1 < characters.count, characters[index + 1].isASCII,
          characters[index + 1].isNumber
        {
          // a group separator only between digits
        } else {
          break
        }
        index += 1
      }
      result.append((Int64(digits) ?? -1, index < characters.count && characters[index] == "%"))
    }
    return result
  }
}
