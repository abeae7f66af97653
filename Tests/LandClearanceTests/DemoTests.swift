import DistrictDemo
import DistrictRPC
import DistrictSchema
import DistrictStore
import DistrictTestSupport
import LandClearance
import Testing

@Suite("Demo data")
struct DemoTests {
  typealias S = LandClearanceV1.LandClearanceService

  @Test(
    "Over the wire, as of 2023-11-22: more than 878 households, 2 organisations, nearly 113 ha, over 1,200 tỉ; seeded twice",
    arguments: TestBackend.all)
  func articleFigures(backend: TestBackend) async throws {
    try await withService(backend) { h in
      try await LandClearanceDemo.seed(h.client, options: Token.options(Token.admin))
      let auditRows = try await h.store.audit.query(limit: 100_000).count
      try await LandClearanceDemo.seed(h.client, options: Token.options(Token.admin))
      #expect(try await h.store.audit.query(limit: 100_000).count == auditRows)

      let totals = try await h.totals(LandClearanceDemoData.asOf)
      #expect(totals.householdsPaid == 881)  // "hơn 878 hộ dân"
      #expect(totals.organisationsPaid == 2)  // "2 tổ chức"
      #expect(totals.areaPaid?.squareMeters == 1_129_600)  // "gần 113 ha"
      #expect(totals.areaPaidCentiHa == 11_296)
      #expect(totals.amountPaid?.vnd == 1_203_750_000_000)  // "hơn 1.200 tỉ đồng"
      #expect(totals.paidDefinition.hasPrefix("any payment"))

      let blockers = try await h.blockers(asOf: LandClearanceDemoData.asOf)
      let kinds = Set(blockers.map(\.kind))
      #expect(
        kinds.isSuperset(of: [.paymentOverdue, .postingOverdue, .decisionOverdue, .openComplaint, .enforcement, .stuck])
      )
      #expect(blockers.map(\.ageDays) == blockers.map(\.ageDays).sorted(by: >))

      let progress = try await h.progress("kcn-nam-tan-tap", asOf: LandClearanceDemoData.asOf)
      #expect(progress.project?.keyProject == true)
      #expect(progress.paid?.vnd == 885 * LandClearanceDemoData.billion)
      #expect(progress.partiesPaid == 561)
      #expect(progress.householdsPaid + progress.organisationsPaid + progress.individualsPaid == 561)
      #expect(progress.householdsAffected >= progress.householdsPaid)
      #expect(progress.casesByState["DEPOSITED"] == nil)
      #expect((progress.casesByState["HANDED_OVER"] ?? 0) > 400)

      let resettlement = try await h.client.unary(
        S.getResettlement, .init().with { $0.projectID = "kcn-nam-tan-tap" }, options: Token.options(Token.reader))
      #expect(resettlement.committedPlots == 120)
      #expect(resettlement.allocatedPlots == 80)
      #expect(resettlement.certificatesIssued == 40)
      #expect(progress.plotsAllocated == 80 && progress.certificatesIssued == 40)

      // Every project in one call, each as GetProjectProgress answers it.
      let listed = try await h.progressList(asOf: LandClearanceDemoData.asOf)
      #expect(listed.projects.count == 4)
      #expect(listed.page?.nextPageToken == "")
      for project in listed.projects {
        let one = try await h.progress(project.project?.id ?? "", asOf: LandClearanceDemoData.asOf)
        #expect(project == one, "\(project.project?.id ?? "")")
      }
      #expect(listed.projects.reduce(0) { $0 + $1.householdsPaid } == 881)
      #expect(listed.projects.reduce(0) { $0 + $1.organisationsPaid } == 2)
      let firstTwo = try await h.progressList(asOf: LandClearanceDemoData.asOf, pageSize: 2)
      #expect(firstTwo.projects.count == 2)
      let rest = try await h.progressList(
        asOf: LandClearanceDemoData.asOf, pageToken: firstTwo.page?.nextPageToken ?? "")
      #expect((firstTwo.projects + rest.projects).map(\.project?.id) == listed.projects.map(\.project?.id))
    }
  }
}
