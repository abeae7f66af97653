internal import DistrictGeography
internal import DistrictSchema

/// What the demo does for one party: its parcel, its case up to a state, its payments, and the
/// side events (complaint, enforcement, correction, amendment, plot, certificate).
struct LandClearanceDemoPlan: Sendable {
  enum Outcome: Sendable {
    /// Paid (in one payment, or two when `split`), then handed over unless a complaint holds it.
    case paid
    /// Recovery decided, nothing paid: overdue.
    case paymentOverdue
    /// Plan posted, not consulted: overdue.
    case postingOverdue
    /// Plan approved, no recovery decision: overdue.
    case decisionOverdue
    /// Notified and nothing since.
    case notifiedOnly
    /// The party refused the money: deposited, then handed over.
    case deposited
  }

  var partyID: String
  var kind: LandClearanceV1.PartyKind
  var name: String
  var communeID: String
  var projectID: String
  var parcelReference: String
  var landType: String
  var recoveredArea: Int64
  var amount: Int64
  var outcome: Outcome
  /// Day number of the notice; the other steps follow at fixed offsets.
  var notifiedDay: Int64
  var splitPayment = false
  var compulsoryInventory = false
  var enforcementOn: String?
  var openComplaintOn: String?
  var resolvedComplaint = false
  /// A wrong first payment of half the amount, reversed, then the right one.
  var correction = false
  /// The plan first approved this much lower, then amended up to `amount`.
  var amendedFrom: Int64?
  var plotNumber: String?
  var certificate = false

  var caseID: String { "case-\(partyID)" }

  /// Days after the notice of each step.
  enum Offset {
    static let inventoried: Int64 = 25
    static let posted: Int64 = 40
    static let consulted: Int64 = 75
    static let approved: Int64 = 90
    static let decided: Int64 = 97
    static let paid: Int64 = 110
    static let handedOver: Int64 = 130
    static let plot: Int64 = 160
    static let certificate: Int64 = 220
  }

  func date(_ offset: Int64) -> String { CalendarDate(dayNumber: notifiedDay + offset).description }

  /// Every party of the demo, in a fixed order.
  static func all() -> [LandClearanceDemoPlan] {
    typealias Data = LandClearanceDemoData
    var plans: [LandClearanceDemoPlan] = []
    var number = 0
    for (projectIndex, share) in Data.projects.enumerated() {
      let project = share.project
      let commune = project.communeIDs[0]
      let start = CalendarDate(share.start)!.dayNumber
      let areas = Data.split(share.householdArea, count: share.households, unit: 1, salt: projectIndex)
      let amounts = Data.split(
        share.householdAmount, count: share.households, unit: Data.million, salt: projectIndex + 7)
      if let organisation = share.organisation {
        plans.append(
          LandClearanceDemoPlan(
            partyID: "\(project.id)-org-1", kind: .organisation, name: organisation.name, communeID: commune,
            projectID: project.id, parcelReference: "5/1", landType: "SKC", recoveredArea: organisation.area,
            amount: organisation.amount, outcome: .paid, notifiedDay: start, splitPayment: true))
      }
      for index in 0..<share.households {
        number += 1
        var plan = LandClearanceDemoPlan(
          partyID: "\(project.id)-hh-\(index + 1)", kind: .household, name: Data.householdName(number),
          communeID: commune,
          projectID: project.id, parcelReference: "\(10 + index / 50)/\(100 + index)",
          landType: index % 7 == 3 ? "ONT" : index % 5 == 0 ? "CLN" : "LUC", recoveredArea: areas[index],
          amount: amounts[index], outcome: .paid, notifiedDay: start + Int64(index * 613 % 540),
          splitPayment: index % 5 == 0)
        if project.id == "kcn-nam-tan-tap", index % 7 == 3 {
          plan.plotNumber = "TDC-\(100 + index)"
          plan.certificate = index % 14 == 3
        }
        switch (project.id, index) {
        case ("kcn-nam-tan-tap", 5): plan.correction = true
        case ("kcn-nam-tan-tap", 10): plan.resolvedComplaint = true
        case ("duong-long-hau-hiep-phuoc", 3), ("duong-long-hau-hiep-phuoc", 4): plan.openComplaintOn = "2023-10-05"
        case ("duong-long-hau-hiep-phuoc", 7): plan.amendedFrom = amounts[index] - 150 * Data.million
        default: break
        }
        plans.append(plan)
      }
    }
    plans += blockers(from: number)
    return plans
  }

  /// The unpaid cases of the article's "vướng mắc", as of 2023-11-22: each step of the table is
  /// the case's last, on the date given.
  static func blockers(from number: Int) -> [LandClearanceDemoPlan] {
    typealias O = Offset
    let nam = "kcn-nam-tan-tap"
    let road = "duong-long-hau-hiep-phuoc"
    let table: [(project: String, commune: String, outcome: Outcome, on: String, offset: Int64)] = [
      (nam, "tan-tap", .paymentOverdue, "2023-09-15", O.decided),
      (nam, "tan-tap", .paymentOverdue, "2023-09-15", O.decided),
      (nam, "tan-tap", .paymentOverdue, "2023-10-02", O.decided),
      (nam, "tan-tap", .postingOverdue, "2023-08-01", O.posted),
      (nam, "tan-tap", .postingOverdue, "2023-08-01", O.posted),
      (nam, "tan-tap", .deposited, "2023-06-01", O.decided),
      (road, "long-hau", .decisionOverdue, "2023-10-25", O.approved),
      ("khu-tdc-tan-tap", "tan-tap", .notifiedOnly, "2023-03-01", 0),
    ]
    var plans = table.enumerated().map { index, row in
      LandClearanceDemoPlan(
        partyID: "\(row.project)-hh-u\(index + 1)", kind: .household,
        name: LandClearanceDemoData.householdName(number + index + 1),
        communeID: LandClearanceDemoData.commune(row.commune),
        projectID: row.project, parcelReference: "30/\(index + 1)", landType: "ONT",
        recoveredArea: 1_350 + Int64(index) * 150, amount: 1_500 * LandClearanceDemoData.million, outcome: row.outcome,
        notifiedDay: CalendarDate(row.on)!.dayNumber - row.offset)
    }
    // The first refused the inventory and the money: compulsory inventory, then enforcement.
    plans[0].compulsoryInventory = true
    plans[0].enforcementOn = "2023-10-20"
    return plans
  }
}
