import DistrictRPC
import DistrictSchema
import DistrictServiceRuntime
import DistrictTestSupport
import Finance
import Foundation
import Testing

/// `district submit`, `approve`, `reopen`, `approval` and `audit`, run as a user would, against a
/// finance server with its audit log.
@Suite("The district command: approvals and the audit log", .timeLimit(.minutes(1)))
struct GovernanceCLITests {
  @Test("A month's collections submitted, approved, a write refused naming the lock, reopened; all in the audit")
  func approvalCycle() async throws {
    try await withStore(.sqlite, migrations: FinanceService.migrations) { store in
      let finance = FinanceService(
        store: store, logger: CLITests.quietLogger, today: { CalendarDate(year: 2023, month: 11, day: 22) })
      try await withTestServer([finance, AuditService(store: store)], tokens: nil) { server in
        let address = server.address
        let commune = TestCommune.longHau
        let client = server.inProcessClient()
        defer { client.close() }
        _ = try await client.unary(
          FinanceV1.FinanceService.setRevenueSource,
          .init().with {
            $0.source = .init().with {
              $0.year = 2023
              $0.code = "business-tax"
              $0.nameVi = "Thuế"
              $0.nameEn = "Tax"
            }
          })
        let unit = ["--data-set", "collections", "--scope", commune, "--period", "2023-10", "--finance", address]
        let submitted = try await CLITests.district(["submit"] + unit)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        #expect(
          submitted.stdout.contains("collections/\(commune)/2023-10: SUBMITTED by anonymous"), "\(submitted.stdout)")
        let approved = try await CLITests.district(["approve"] + unit)
        #expect(approved.stdout.contains(": APPROVED by anonymous"), "\(approved.stdout) \(approved.stderr)")

        let collection =
          #"{"collection": {"collectedOn": "2023-10-15", "sourceCode": "business-tax", "communeId": "\#(commune)", "amount": {"vnd": "5000000"}}}"#
        let refused = try await CLITests.district([
          "call", address, "Finance/RecordCollection", collection, "-H", "idempotency-key=cli-1",
        ])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("FAILED_PRECONDITION"), "\(refused.stderr)")
        #expect(refused.stderr.contains("approved by 'anonymous'"), "\(refused.stderr)")

        let noReason = try await CLITests.district(["reopen"] + unit)
        #expect(noReason.status != 0)
        let reopened = try await CLITests.district(["reopen"] + unit + ["--reason", "receipt keyed twice"])
        #expect(reopened.stdout.contains(": REOPENED by anonymous"), "\(reopened.stdout) \(reopened.stderr)")
        #expect(reopened.stdout.contains("(reason: receipt keyed twice)"))
        let accepted = try await CLITests.district([
          "call", address, "Finance/RecordCollection", collection, "-H", "idempotency-key=cli-2",
        ])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        let state = try await CLITests.district(["approval"] + unit)
        #expect(state.stdout.contains(": REOPENED"))

        let audit = try await CLITests.district(["audit", "--gateway", address, "--entity", "approval"])
        #expect(audit.status == 0, "\(audit.stderr)")
        let lines = audit.stdout.split(separator: "\n")
        #expect(lines.count == 3, "\(audit.stdout)")
        #expect(lines.map { $0.contains("reopen approval") } == [true, false, false])
        #expect(lines.last?.contains("submit approval collections/\(commune)/2023-10") == true)
        #expect(lines.allSatisfy { $0.contains("commune=\(commune)") && $0.contains("trace=") })

        let badSet = try await CLITests.district(["approve", "--data-set", "budgets", "--period", "2023-10"])
        #expect(badSet.status != 0)
        #expect(badSet.stderr.contains("measurements, payments or collections"), "\(badSet.stderr)")
      }
    }
  }
}
