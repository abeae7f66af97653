internal import DistrictSchema

/// A figure of another service that an indicator can take its actual value from
/// (`DataSource.linked_figure`), and where the overview finds it.
enum LinkedFigure: String, CaseIterable {
  case revenueCollected = "finance.revenue_collected_vnd"
  case compensationPaid = "land_clearance.amount_paid_vnd"
  case householdsPaid = "land_clearance.households_paid"
  case organisationsPaid = "land_clearance.organisations_paid"
  case areaPaid = "land_clearance.area_paid_m2"

  /// The figure in its unit, as its service sent it; `nil` when its section has no data.
  func value(in overview: GatewayV1.Overview) -> Int64? {
    switch self {
    case .revenueCollected:
      guard let revenue = overview.finance?.revenue else { return nil }
      return revenue.total?.collected?.vnd ?? 0
    case .compensationPaid, .householdsPaid, .organisationsPaid, .areaPaid:
      guard let totals = overview.landClearance?.totals else { return nil }
      return switch self {
      case .compensationPaid: totals.amountPaid?.vnd ?? 0
      case .householdsPaid: Int64(totals.householdsPaid)
      case .organisationsPaid: Int64(totals.organisationsPaid)
      default: totals.areaPaid?.squareMeters ?? 0
      }
    }
  }

  /// The largest figure a live value carries: thousandths of a unit fit an Int64 up to
  /// Int64.max / 1000 (about 9.2 × 10^15 VND, fourteen thousand times the district's yearly
  /// revenue). A larger one is a wrong record upstream, reported as such, never a trap.
  static let maximumValue = Int64.max / 1000

  /// The status of the section the figure comes from.
  func sectionStatus(in overview: GatewayV1.Overview) -> RPCV1.Status? {
    self == .revenueCollected ? overview.finance?.status : overview.landClearance?.status
  }

  /// The live value of every indicator of the scorecard whose data source is a linked figure.
  static func liveFigures(
    for scorecard: IndicatorsV1.Scorecard, in overview: GatewayV1.Overview
  ) -> [GatewayV1.LiveFigure] {
    scorecard.indicators.compactMap { status -> GatewayV1.LiveFigure? in
      guard let indicator = status.indicator, case .linkedFigure(let name)? = indicator.dataSource?.source else {
        return nil
      }
      return GatewayV1.LiveFigure().with { live in
        live.indicatorID = indicator.id
        live.figure = name
        guard let figure = LinkedFigure(rawValue: name) else {
          live.status = RPCV1.Status().with {
            $0.code = .notFound
            $0.message =
              "the gateway does not know the figure '\(name)'; known: "
              + allCases.map(\.rawValue).joined(separator: ", ")
          }
          return
        }
        if let value = figure.value(in: overview) {
          guard value.magnitude <= maximumValue.magnitude else {
            live.status = RPCV1.Status().with {
              $0.code = .outOfRange
              $0.message = """
                the figure '\(name)' is \(value), beyond the \(maximumValue) a live figure carries: a record \
                upstream is wrong; correct or reverse it
                """
            }
            return
          }
          live.valueMilli = value * 1000
          live.status = SectionStatus.ok
        } else {
          live.status =
            figure.sectionStatus(in: overview)
            ?? RPCV1.Status().with {
              $0.code = .unavailable
              $0.message = "its section was not read"
            }
        }
      }
    }
  }
}
