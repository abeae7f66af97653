import DistrictDemo
import DistrictSchema
import LandClearance
import Testing

@Suite("Rules")
struct RulesTests {
  typealias State = LandClearanceV1.CaseState

  @Test("The steps of the 2024 Land Law, in order, and who takes each")
  func transitions() {
    let path: [State] = [.notified, .inventoried, .planPosted, .consulted, .planApproved, .recoveryDecided]
    for (from, to) in zip(path, path.dropFirst()) {
      #expect(CaseTransitions.allows(from: from, to: to, by: .advanceCase))
    }
    #expect(!CaseTransitions.allows(from: .notified, to: .planPosted, by: .advanceCase))
    #expect(!CaseTransitions.allows(from: .inventoried, to: .notified, by: .advanceCase))
    #expect(!CaseTransitions.allows(from: .recoveryDecided, to: .paid, by: .advanceCase))
    #expect(CaseTransitions.allows(from: .recoveryDecided, to: .paid, by: .recordPayment))
    #expect(CaseTransitions.allows(from: .recoveryDecided, to: .deposited, by: .recordPayment))
    #expect(!CaseTransitions.allows(from: .recoveryDecided, to: .handedOver, by: .advanceCase))
    #expect(CaseTransitions.allows(from: .paid, to: .handedOver, by: .advanceCase))
    #expect(CaseTransitions.allows(from: .deposited, to: .handedOver, by: .advanceCase))
    #expect(CaseTransitions.allows(from: .handedOver, to: .plotAllocated, by: .allocatePlot))
    #expect(CaseTransitions.allows(from: .handedOver, to: .closed, by: .advanceCase))
    #expect(CaseTransitions.allows(from: .plotAllocated, to: .certificateIssued, by: .issueCertificate))
    #expect(CaseTransitions.allows(from: .certificateIssued, to: .closed, by: .advanceCase))
    #expect(CaseTransitions.next(.closed).isEmpty)
    #expect(!CaseTransitions.acceptsPayment(.planApproved))
    #expect(CaseTransitions.acceptsPayment(.recoveryDecided))
    #expect(!CaseTransitions.acceptsPayment(.closed))
    #expect(CaseTransitions.allowsEnforcement(.recoveryDecided))
    #expect(!CaseTransitions.allowsEnforcement(.handedOver))
    #expect(CaseTransitions.name(.planApproved) == "PLAN_APPROVED")
  }

  @Test("Statutory deadlines: 30-day posting, 10-day decision, 30-day payment, 180 days stuck")
  func deadlines() {
    #expect(StatutoryDeadlines.stateBlocker(.planPosted, age: 30) == nil)
    #expect(StatutoryDeadlines.stateBlocker(.planPosted, age: 31) == .postingOverdue)
    #expect(StatutoryDeadlines.stateBlocker(.planApproved, age: 10) == nil)
    #expect(StatutoryDeadlines.stateBlocker(.planApproved, age: 11) == .decisionOverdue)
    #expect(StatutoryDeadlines.stateBlocker(.recoveryDecided, age: 31) == .paymentOverdue)
    #expect(StatutoryDeadlines.stateBlocker(.notified, age: 181) == .stuck)
    #expect(StatutoryDeadlines.stateBlocker(.paid, age: 180) == nil)
    #expect(StatutoryDeadlines.stateBlocker(.handedOver, age: 1_000) == nil)
    #expect(StatutoryDeadlines.isOverdue(.paymentOverdue))
    #expect(!StatutoryDeadlines.isOverdue(.stuck))
  }

  @Test("Hectares from integers")
  func centiHectares() {
    #expect(BasisPoints.centiHectares(1_129_600) == 11296)
    #expect(BasisPoints.centiHectares(1_129_650) == 11297)
  }

  @Test("The demo data adds up to the article's totals")
  func demoData() {
    let shares = LandClearanceDemoData.projects
    #expect(shares.reduce(0) { $0 + $1.households } == LandClearanceDemoData.householdsPaid)
    #expect(shares.compactMap(\.organisation).count == LandClearanceDemoData.organisationsPaid)
    #expect(
      shares.reduce(0) { $0 + $1.householdArea + ($1.organisation?.area ?? 0) } == LandClearanceDemoData.areaPaid)
    #expect(
      shares.reduce(0) { $0 + $1.householdAmount + ($1.organisation?.amount ?? 0) } == LandClearanceDemoData.amountPaid)
    #expect(shares.contains { $0.project.name == "Khu công nghiệp Nam Tân Tập" && $0.project.keyProject })
    #expect(shares.contains { $0.project.name.hasPrefix("Đường Long Hậu – Hiệp Phước") })
  }
}
