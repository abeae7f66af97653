import DistrictRPC
import DistrictSchema
import DistrictStore
import DistrictTestSupport
import LandClearance
import Testing

@Suite("Cases over the wire")
struct CaseTests {
  typealias S = LandClearanceV1.LandClearanceService

  @Test("A case takes the steps in order, to hand-over, plot, certificate and close", arguments: TestBackend.all)
  func fullPath(backend: TestBackend) async throws {
    try await withService(backend) { h in
      try await h.project()
      try await h.project("tdc", kind: .resettlementArea)
      try await h.party("a", recovered: 1_500)
      let opened = try await h.openCase("a")
      #expect(opened.state == .notified)
      #expect(opened.recoveredArea?.squareMeters == 1_500)
      #expect(opened.partyKind == .household)
      let inventoried = try await h.advance("case-a", to: .inventoried, on: "2023-01-20", compulsory: true)
      #expect(inventoried.compulsoryInventory)
      try await h.advance("case-a", to: .planPosted, on: "2023-02-01")
      try await h.advance("case-a", to: .consulted, on: "2023-03-05")
      let approved = try await h.advance("case-a", to: .planApproved, on: "2023-03-20", approved: 90 * million)
      #expect(approved.approvedAmount?.vnd == 90 * million)
      try await h.advance("case-a", to: .recoveryDecided, on: "2023-03-25")
      try await h.pay("case-a", 50 * million, on: "2023-04-10")
      #expect(try await h.getCase("case-a").clearanceCase?.state == .paid)
      try await h.pay("case-a", 40 * million, on: "2023-04-12", component: .support)
      let handed = try await h.advance("case-a", to: .handedOver, on: "2023-05-01")
      #expect(handed.handedOverOn == "2023-05-01")
      #expect(handed.paidAmount?.vnd == 90 * million)
      let plot = try await h.client.unary(
        S.allocatePlot,
        .init().with {
          $0.plot = .init().with {
            $0.id = "p1"
            $0.siteProjectID = "tdc"
            $0.plotNumber = "A-1"
            $0.area = .m2(100)
            $0.caseID = "case-a"
            $0.allocatedOn = "2023-06-01"
          }
        }, options: Token.options(Token.editor))
      #expect(plot.certificateOn.isEmpty)
      let certified = try await h.client.unary(
        S.issueCertificate,
        .init().with {
          $0.plotID = "p1"
          $0.certificateNumber = "CS-1"
          $0.issuedOn = "2023-08-01"
        },
        options: Token.options(Token.editor))
      #expect(certified.certificateNumber == "CS-1")
      let closed = try await h.advance("case-a", to: .closed, on: "2023-09-01")
      #expect(closed.state == .closed)
      let detail = try await h.getCase("case-a")
      #expect(
        detail.steps.map(\.state) == [
          .notified, .inventoried, .planPosted, .consulted, .planApproved, .recoveryDecided, .paid, .handedOver,
          .plotAllocated, .certificateIssued, .closed,
        ])
      #expect(detail.payments.count == 2)
      #expect(detail.plots.map(\.id) == ["p1"])
      #expect(detail.steps.allSatisfy { $0.recorded?.subject == "editor@test" })
      await expectRPCError(.failedPrecondition) { try await h.advance("case-a", to: .handedOver, on: "2023-09-02") }
      let audit = try await h.store.audit.query(entity: "case")
      #expect(audit.count == 8)  // open, 6 advances, close
    }
  }

  @Test(
    "Transitions only along the steps: skipping, going back and the payment's steps are FAILED_PRECONDITION",
    arguments: TestBackend.all)
  func forbiddenTransitions(backend: TestBackend) async throws {
    try await withService(backend) { h in
      try await h.project()
      try await h.party("a")
      try await h.openCase("a")
      let skip = await expectRPCError(.failedPrecondition) {
        try await h.advance("case-a", to: .planPosted, on: "2023-02-01")
      }
      #expect(skip?.details["state"] == "NOTIFIED")
      #expect(skip?.details["to_state"] == "PLAN_POSTED")
      #expect(skip?.message.contains("next: INVENTORIED") == true)
      try await h.advance("case-a", through: .recoveryDecided)
      await expectRPCError(.failedPrecondition) { try await h.advance("case-a", to: .consulted, on: "2023-04-01") }
      // PAID is taken by a payment, not by AdvanceCase.
      let paid = await expectRPCError(.failedPrecondition) {
        try await h.advance("case-a", to: .paid, on: "2023-04-01")
      }
      #expect(paid?.message.contains("by RecordPayment") == true)
      // Hand-over only after payment or deposit.
      await expectRPCError(.failedPrecondition) { try await h.advance("case-a", to: .handedOver, on: "2023-04-01") }
      // A plot only after hand-over.
      await expectRPCError(.failedPrecondition) {
        _ = try await h.client.unary(
          S.allocatePlot,
          .init().with {
            $0.plot = .init().with {
              $0.siteProjectID = "kcn"
              $0.plotNumber = "A-1"
              $0.area = .m2(100)
              $0.caseID = "case-a"
              $0.allocatedOn = "2023-06-01"
            }
          }, options: Token.options(Token.editor))
      }
      #expect(try await h.getCase("case-a").clearanceCase?.state == .recoveryDecided)
      // A step dated before the last one is refused.
      await expectRPCError(.invalidArgument, field: "on") {
        try await h.pay("case-a", 1, on: "2023-04-10")
        try await h.advance("case-a", to: .handedOver, on: "2023-03-01")
      }
    }
  }

  @Test("Hand-over after a deposit; a deposit is not paid", arguments: TestBackend.all)
  func deposit(backend: TestBackend) async throws {
    try await withService(backend) { h in
      try await h.project()
      try await h.party("a")
      try await h.openCase("a")
      try await h.advance("case-a", through: .recoveryDecided)
      try await h.pay("case-a", 100 * million, deposited: true)
      #expect(try await h.getCase("case-a").clearanceCase?.state == .deposited)
      let handed = try await h.advance("case-a", to: .handedOver, on: "2023-05-01")
      #expect(handed.state == .handedOver)
      let totals = try await h.totals()
      #expect(totals.householdsPaid == 0)
      #expect(totals.amountPaid?.vnd == 0)
      #expect(try await h.progress().areaHandedOver?.squareMeters == 1_000)
    }
  }

  @Test("Complaints open and resolve alongside; the case goes on and stays visible", arguments: TestBackend.all)
  func complaints(backend: TestBackend) async throws {
    try await withService(backend) { h in
      try await h.project()
      try await h.party("a")
      try await h.openCase("a")
      let complaint = try await h.client.unary(
        S.openComplaint,
        .init().with {
          $0.complaint = .init().with {
            $0.id = "k1"
            $0.caseID = "case-a"
            $0.kind = .complaint
            $0.receivedOn = "2023-01-10"
            $0.summary = "đơn giá"
          }
        }, options: Token.options(Token.editor))
      #expect(complaint.dueOn == "2023-02-09")
      try await h.advance("case-a", to: .inventoried, on: "2023-01-20")
      let detail = try await h.getCase("case-a")
      #expect(detail.clearanceCase?.openComplaints == 1)
      #expect(detail.clearanceCase?.state == .inventoried)
      let listed = try await h.client.unary(
        S.listCases, .init().with { $0.projectID = "kcn" }, options: Token.options(Token.reader))
      #expect(listed.cases.map(\.id) == ["case-a"])
      #expect(try await h.blockers(asOf: "2023-02-01").map(\.kind) == [.openComplaint])
      await expectRPCError(.invalidArgument, field: "resolved_on") {
        _ = try await h.client.unary(
          S.resolveComplaint,
          .init().with {
            $0.complaintID = "k1"
            $0.resolvedOn = "2023-01-01"
            $0.outcome = "x"
          },
          options: Token.options(Token.editor))
      }
      let resolved = try await h.client.unary(
        S.resolveComplaint,
        .init().with {
          $0.complaintID = "k1"
          $0.resolvedOn = "2023-02-01"
          $0.outcome = "bác đơn"
        },
        options: Token.options(Token.editor))
      #expect(resolved.resolvedOn == "2023-02-01")
      await expectRPCError(.failedPrecondition) {
        _ = try await h.client.unary(
          S.resolveComplaint,
          .init().with {
            $0.complaintID = "k1"
            $0.resolvedOn = "2023-02-02"
            $0.outcome = "again"
          },
          options: Token.options(Token.editor))
      }
      #expect(try await h.getCase("case-a").clearanceCase?.openComplaints == 0)
      #expect(try await h.blockers(asOf: "2023-02-01").isEmpty)
      await expectRPCError(.notFound) {
        _ = try await h.client.unary(
          S.resolveComplaint,
          .init().with {
            $0.complaintID = "nope"
            $0.resolvedOn = "2023-02-02"
            $0.outcome = "x"
          },
          options: Token.options(Token.editor))
      }
    }
  }

  @Test(
    "Enforcement: after the recovery decision, before hand-over, ended by the hand-over", arguments: TestBackend.all)
  func enforcement(backend: TestBackend) async throws {
    try await withService(backend) { h in
      try await h.project()
      try await h.party("a")
      try await h.openCase("a")
      func enforce(_ on: String) async throws -> LandClearanceV1.ClearanceCase {
        try await h.client.unary(
          S.decideEnforcement,
          .init().with {
            $0.caseID = "case-a"
            $0.decidedOn = on
          }, options: Token.options(Token.editor))
      }
      await expectRPCError(.failedPrecondition) { _ = try await enforce("2023-01-10") }
      try await h.advance("case-a", through: .recoveryDecided)
      await expectRPCError(.invalidArgument, field: "decided_on") { _ = try await enforce("2023-03-01") }
      let enforced = try await enforce("2023-04-01")
      #expect(enforced.underEnforcement)
      #expect(enforced.enforcementSince == "2023-04-01")
      await expectRPCError(.failedPrecondition) { _ = try await enforce("2023-04-02") }
      let blockers = try await h.blockers(asOf: "2023-04-11")
      #expect(blockers.map(\.kind) == [.enforcement])
      #expect(blockers.first?.ageDays == 10)
      try await h.pay("case-a", 100 * million, deposited: true)
      let handed = try await h.advance("case-a", to: .handedOver, on: "2023-05-01")
      #expect(!handed.underEnforcement)
      #expect(try await h.blockers(asOf: "2023-05-01").isEmpty)
      // The blockers of an earlier date still show the enforcement of then.
      #expect(try await h.blockers(asOf: "2023-04-11").map(\.kind) == [.enforcement])
    }
  }

  @Test("Validation names the field; unknown ids are NOT_FOUND; duplicates ALREADY_EXISTS", arguments: TestBackend.all)
  func validation(backend: TestBackend) async throws {
    try await withService(backend) { h in
      await expectRPCError(.invalidArgument, field: "project.kind") { try await h.project(kind: .unspecified) }
      await expectRPCError(.invalidArgument, field: "project.commune_ids") {
        try await h.project(commune: "vn.nowhere")
      }
      await expectRPCError(.invalidArgument, field: "project.area_to_clear") { try await h.project(area: 0) }
      await expectRPCError(.invalidArgument, field: "project.compensation_budget") { try await h.project(budget: -1) }
      try await h.project()
      await expectRPCError(.alreadyExists) { try await h.project() }
      await expectRPCError(.invalidArgument, field: "party.commune_id") { try await h.party("a", commune: "nowhere") }
      await expectRPCError(.invalidArgument, field: "party.kind") { try await h.party("a", kind: .unspecified) }
      await expectRPCError(.invalidArgument, field: "party.parcels[0].recovered_area") {
        try await h.party("a", recovered: 0)
      }
      await expectRPCError(.invalidArgument, field: "party.parcels[0].project_id") {
        try await h.party("a", project: "nope")
      }
      try await h.party("a")
      await expectRPCError(.alreadyExists) { try await h.party("a") }
      await expectRPCError(.notFound) { try await h.openCase("zz") }
      await expectRPCError(.notFound) { try await h.openCase("a", project: "nope") }
      await expectRPCError(.invalidArgument, field: "notified_on") { try await h.openCase("a", on: "2023-13-01") }
      try await h.openCase("a")
      await expectRPCError(.alreadyExists) { try await h.openCase("a") }
      await expectRPCError(.notFound) { try await h.advance("case-zz", to: .inventoried, on: "2023-01-20") }
      await expectRPCError(.invalidArgument, field: "to_state") {
        try await h.advance("case-a", to: .unspecified, on: "2023-01-20")
      }
      await expectRPCError(.invalidArgument, field: "to_state") {
        try await h.advance("case-a", to: .unrecognized(99), on: "2023-01-20")
      }
      await expectRPCError(.invalidArgument, field: "compulsory_inventory") {
        try await h.advance("case-a", to: .planPosted, on: "2023-01-20", compulsory: true)
      }
      try await h.advance("case-a", to: .inventoried, on: "2023-01-20")
      try await h.advance("case-a", to: .planPosted, on: "2023-02-01")
      try await h.advance("case-a", to: .consulted, on: "2023-03-05")
      await expectRPCError(.invalidArgument, field: "approved_amount") {
        try await h.advance("case-a", to: .planApproved, on: "2023-03-20")
      }
      await expectRPCError(.notFound) { _ = try await h.getCase("case-zz") }
      await expectRPCError(.notFound) {
        _ = try await h.client.unary(
          S.getProject, .init().with { $0.id = "nope" }, options: Token.options(Token.reader))
      }
      await expectRPCError(.notFound) {
        _ = try await h.client.unary(S.getParty, .init().with { $0.id = "nope" }, options: Token.options(Token.reader))
      }
      await expectRPCError(.notFound) { _ = try await h.progress("nope") }
      await expectRPCError(.notFound) { _ = try await h.blockers("nope") }
      await expectRPCError(.invalidArgument, field: "as_of") { _ = try await h.totals("22/11/2023") }
      await expectRPCError(.invalidArgument, field: "page.page_size") {
        _ = try await h.client.unary(
          S.listProjects, .init().with { $0.page = .init().with { $0.pageSize = 5_000 } },
          options: Token.options(Token.reader))
      }
    }
  }

  @Test("Parcels added later update the case's recovered area; projects and cases page", arguments: TestBackend.all)
  func parcelsAndPaging(backend: TestBackend) async throws {
    try await withService(backend) { h in
      try await h.project("kcn")
      try await h.project("road", kind: .road)
      try await h.party("a", recovered: 1_000)
      try await h.openCase("a")
      let party = try await h.client.unary(
        S.registerParcels,
        .init().with {
          $0.partyID = "a"
          $0.parcels = [
            .init().with {
              $0.projectID = "kcn"
              $0.reference = "2/9"
              $0.landType = "ONT"
              $0.area = .m2(300)
              $0.recoveredArea = .m2(250)
            }
          ]
        }, options: Token.options(Token.editor))
      #expect(party.parcels.count == 2)
      #expect(try await h.getCase("case-a").clearanceCase?.recoveredArea?.squareMeters == 1_250)
      let first = try await h.client.unary(
        S.listProjects, .init().with { $0.page = .init().with { $0.pageSize = 1 } },
        options: Token.options(Token.reader))
      #expect(first.projects.map(\.id) == ["kcn"])
      let second = try await h.client.unary(
        S.listProjects,
        .init().with {
          $0.page = .init().with {
            $0.pageSize = 1
            $0.pageToken = first.page?.nextPageToken ?? ""
          }
        },
        options: Token.options(Token.reader))
      #expect(second.projects.map(\.id) == ["road"])
      try await h.party("b", project: "road")
      try await h.openCase("b", project: "road")
      try await h.advance("case-b", to: .inventoried, on: "2023-01-20")
      func cases(
        _ project: String, _ state: LandClearanceV1.CaseState, size: Int32 = 0, after: String = ""
      ) async throws
        -> LandClearanceV1.ListCasesResponse
      {
        try await h.client.unary(
          S.listCases,
          .init().with {
            $0.projectID = project
            $0.state = state
            $0.page = .init().with {
              $0.pageSize = size
              $0.pageToken = after
            }
          }, options: Token.options(Token.reader))
      }
      #expect(try await cases("", .unspecified).cases.map(\.id) == ["case-a", "case-b"])
      #expect(try await cases("", .inventoried).cases.map(\.id) == ["case-b"])
      #expect(try await cases("kcn", .inventoried).cases.isEmpty)
      let page = try await cases("", .unspecified, size: 1)
      #expect(page.cases.map(\.id) == ["case-a"])
      #expect(
        try await cases("", .unspecified, size: 1, after: page.page?.nextPageToken ?? "").cases.map(\.id) == ["case-b"])
      await expectRPCError(.notFound) { _ = try await cases("nope", .unspecified) }
      await expectRPCError(.invalidArgument, field: "state") { _ = try await cases("", .unrecognized(42)) }
      let project = try await h.client.unary(
        S.getProject, .init().with { $0.id = "road" }, options: Token.options(Token.reader))
      #expect(project.kind == .road)
      #expect(project.communeIDs == [TestCommune.tanTap])
      #expect(project.created?.subject == "admin@test")
    }
  }

  @Test(
    "Roles: readers do not write, editors do not create projects, a commune editor writes only for its commune",
    arguments: TestBackend.all)
  func roles(backend: TestBackend) async throws {
    try await withService(backend) { h in
      await expectRPCError(.permissionDenied) {
        _ = try await h.client.unary(
          S.createProject, .init().with { $0.project = .init().with { $0.name = "x" } },
          options: Token.options(Token.editor))
      }
      try await h.project()
      try await h.project("kcn-long-hau", commune: TestCommune.longHau)
      await expectRPCError(.permissionDenied) { try await h.party("a", token: Token.reader) }
      await expectRPCError(.permissionDenied) { try await h.party("a", token: Token.scopedEditor) }
      try await h.party("a")
      // Long Hậu's clerk: a party of Long Hậu, but in a project of Tân Tập only, is refused.
      await expectRPCError(.failedPrecondition, field: "party.parcels[0].project_id") {
        try await h.party("b", commune: TestCommune.longHau, token: Token.scopedEditor)
      }
      try await h.party("b", project: "kcn-long-hau", commune: TestCommune.longHau, token: Token.scopedEditor)
      await expectRPCError(.failedPrecondition, field: "project_id") {
        try await h.openCase("b", project: "kcn", token: Token.scopedEditor)
      }
      await expectRPCError(.permissionDenied) { try await h.openCase("a", token: Token.scopedEditor) }
      try await h.openCase("b", project: "kcn-long-hau", token: Token.scopedEditor)
      try await h.openCase("a")
      await expectRPCError(.permissionDenied) {
        try await h.advance("case-a", to: .inventoried, on: "2023-01-20", token: Token.scopedEditor)
      }
      await expectRPCError(.unauthenticated) {
        _ = try await h.client.unary(S.getDistrictTotals, .init(), options: CallOptions())
      }
      let audit = try await h.store.audit.query(entity: "party")
      #expect(Set(audit.map(\.subject)) == ["editor@test", "long-hau-editor@test"])
    }
  }

  @Test("Cases survive a restart on a SQLite file")
  func restart() async throws {
    let database = try await TestDatabase.make(.sqlite)
    defer { Task { await database.drop() } }
    try await withService(database: database) { h in
      try await h.project()
      try await h.party("a")
      try await h.openCase("a")
      try await h.advance("case-a", through: .recoveryDecided)
      try await h.pay("case-a", 60 * million, key: "restart-1")
    }
    try await withService(database: database) { h in
      #expect(try await h.getCase("case-a").clearanceCase?.state == .paid)
      try await h.pay("case-a", 60 * million, key: "restart-1")
      #expect(try await h.totals().amountPaid?.vnd == 60 * million)
    }
  }
}
