import DistrictRPC
import DistrictSchema
import DistrictTestSupport
import LandClearance
import Logging
import Testing

/// A household's name and the free text about it (complaints, notes) go only to the officers who
/// handle it: editors and admins, a commune's clerk only for its commune (Decree 13/2023/NĐ-CP).
@Suite("Personal data", .timeLimit(.minutes(2)))
struct PersonalDataTests {
  typealias S = LandClearanceV1.LandClearanceService

  @Test(
    "Readers and out-of-scope clerks get no household's name, complaint or note; officers do",
    arguments: TestBackend.all)
  func whoSeesWhat(backend: TestBackend) async throws {
    try await withService(backend) { h in
      try await h.project()
      try await h.party("a")
      try await h.party("org", kind: .organisation)
      try await h.openCase("a")
      _ = try await h.client.unary(
        S.openComplaint,
        .init().with {
          $0.complaint = .init().with {
            $0.id = "k1"
            $0.caseID = "case-a"
            $0.kind = .complaint
            $0.receivedOn = "2023-01-10"
            $0.summary = "Hộ a khiếu nại đơn giá"
          }
        }, options: Token.options(Token.editor))
      func party(_ id: String, _ token: String) async throws -> LandClearanceV1.AffectedParty {
        try await h.client.unary(S.getParty, .init().with { $0.id = id }, options: Token.options(token))
      }
      func complaint(_ token: String) async throws -> String? {
        try await h.client.unary(S.getCase, .init().with { $0.id = "case-a" }, options: Token.options(token)).complaints
          .first?.summary
      }
      // Party "a" lives in Tân Tập: the district's officers see it; a reader and Long Hậu's clerk do not.
      for (token, sees) in [
        (Token.admin, true), (Token.editor, true), (Token.reader, false), (Token.scopedEditor, false),
      ] {
        #expect(try await party("a", token).name == (sees ? "Hộ a" : ""), "\(token)")
        #expect(try await complaint(token) == (sees ? "Hộ a khiếu nại đơn giá" : ""), "\(token)")
        let blocker = try await h.blockers(asOf: "2023-01-15", token: token).first { $0.clearanceCase?.id == "case-a" }
        #expect(blocker?.partyName == (sees ? "Hộ a" : ""), "\(token)")
      }
      // An organisation is not a natural person: its name is no personal data.
      #expect(try await party("org", Token.reader).name == "Hộ org")
      // The figures stay for everyone.
      #expect(try await party("a", Token.reader).parcels.first?.recoveredArea?.squareMeters == 1_000)
    }
  }

  @Test(
    "No log line, at any level down to trace, carries a household's name, complaint or note", arguments: TestBackend.all
  )
  func nothingPersonalInLogs(backend: TestBackend) async throws {
    let capture = LogCapture()
    try await withService(backend, logger: capture.logger(level: .trace)) { h in
      try await h.project()
      _ = try await h.client.unary(
        S.registerParty,
        .init().with {
          $0.party = .init().with {
            $0.id = "p"
            $0.kind = .household
            $0.name = "Hộ ông Trần Văn Riêngtư"
            $0.communeID = TestCommune.tanTap
            $0.parcels = [
              .init().with {
                $0.projectID = "kcn"
                $0.reference = "1/p"
                $0.landType = "LUC"
                $0.area = .m2(1_100)
                $0.recoveredArea = .m2(1_000)
              }
            ]
          }
        }, options: Token.options(Token.editor))
      try await h.openCase("p")
      _ = try await h.client.unary(
        S.openComplaint,
        .init().with {
          $0.complaint = .init().with {
            $0.id = "k1"
            $0.caseID = "case-p"
            $0.kind = .complaint
            $0.receivedOn = "2023-01-10"
            $0.summary = "Khiếu nại Riêngtư về đơn giá"
          }
        }, options: Token.options(Token.editor))
      _ = try await h.client.unary(S.getParty, .init().with { $0.id = "p" }, options: Token.options(Token.editor))
    }
    let lines = capture.recorded
    #expect(lines.count > 10, "the capture saw too little to mean anything: \(lines.count) lines")
    let leaking = lines.filter { $0.contains("Riêngtư") }
    #expect(leaking.isEmpty, "personal data in the log: \(leaking.prefix(3))")
  }
}
