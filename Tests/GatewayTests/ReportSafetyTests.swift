import DistrictRPC
import DistrictSchema
import Foundation
import Indicators
import Testing

@testable import Gateway

/// The report on overviews built by hand: free text cannot write a paragraph, a person is never
/// named, a part that failed is said to be missing, and no figure a backend sends can trap.
@Suite("Report safety")
struct ReportSafetyTests {
  static let injected =
    "Dự án K\n\nTHÔNG BÁO CỦA UBND HUYỆN: chỉ tiêu thu ngân sách đã đạt 200% dự toán\u{2028}liên hệ 0900000000\u{202E}"

  static func blocker(party: String, project: String, age: Int32, caseID: String = "case-1") -> LandClearanceV1.Blocker
  {
    LandClearanceV1.Blocker().with {
      $0.partyName = party
      $0.projectName = project
      $0.ageDays = age
      $0.kind = .openComplaint
      $0.reason = "open complaint"
      $0.clearanceCase = LandClearanceV1.ClearanceCase().with { $0.id = caseID }
    }
  }

  static func landClearance(
    blockers: [LandClearanceV1.Blocker], status: RPCV1.StatusCode = .ok
  ) -> GatewayV1.LandClearanceSection {
    GatewayV1.LandClearanceSection().with {
      $0.status = RPCV1.Status().with {
        $0.code = status
        $0.message = status == .ok ? "" : "the blockers failed"
      }
      $0.totals = LandClearanceV1.DistrictTotals().with {
        $0.asOf = "2023-11-22"
        $0.householdsPaid = 881
        $0.organisationsPaid = 2
        $0.amountPaid = CommonV1.Money().with { $0.vnd = 1_203_750_000_000 }
        $0.areaPaid = CommonV1.Area().with { $0.squareMeters = 1_129_600 }
      }
      $0.blockers = blockers
      $0.blockerTotal = Int32(blockers.count)
      $0.blockerCounts =
        blockers.isEmpty
        ? []
        : [
          LandClearanceV1.BlockerCount().with {
            $0.kind = .openComplaint
            $0.count = Int32(blockers.count)
          }
        ]
    }
  }

  static func overview(
    landClearance: GatewayV1.LandClearanceSection? = nil, finance: GatewayV1.FinanceSection? = nil,
    indicators: GatewayV1.IndicatorsSection? = nil
  ) -> GatewayV1.Overview {
    GatewayV1.Overview().with {
      $0.year = 2023
      $0.asOf = "2023-11-22"
      $0.landClearance = landClearance
      $0.finance = finance
      $0.indicators = indicators
    }
  }

  @Test(
    "A name holding line breaks, separators and bidi overrides stays on one line, quoted, and no person is named",
    arguments: [GatewayV1.Language.vi, .en])
  func injectedName(language: GatewayV1.Language) throws {
    let overview = Self.overview(
      landClearance: Self.landClearance(blockers: [
        Self.blocker(party: "Hộ bà X\n\n" + Self.injected, project: Self.injected, age: 1_200, caseID: "case-oldest"),
        Self.blocker(party: "Hộ ông Y", project: "Dự án Z", age: 40),
      ]))
    let report = try ReportComposer.report(overview, language: language)
    let paragraphs = report.text.components(separatedBy: "\n\n")
    #expect(paragraphs.count == 3, "\(report.text)")
    for paragraph in paragraphs {
      #expect(
        !paragraph.unicodeScalars.contains {
          $0.properties.generalCategory == .control || $0.properties.generalCategory == .format
        })
      #expect(!paragraph.contains("\u{2028}"))
    }
    #expect(!report.text.contains("Hộ bà X"))
    #expect(!report.text.contains("Hộ ông Y"))
    #expect(report.text.contains("“case-oldest”"))
    // The project's name is quoted and cut: it reads as a name, not as the report's own words.
    #expect(report.text.contains("“Dự án K THÔNG BÁO"))
    #expect(
      !report.text.contains("200% dự toán liên hệ 0900000000”"),
      "a name is cut at \(ReportText.maximumQuotedLength) characters")
  }

  @Test(
    "Blockers that could not be read are said to be missing, never 'no blockers'",
    arguments: [GatewayV1.Language.vi, .en])
  func blockersFailed(language: GatewayV1.Language) throws {
    let overview = Self.overview(landClearance: Self.landClearance(blockers: [], status: .dataLoss))
    let report = try ReportComposer.report(overview, language: language)
    #expect(!report.text.contains("Không có vướng mắc"))
    #expect(!report.text.contains("No blockers"))
    #expect(report.text.contains("DATA_LOSS"))
    #expect(report.text.contains(language == .vi ? "Vướng mắc: chưa có số liệu" : "Blockers: figures unavailable"))
  }

  @Test(
    "Revenue that failed while disbursement was read is said to be missing", arguments: [GatewayV1.Language.vi, .en])
  func revenueFailed(language: GatewayV1.Language) throws {
    let finance = GatewayV1.FinanceSection().with {
      $0.status = RPCV1.Status().with {
        $0.code = .outOfRange
        $0.message = "a sum is too large"
      }
      $0.disbursement = FinanceV1.GetDisbursementResponse().with {
        $0.publicInvestment = FinanceV1.DisbursementLine().with {
          $0.plan = CommonV1.Money().with { $0.vnd = 100_000_000_000 }
          $0.disbursed = CommonV1.Money().with { $0.vnd = 50_000_000_000 }
          $0.disbursedBp = 5_000
        }
      }
    }
    let report = try ReportComposer.report(Self.overview(finance: finance), language: language)
    #expect(
      report.text.contains(
        language == .vi
          ? "Thu ngân sách: chưa có số liệu (OUT_OF_RANGE" : "Budget revenue: figures unavailable (OUT_OF_RANGE"))
  }

  @Test("No figure a backend sends traps the report: Int64's ends in every money and area field")
  func extremeFigures() throws {
    for vnd in [Int64.max, Int64.min, Int64.max - 1, Int64.min + 1, 0, -1] {
      let section = GatewayV1.LandClearanceSection().with {
        $0.status = RPCV1.Status()
        $0.totals = LandClearanceV1.DistrictTotals().with {
          $0.asOf = "2023-11-22"
          $0.householdsPaid = .max
          $0.organisationsPaid = .min
          $0.amountPaid = CommonV1.Money().with { $0.vnd = vnd }
          $0.areaPaid = CommonV1.Area().with { $0.squareMeters = vnd }
        }
      }
      let finance = GatewayV1.FinanceSection().with {
        $0.status = RPCV1.Status()
        $0.revenue = FinanceV1.RevenueSummary().with {
          $0.asOf = "2023-11-01"
          $0.total = FinanceV1.RevenueLine().with {
            $0.collected = CommonV1.Money().with { $0.vnd = vnd }
            $0.provinceEstimate = CommonV1.Money().with { $0.vnd = vnd }
            $0.councilEstimate = CommonV1.Money().with { $0.vnd = vnd }
            $0.ofProvinceBp = vnd
            $0.ofCouncilBp = vnd
          }
        }
      }
      var overview = Self.overview(landClearance: section, finance: finance)
      let scorecard = IndicatorsV1.Scorecard().with { scorecard in
        scorecard.exceeded = .max
        scorecard.achieved = .max
        scorecard.indicators = LinkedFigure.allCases.map { figure in
          IndicatorsV1.IndicatorStatus().with {
            $0.indicator = IndicatorsV1.Indicator().with {
              $0.id = figure.rawValue
              $0.unit = "vnd"
              $0.dataSource = IndicatorsV1.DataSource().with { $0.source = .linkedFigure(figure.rawValue) }
            }
          }
        }
      }
      let live = LinkedFigure.liveFigures(for: scorecard, in: overview)
      #expect(live.count == LinkedFigure.allCases.count)
      for figure in live where figure.figure == LinkedFigure.revenueCollected.rawValue {
        let carried = vnd.magnitude <= LinkedFigure.maximumValue.magnitude
        #expect(figure.status?.code == (carried ? .ok : .outOfRange), "\(vnd)")
      }
      overview.indicators = GatewayV1.IndicatorsSection().with {
        $0.scorecard = scorecard
        $0.liveFigures = live
      }
      for language in [GatewayV1.Language.vi, .en] {
        _ = try ReportComposer.report(overview, language: language)
      }
    }
  }

  @Test("A collection of 10^16 VND is a live figure out of range, said so in the report, not a crash")
  func liveFigureTooLarge() throws {
    let finance = GatewayV1.FinanceSection().with {
      $0.status = RPCV1.Status()
      $0.revenue = FinanceV1.RevenueSummary().with {
        $0.total = FinanceV1.RevenueLine().with {
          $0.collected = CommonV1.Money().with { $0.vnd = 10_000_000_000_000_000 }
        }
      }
    }
    let scorecard = IndicatorsV1.Scorecard().with {
      $0.indicators = [
        IndicatorsV1.IndicatorStatus().with {
          $0.indicator = IndicatorsV1.Indicator().with {
            $0.id = "ct-01"
            $0.unit = "vnd"
            $0.nameVi = "Thu ngân sách"
            $0.nameEn = "Budget revenue"
            $0.dataSource = IndicatorsV1.DataSource().with {
              $0.source = .linkedFigure(LinkedFigure.revenueCollected.rawValue)
            }
          }
        }
      ]
    }
    var overview = Self.overview(finance: finance)
    overview.indicators = GatewayV1.IndicatorsSection().with {
      $0.scorecard = scorecard
      $0.liveFigures = LinkedFigure.liveFigures(for: scorecard, in: overview)
    }
    let report = try ReportComposer.report(overview, language: .en)
    #expect(report.text.contains("Budget revenue (live figure): figures unavailable (OUT_OF_RANGE"))
  }

  @Test(
    "A whole year's revenue is 'năm 2023' / 'in 2023', not accumulated up to it; no money is '0 đồng' / 'VND 0'",
    arguments: [GatewayV1.Language.vi, .en])
  func wholeYearAndNothing(language: GatewayV1.Language) throws {
    let finance = GatewayV1.FinanceSection().with {
      $0.status = RPCV1.Status()
      $0.revenue = FinanceV1.RevenueSummary().with {
        $0.asOf = "2023-12-31"
        $0.asOfPrecision = .year
        $0.total = FinanceV1.RevenueLine().with {
          $0.collected = CommonV1.Money().with { $0.vnd = 0 }
          $0.provinceEstimate = CommonV1.Money().with { $0.vnd = 636_000_000_000 }
        }
      }
    }
    let text = try ReportComposer.report(Self.overview(finance: finance), language: language).text
    if language == .vi {
      #expect(text.contains("Thu ngân sách nhà nước trên địa bàn năm 2023"), "\(text)")
      #expect(!text.contains("lũy kế đến năm"), "\(text)")
      #expect(text.contains("0 đồng/636 tỉ đồng"), "\(text)")
    } else {
      #expect(text.contains("collected in the district in 2023:"), "\(text)")
      #expect(text.contains("VND 0 of VND 636 billion"), "\(text)")
    }
    #expect(!text.contains("0 triệu đồng") && !text.contains("VND 0 million"), "\(text)")
  }

  @Test("A revised estimate in force is named as revised; an original is not", arguments: [GatewayV1.Language.vi, .en])
  func revisedEstimate(language: GatewayV1.Language) throws {
    func text(provinceRevised: Bool) throws -> String {
      let finance = GatewayV1.FinanceSection().with {
        $0.status = RPCV1.Status()
        $0.revenue = FinanceV1.RevenueSummary().with {
          $0.asOf = "2023-11-22"
          $0.total = FinanceV1.RevenueLine().with {
            $0.collected = CommonV1.Money().with { $0.vnd = 610_000_000_000 }
            $0.provinceEstimate = CommonV1.Money().with { $0.vnd = 648_000_000_000 }
            $0.councilEstimate = CommonV1.Money().with { $0.vnd = 700_000_000_000 }
            $0.ofProvinceBp = 9_414
            $0.ofCouncilBp = 8_714
          }
          $0.estimatesInForce = [
            .init().with {
              $0.issuer = .province
              $0.decidedOn = "2023-11-10"
              $0.revised = provinceRevised
            },
            .init().with {
              $0.issuer = .districtCouncil
              $0.decidedOn = "2022-12-20"
            },
          ]
        }
      }
      return try ReportComposer.report(Self.overview(finance: finance), language: language).text
    }
    let revised = try text(provinceRevised: true)
    let original = try text(provinceRevised: false)
    if language == .vi {
      #expect(revised.contains("đạt 94% dự toán tỉnh giao điều chỉnh (610/648 tỉ đồng)"), "\(revised)")
      #expect(!revised.contains("HĐND huyện giao điều chỉnh"), "\(revised)")
      #expect(!original.contains("điều chỉnh"), "\(original)")
    } else {
      #expect(revised.contains("94% of the province's revised estimate"), "\(revised)")
      #expect(!revised.contains("council's revised"), "\(revised)")
      #expect(!original.contains("revised"), "\(original)")
    }
  }

  @Test("No percentage of nothing: an estimate or plan of 0 is said in words", arguments: [GatewayV1.Language.vi, .en])
  func nothingToDivideBy(language: GatewayV1.Language) throws {
    let finance = GatewayV1.FinanceSection().with {
      $0.status = RPCV1.Status()
      $0.revenue = FinanceV1.RevenueSummary().with {
        $0.asOf = "2022-03-01"
        $0.total = FinanceV1.RevenueLine().with { $0.collected = CommonV1.Money().with { $0.vnd = 90_500_000_000 } }
      }
      $0.disbursement = FinanceV1.GetDisbursementResponse().with {
        $0.publicInvestment = FinanceV1.DisbursementLine()
        $0.nationalProgrammes = [FinanceV1.DisbursementLine().with { $0.name = "Nông thôn mới" }]
      }
    }
    let text = try ReportComposer.report(Self.overview(finance: finance), language: language).text
    #expect(!text.contains("0%"), "\(text)")
    #expect(!text.contains("0 triệu đồng") && !text.contains("VND 0 million"), "\(text)")
    #expect(text.contains(language == .vi ? "chưa có dự toán tỉnh giao" : "no estimate from the province yet"))
    #expect(text.contains(language == .vi ? "chưa có kế hoạch vốn" : "no capital plan recorded yet"))
  }

  @Test(
    "After the year, results: final statuses counted, no 'ước' / 'estimated'", arguments: [GatewayV1.Language.vi, .en])
  func resultsAfterTheYear(language: GatewayV1.Language) throws {
    // CT-13 estimated exceeded but final behind (240 against 250); the rest exceeded.
    let indicators = (1...15).map { n in
      IndicatorsV1.IndicatorStatus().with {
        $0.indicator = IndicatorsV1.Indicator().with {
          $0.id = "ct-\(n)"
          $0.nameVi = "CT-\(n)"
          $0.nameEn = "CT-\(n)"
        }
        $0.estimatedStatus = .exceeded
        if n == 13 { $0.finalStatus = .behind }
      }
    }
    // The scorecards the indicators service sends after the year and during it.
    func scorecard(asOf: CalendarDate) -> IndicatorsV1.Scorecard {
      ScorecardSummary.make(resolutionID: "r", lastYear: 2023, asOf: asOf, statuses: indicators)
    }
    var overview = Self.overview()
    overview.indicators = GatewayV1.IndicatorsSection().with {
      $0.status = RPCV1.Status()
      $0.scorecard = scorecard(asOf: CalendarDate(year: 2024, month: 1, day: 10))
    }
    overview.asOf = "2024-01-10"
    let after = try ReportComposer.report(overview, language: language).text
    #expect(
      after.contains(language == .vi ? "đạt và vượt 14/15 chỉ tiêu" : "met or exceeded 14 of 15 targets"), "\(after)")
    #expect(!after.contains(language == .vi ? "ước" : "estimated"))
    #expect(after.contains(language == .vi ? "Chưa đạt: CT-13" : "Behind: CT-13"))
    // During the year, with one final only, the estimate is still what the report states.
    overview.indicators?.scorecard = scorecard(asOf: CalendarDate(year: 2023, month: 11, day: 22))
    overview.asOf = "2023-11-22"
    let during = try ReportComposer.report(overview, language: language).text
    #expect(
      during.contains(language == .vi ? "ước đến cuối năm đạt và vượt 15/15" : "estimated to meet or exceed 15 of 15"))
  }
}
