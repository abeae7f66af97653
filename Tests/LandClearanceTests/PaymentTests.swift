import DistrictRPC
import DistrictSchema
import DistrictStore
import DistrictTestSupport
import LandClearance
import Testing

@Suite("Payments over the wire")
struct PaymentTests {
  typealias S = LandClearanceV1.LandClearanceService

  func amend(_ h: Harness, _ amount: Int64, key: String? = "amend-1") async throws -> LandClearanceV1.Amendment {
    try await h.client.unary(
      S.amendApprovedAmount,
      .init().with {
        $0.caseID = "case-a"
        $0.approvedAmount = .vnd(amount)
        $0.decidedOn = "2023-05-01"
        $0.decision = "12/QĐ-UBND"
      }, options: Token.options(Token.editor, key: key))
  }

  func reverse(_ h: Harness, _ id: String, key: String = "reverse-1") async throws -> LandClearanceV1.Payment {
    try await h.client.unary(
      S.reversePayment,
      .init().with {
        $0.paymentID = id
        $0.reason = "chi nhầm"
      }, options: Token.options(Token.editor, key: key))
  }

  @Test(
    "No hand-over with nothing paid: a case whose payments were all reversed is refused", arguments: TestBackend.all)
  func handOverNeedsPayment(backend: TestBackend) async throws {
    try await withService(backend) { h in
      try await h.project()
      try await h.party("a")
      try await h.openCase("a")
      try await h.advance("case-a", through: .recoveryDecided)
      let payment = try await h.pay("case-a", 50 * million, id: "p-1")
      _ = try await reverse(h, payment.id)
      let refused = await expectRPCError(.failedPrecondition) {
        try await h.advance("case-a", to: .handedOver, on: "2023-05-01")
      }
      #expect(refused?.message.contains("nothing paid or deposited") == true)
      // A deposit (the person refused the money, Art. 94) allows it.
      try await h.pay("case-a", 50 * million, id: "d-1", deposited: true)
      try await h.advance("case-a", to: .handedOver, on: "2023-05-01")
    }
  }

  @Test("No payment before the plan is approved and recovery decided", arguments: TestBackend.all)
  func beforeDecision(backend: TestBackend) async throws {
    try await withService(backend) { h in
      try await h.project()
      try await h.party("a")
      try await h.openCase("a")
      let error = await expectRPCError(.failedPrecondition) { try await h.pay("case-a", 1) }
      #expect(error?.details["state"] == "NOTIFIED")
      try await h.advance("case-a", through: .planApproved)
      await expectRPCError(.failedPrecondition) { try await h.pay("case-a", 1) }
      try await h.advance("case-a", to: .recoveryDecided, on: "2023-03-25")
      await expectRPCError(.invalidArgument, field: "payment.paid_on") {
        try await h.pay("case-a", 1, on: "2023-03-24")
      }
      try await h.pay("case-a", 1, on: "2023-03-25")
      #expect(try await h.totals().amountPaid?.vnd == 1)
    }
  }

  @Test("Payments never exceed the approved amount without a recorded amendment", arguments: TestBackend.all)
  func approvedCap(backend: TestBackend) async throws {
    try await withService(backend) { h in
      try await h.project()
      try await h.party("a")
      try await h.openCase("a")
      try await h.advance("case-a", through: .recoveryDecided, approved: 100 * million)
      try await h.pay("case-a", 80 * million)
      let over = await expectRPCError(.failedPrecondition) {
        try await h.pay("case-a", 20 * million + 1, component: .lateInterest)
      }
      #expect(over?.message.contains("AmendApprovedAmount") == true)
      try await h.pay("case-a", 20 * million)
      await expectRPCError(.failedPrecondition) { try await h.pay("case-a", 1, component: .lateInterest) }
      // Not below what is paid; a money write needs a key.
      await expectRPCError(.failedPrecondition) { _ = try await amend(h, 99 * million) }
      await expectRPCError(.invalidArgument, field: "idempotency-key") {
        _ = try await amend(h, 105 * million, key: nil)
      }
      let amendment = try await amend(h, 105 * million)
      #expect(amendment.previousAmount?.vnd == 100 * million)
      // Paid under the amendment: on or after its decision (2023-05-01), never before it.
      let early = await expectRPCError(.failedPrecondition) {
        try await h.pay("case-a", 5 * million, on: "2023-04-30", component: .lateInterest)
      }
      #expect(
        early?.message.contains("on 2023-04-30 105000000 VND would be paid against 100000000 VND approved then") == true
      )
      try await h.pay("case-a", 5 * million, on: "2023-05-01", component: .lateInterest)
      // Amendments are decided in order: none before the latest one's decision.
      let backDated = await expectRPCError(.invalidArgument, field: "decided_on") {
        _ = try await h.client.unary(
          S.amendApprovedAmount,
          .init().with {
            $0.caseID = "case-a"
            $0.approvedAmount = .vnd(110 * million)
            $0.decidedOn = "2023-04-20"
            $0.decision = "13/QĐ"
          },
          options: Token.options(Token.editor, key: "amend-back"))
      }
      #expect(backDated?.message.contains("amendments are decided in order") == true)
      let detail = try await h.getCase("case-a")
      #expect(detail.clearanceCase?.approvedAmount?.vnd == 105 * million)
      #expect(detail.clearanceCase?.paidAmount?.vnd == 105 * million)
      #expect(detail.amendments.map(\.decision) == ["12/QĐ-UBND"])
      let progress = try await h.progress()
      #expect(progress.paid?.vnd == 105 * million)
      #expect(progress.approved?.vnd == 105 * million)
      #expect(progress.paidOfApprovedBp == 10_000)
    }
  }

  @Test("An amendment needs an approved, open plan", arguments: TestBackend.all)
  func amendmentState(backend: TestBackend) async throws {
    try await withService(backend) { h in
      try await h.project()
      try await h.party("a")
      try await h.openCase("a")
      await expectRPCError(.failedPrecondition) { _ = try await amend(h, 5) }
      await expectRPCError(.invalidArgument, field: "approved_amount") { _ = try await amend(h, 0) }
      await expectRPCError(.notFound) {
        _ = try await h.client.unary(
          S.amendApprovedAmount,
          .init().with {
            $0.caseID = "zz"
            $0.approvedAmount = .vnd(1)
            $0.decidedOn = "2023-05-01"
            $0.decision = "x"
          },
          options: Token.options(Token.editor, key: "k"))
      }
    }
  }

  @Test("Corrections are reversal rows, once per payment, never of a reversal", arguments: TestBackend.all)
  func reversals(backend: TestBackend) async throws {
    try await withService(backend) { h in
      try await h.project()
      try await h.party("a")
      try await h.openCase("a")
      try await h.advance("case-a", through: .recoveryDecided, approved: 100 * million)
      try await h.pay("case-a", 70 * million, id: "p1")
      let reversal = try await reverse(h, "p1")
      #expect(reversal.amount?.vnd == -70 * million)
      #expect(reversal.reversesPaymentID == "p1")
      #expect(reversal.paidOn == "2023-04-10")
      await expectRPCError(.failedPrecondition) { _ = try await reverse(h, "p1", key: "reverse-2") }
      await expectRPCError(.failedPrecondition) { _ = try await reverse(h, reversal.id, key: "reverse-3") }
      await expectRPCError(.notFound) { _ = try await reverse(h, "nope", key: "reverse-4") }
      #expect(try await h.totals().householdsPaid == 0)  // the net is 0: not paid
      try await h.pay("case-a", 100 * million, id: "p2")  // the approved amount is free again
      let totals = try await h.totals()
      #expect(totals.householdsPaid == 1)
      #expect(totals.amountPaid?.vnd == 100 * million)
      #expect(try await h.getCase("case-a").payments.map(\.id) == ["p1", reversal.id, "p2"])
      await expectRPCError(.invalidArgument, field: "payment.reverses_payment_id") {
        _ = try await h.client.unary(
          S.recordPayment, h.paymentRequest("case-a", 1).with { $0.payment?.reversesPaymentID = "p2" },
          options: Token.options(Token.editor, key: "k"))
      }
    }
  }

  @Test("Idempotency: a key is required, a retry counts once, a reused key is refused", arguments: TestBackend.all)
  func idempotency(backend: TestBackend) async throws {
    try await withService(backend) { h in
      try await h.project()
      try await h.party("a")
      try await h.openCase("a")
      try await h.advance("case-a", through: .recoveryDecided, approved: 100 * million)
      await expectRPCError(.invalidArgument, field: "idempotency-key") { try await h.pay("case-a", 10, key: nil) }
      let first = try await h.pay("case-a", 10 * million, key: "pay-1")
      let retry = try await h.pay("case-a", 10 * million, key: "pay-1")
      #expect(first.id == retry.id)
      let reused = await expectRPCError(.failedPrecondition) { try await h.pay("case-a", 11 * million, key: "pay-1") }
      #expect(reused?.details["idempotency-key"] == "pay-1")
      await expectRPCError(.alreadyExists) { try await h.pay("case-a", 1, id: first.id) }
      #expect(try await h.totals().amountPaid?.vnd == 10 * million)
      let audit = try await h.store.audit.query(entity: "payment")
      #expect(audit.count == 1)
      #expect(audit.first?.rpc == S.recordPayment.fullName)
      await expectRPCError(.invalidArgument, field: "payment.amount") { try await h.pay("case-a", 0) }
      await expectRPCError(.invalidArgument, field: "payment.component") {
        try await h.pay("case-a", 1, component: .unspecified)
      }
      await expectRPCError(.invalidArgument, field: "payment.paid_on") {
        try await h.pay("case-a", 1, on: "2023-04-31")
      }
      await expectRPCError(.notFound) { try await h.pay("case-zz", 1) }
    }
  }
}
