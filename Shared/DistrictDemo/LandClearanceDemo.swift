public import DistrictRPC
internal import DistrictSchema

/// The demo data of the Land Clearance service: the article's cumulative results as of
/// 22/11/2023 (``LandClearanceDemoData``), loaded through the RPCs.
///
/// ``seed(_:options:)`` uses fixed ids and idempotency keys, so running it twice changes
/// nothing; parties are loaded concurrently (each party's calls in order), so the ~900 parties
/// take seconds.
public enum LandClearanceDemo {
  /// Parties loaded at the same time.
  static let parallelism = 24

  /// Writes the demo data through `client` (an admin's token in `options`).
  public static func seed(_ client: RPCClient, options: CallOptions) async throws {
    let seeder = Seeder(client: client, options: options)
    for share in LandClearanceDemoData.projects {
      try await seeder.call(
        S.createProject, .init().with { $0.project = share.project }, key: "project/\(share.project.id)")
    }
    let plans = LandClearanceDemoPlan.all()
    try await withThrowingTaskGroup(of: Void.self) { group in
      var pending = plans.makeIterator()
      for _ in 0..<parallelism {
        guard let plan = pending.next() else { break }
        group.addTask { try await seeder.load(plan) }
      }
      while try await group.next() != nil {
        if let plan = pending.next() { group.addTask { try await seeder.load(plan) } }
      }
    }
  }

  typealias S = LandClearanceV1.LandClearanceService

  /// Calls with the demo's idempotency keys; what an earlier run wrote is skipped.
  struct Seeder: Sendable {
    let client: RPCClient
    let options: CallOptions

    func call<Request, Response>(
      _ method: MethodDescriptor<Request, Response>, _ request: Request, key: String
    )
      async throws
    {
      var options = options
      options.metadata.replace(MetadataKey.idempotencyKey, "land-clearance-demo/\(key)")
      do {
        _ = try await client.unary(method, request, options: options)
      } catch let error as RPCError
        where error.code == .alreadyExists
        || (error.code == .failedPrecondition
          && (error.details["idempotency-key"] != nil || error.details["to_state"] != nil || error.details["id"] != nil))
      {
        // Written by an earlier run whose key has expired, or the step was already taken: nothing to change.
      }
    }

    func money(_ vnd: Int64) -> CommonV1.Money { CommonV1.Money().with { $0.vnd = vnd } }

    /// One party's calls, in order.
    func load(_ plan: LandClearanceDemoPlan) async throws {
      typealias O = LandClearanceDemoPlan.Offset
      let id = plan.partyID
      let caseID = plan.caseID
      try await call(
        S.registerParty,
        .init().with {
          $0.party = .init().with {
            $0.id = id
            $0.kind = plan.kind
            $0.name = plan.name
            $0.communeID = plan.communeID
            $0.parcels = [
              .init().with {
                $0.projectID = plan.projectID
                $0.reference = plan.parcelReference
                $0.landType = plan.landType
                $0.area = .init().with { $0.squareMeters = plan.recoveredArea + plan.recoveredArea / 10 }
                $0.recoveredArea = .init().with { $0.squareMeters = plan.recoveredArea }
              }
            ]
          }
        }, key: "party/\(id)")
      try await call(
        S.openCase,
        .init().with {
          $0.caseID = caseID
          $0.projectID = plan.projectID
          $0.partyID = id
          $0.notifiedOn = plan.date(0)
        },
        key: "case/\(id)")

      func advance(_ state: LandClearanceV1.CaseState, _ offset: Int64, approved: Int64? = nil) async throws {
        try await call(
          S.advanceCase,
          .init().with {
            $0.caseID = caseID
            $0.toState = state
            $0.on = plan.date(offset)
            $0.compulsoryInventory = state == .inventoried && plan.compulsoryInventory
            if let approved { $0.approvedAmount = money(approved) }
          }, key: "advance/\(id)/\(state.rawValue)")
      }
      func pay(
        _ suffix: String, _ component: LandClearanceV1.PaymentComponent, _ amount: Int64, deposited: Bool = false
      )
        async throws
      {
        try await call(
          S.recordPayment,
          .init().with {
            $0.payment = .init().with {
              $0.id = "pay-\(id)-\(suffix)"
              $0.caseID = caseID
              $0.component = component
              $0.amount = money(amount)
              $0.paidOn = plan.date(O.paid)
              $0.deposited = deposited
            }
          }, key: "payment/\(id)/\(suffix)")
      }

      if plan.outcome == .notifiedOnly { return }
      try await advance(.inventoried, O.inventoried)
      try await advance(.planPosted, O.posted)
      if plan.outcome == .postingOverdue { return }
      try await advance(.consulted, O.consulted)
      try await advance(.planApproved, O.approved, approved: plan.amendedFrom ?? plan.amount)
      if plan.outcome == .decisionOverdue { return }
      try await advance(.recoveryDecided, O.decided)
      if let on = plan.enforcementOn {
        try await call(
          S.decideEnforcement,
          .init().with {
            $0.caseID = caseID
            $0.decidedOn = on
            $0.note = "Quyết định cưỡng chế thu hồi đất"
          },
          key: "enforcement/\(id)")
      }
      switch plan.outcome {
      case .paymentOverdue: return
      case .deposited:
        try await pay("deposit", .land, plan.amount, deposited: true)
        try await advance(.handedOver, O.handedOver)
        return
      default: break
      }
      if let from = plan.amendedFrom {
        try await call(
          S.amendApprovedAmount,
          .init().with {
            $0.caseID = caseID
            $0.amendmentID = "amend-\(id)"
            $0.approvedAmount = money(plan.amount)
            $0.decidedOn = plan.date(O.decided + 5)
            $0.decision = "QĐ điều chỉnh phương án (tăng \((plan.amount - from) / LandClearanceDemoData.million) triệu)"
          }, key: "amend/\(id)")
      }
      if plan.correction {
        try await pay("wrong", .land, plan.amount / 2)
        try await call(
          S.reversePayment,
          .init().with {
            $0.paymentID = "pay-\(id)-wrong"
            $0.reversalID = "pay-\(id)-wrong-reversal"
            $0.reason = "chi nhầm số tiền"
          },
          key: "reverse/\(id)")
      }
      if plan.splitPayment {
        let land = plan.amount / 10 * 8
        try await pay("1", .land, land)
        try await pay("2", .support, plan.amount - land)
      } else {
        try await pay("1", .land, plan.amount)
      }
      if plan.resolvedComplaint {
        try await call(
          S.openComplaint,
          .init().with {
            $0.complaint = .init().with {
              $0.id = "complaint-\(id)"
              $0.caseID = caseID
              $0.kind = .complaint
              $0.receivedOn = plan.date(O.paid + 3)
              $0.summary = "Khiếu nại đơn giá bồi thường cây trồng"
            }
          }, key: "complaint/\(id)")
        try await call(
          S.resolveComplaint,
          .init().with {
            $0.complaintID = "complaint-\(id)"
            $0.resolvedOn = plan.date(O.paid + 25)
            $0.outcome = "Giữ nguyên đơn giá; đã giải thích"
          },
          key: "resolve/\(id)")
      }
      if let on = plan.openComplaintOn {
        try await call(
          S.openComplaint,
          .init().with {
            $0.complaint = .init().with {
              $0.id = "complaint-\(id)"
              $0.caseID = caseID
              $0.kind = .complaint
              $0.receivedOn = on
              $0.summary = "Khiếu nại diện tích đất thu hồi, chưa bàn giao mặt bằng"
            }
          }, key: "complaint/\(id)")
        return
      }
      try await advance(.handedOver, O.handedOver)
      guard let plotNumber = plan.plotNumber else { return }
      try await call(
        S.allocatePlot,
        .init().with {
          $0.plot = .init().with {
            $0.id = "plot-\(plotNumber)"
            $0.siteProjectID = LandClearanceDemoData.resettlementSite
            $0.plotNumber = plotNumber
            $0.area = .init().with { $0.squareMeters = 100 }
            $0.caseID = caseID
            $0.allocatedOn = plan.date(O.plot)
          }
        }, key: "plot/\(id)")
      if plan.certificate {
        try await call(
          S.issueCertificate,
          .init().with {
            $0.plotID = "plot-\(plotNumber)"
            $0.certificateNumber = "CS-\(plotNumber)"
            $0.issuedOn = plan.date(O.certificate)
          },
          key: "certificate/\(id)")
      }
    }
  }
}
