import DistrictGeography
import DistrictRPC
import DistrictSchema
import DistrictStore
import DistrictTestSupport
import Foundation
import Testing

/// The personal-data column of docs/SECURITY.md's table of every method, checked on the demo
/// district: every read method is called by every kind of caller with a request that reaches
/// households (of Tân Tập and of Long Hậu, where that matters), and personal data — a
/// household's name ("Hộ ông …", "Hộ bà …"), the free text about its case — appears in an answer
/// exactly when the table says that caller may see it.
/// A read method without a request here fails, so none ships unclassified.
@Suite("Personal data matrix", .timeLimit(.minutes(3)))
struct PersonalDataMatrixTests {
  /// What a row's cell says about household names in the answer.
  enum Disclosure: Equatable {
    /// To nobody: "—", or "none, whoever asks".
    case nobody
    /// To editors and admins, a commune-scoped one only for its own commune ("as GetParty").
    case officers
    /// To auditors, editors and admins, a commune-scoped one only for its own commune.
    case auditors
    /// A write's answer echoes what its caller sent.
    case echo

    init(cell: String) throws {
      if cell == "—" || cell.hasPrefix("none, whoever asks") {
        self = .nobody
      } else if cell.contains("auditors, editors and admins, a scoped one for its commune") {
        self = .auditors
      } else if cell.contains("editors and admins, a scoped one for its commune") || cell.contains("as GetParty") {
        self = .officers
      } else if cell.contains("(it was sent)") || cell.hasPrefix("the party's name") || cell.hasPrefix("the summary") {
        self = .echo
      } else {
        throw PermissionMatrixTests.TableError(message: "no reading of the personal-data cell '\(cell)'")
      }
    }
  }

  /// A request that reaches households; `commune`: theirs, when the answer is about one commune's.
  struct Probe: Sendable {
    let json: String
    let commune: String?
  }

  static let tanTap = ReferenceGeography.oldCommune("tan-tap")
  static let nam = "kcn-nam-tan-tap"
  static let road = "duong-long-hau-hiep-phuoc"

  /// Requests of every read method on the demo data (a blocker household of each project).
  static let probes: [String: [Probe]] = {
    func one(_ json: String) -> [Probe] { [Probe(json: json, commune: nil)] }
    let lc = "/district.landclearance.v1.LandClearance/"
    let ind = "/district.indicators.v1.Indicators/"
    let fin = "/district.finance.v1.Finance/"
    let year = #"{"year": 2023, "asOf": "2023-11-22"}"#
    return [
      "/district.health.v1.Health/Check": one("{}"),
      "/district.health.v1.Health/Watch": one("{}"),
      "/district.changes.v1.Changes/Watch": one("{}"),
      ind + "GetResolution": one(#"{"id": "nq-50-hu-2022"}"#),
      ind + "ListResolutions": one(#"{"year": 2023}"#),
      ind + "ListIndicators": one(#"{"resolutionId": "nq-50-hu-2022"}"#),
      ind + "GetIndicator": one(#"{"id": "nq50-ct-01"}"#),
      ind + "GetScorecard": one(#"{"resolutionId": "nq-50-hu-2022", "asOf": "2023-11-22"}"#),
      ind + "WatchScorecard": one(#"{"resolutionId": "nq-50-hu-2022", "asOf": "2023-11-22"}"#),
      lc + "GetProject": one(#"{"id": "\#(nam)"}"#),
      lc + "ListProjects": one("{}"),
      lc + "GetParty": [
        Probe(json: #"{"id": "\#(nam)-hh-u1"}"#, commune: tanTap),
        Probe(json: #"{"id": "\#(road)-hh-u7"}"#, commune: TestCommune.longHau),
      ],
      // Cases with a complaint: a resolved one in Tân Tập, an open one in Long Hậu.
      lc + "GetCase": [
        Probe(json: #"{"id": "case-\#(nam)-hh-11"}"#, commune: tanTap),
        Probe(json: #"{"id": "case-\#(road)-hh-4"}"#, commune: TestCommune.longHau),
      ],
      lc + "ListCases": one(#"{"projectId": "\#(nam)"}"#),
      lc + "GetResettlement": one(#"{"projectId": "\#(nam)", "asOf": "2023-11-22"}"#),
      lc + "GetProjectProgress": one(#"{"projectId": "\#(nam)", "asOf": "2023-11-22"}"#),
      lc + "ListProjectProgress": one(#"{"asOf": "2023-11-22"}"#),
      lc + "GetDistrictTotals": one(#"{"asOf": "2023-11-22"}"#),
      lc + "ListBlockers": [
        Probe(json: #"{"projectId": "\#(nam)", "asOf": "2023-11-22"}"#, commune: tanTap),
        Probe(json: #"{"projectId": "\#(road)", "asOf": "2023-11-22"}"#, commune: TestCommune.longHau),
      ],
      lc + "ListOverdue": [
        Probe(json: #"{"projectId": "\#(nam)", "asOf": "2023-11-22"}"#, commune: tanTap),
        Probe(json: #"{"projectId": "\#(road)", "asOf": "2023-11-22"}"#, commune: TestCommune.longHau),
      ],
      fin + "GetRevenueSummary": one(year),
      fin + "ListLaggingCommunes": one(year),
      fin + "GetDisbursement": one(year),
      fin + "ListRevenueSources": one(#"{"year": 2023}"#),
      fin + "GetYearEndProjection": one(year),
      "/district.gateway.v1.Gateway/GetOverview": one(#"{"year": 2023, "asOf": "2023-11-22"}"#),
      "/district.gateway.v1.Gateway/WatchOverview": one(#"{"year": 2023, "asOf": "2023-11-22"}"#),
      "/district.approval.v1.Approvals/GetApproval": one(
        #"{"unit": {"dataSet": "collections", "scopeId": "\#(TestCommune.longHau)", "period": "2023-10"}}"#),
      // Registering a household records its name in the audit log.
      "/district.audit.v1.Audit/ListAuditEntries": [
        Probe(json: #"{"entity": "party", "entityId": "\#(nam)-hh-u1"}"#, commune: tanTap),
        Probe(json: #"{"entity": "party", "entityId": "\#(road)-hh-u7"}"#, commune: TestCommune.longHau),
      ],
      "/district.gateway.v1.Gateway/GetReport": one(
        #"{"year": 2023, "asOf": "2023-11-22", "language": "LANGUAGE_VI"}"#),
    ]
  }()

  /// Whether an answer of `method` holds personal data: a household's name as the demo writes
  /// them ("Hộ ông Nguyễn Văn An"), or, from land clearance, the free text recorded about a case
  /// (a complaint's summary or outcome, a step's or a payment's note).
  static func holdsPersonalData(_ text: String, method: String) -> Bool {
    if text.contains(/Hộ (ông|bà) \p{L}+/) { return true }
    return method.hasPrefix("/district.landclearance.") && text.contains(/"(summary|outcome|note)":"[^"]/)
  }

  /// Whether `caller` may see the names of `commune`'s households (PersonalData.visible; the
  /// audit log from `least` on, `editor` elsewhere).
  static func maySee(_ caller: PermissionMatrixTests.Caller, commune: String?, least: Role = .editor) -> Bool {
    guard let principal = caller.principal, principal.role >= least else { return false }
    guard let scope = principal.communeScope else { return true }
    return scope == commune
  }

  @Test("Household names reach exactly the callers docs/SECURITY.md names, for every read method")
  func everyReadMethodEveryCaller() async throws {
    let rows = try PermissionMatrixTests.securityTable()
    try await withDistrict { district in
      let servers: [String: TestServer] = [
        "district.indicators.v1.Indicators": district.indicators, "district.finance.v1.Finance": district.finance,
        "district.landclearance.v1.LandClearance": district.landClearance,
        "district.gateway.v1.Gateway": district.gateway,
        "district.changes.v1.Changes": district.landClearance, "district.health.v1.Health": district.landClearance,
        "district.audit.v1.Audit": district.gateway, "district.approval.v1.Approvals": district.finance,
      ]
      var answers = 0
      var seen = 0
      for row in rows {
        let disclosure = try Disclosure(cell: row.personalData)
        // Reads need at most the auditor's role; writes, the editor's.
        guard row.role.map({ $0 <= .auditor }) ?? true else {
          #expect(disclosure != .officers, "\(row.method) is a write whose answer shows names to officers only")
          continue
        }
        #expect(disclosure != .echo, "\(row.method) reads, so its answer echoes nothing the caller sent")
        let method = try #require(
          PermissionMatrixTests.servedMethods.first { $0.fullName == row.method }, "\(row.method) is not in proto/")
        let probes = try #require(Self.probes[row.method], "\(row.method) has no request in the personal-data matrix")
        let service = String(row.method.dropFirst().prefix { $0 != "/" })
        let server = try #require(servers[service])
        let client = RPCClient(host: "127.0.0.1", port: server.port, logger: quiet)
        defer { client.close() }
        for probe in probes {
          var namedForSomeone = false
          for caller in PermissionMatrixTests.callers where caller.principal != nil {
            let options = Token.options(caller.token!, timeout: .seconds(10))
            let answer = try await Self.answer(method, probe.json, on: client, options: options)
            answers += 1
            let named = Self.holdsPersonalData(answer, method: row.method)
            namedForSomeone = namedForSomeone || named
            let allowed =
              (disclosure == .officers && Self.maySee(caller, commune: probe.commune))
              || (disclosure == .auditors && Self.maySee(caller, commune: probe.commune, least: .auditor))
            if named { seen += 1 }
            #expect(
              named == allowed, "\(row.method) \(probe.json) as \(caller): names \(named ? "shown" : "not shown")")
          }
          if disclosure == .officers || disclosure == .auditors {
            #expect(namedForSomeone, "\(row.method) \(probe.json) reached no household: the probe proves nothing")
          }
        }
      }
      print("personal-data matrix: \(answers) answers read, \(seen) with a household's name")
    }
  }

  /// The answer to `json` as JSON text (a stream's first message); an error's message otherwise.
  static func answer(
    _ method: AnyMethodDescriptor, _ json: String, on client: RPCClient, options: CallOptions
  )
    async throws -> String
  {
    try await answer(method, method.requestType, method.responseType, json, on: client, options: options)
  }

  private static func answer<Request: SchemaMessage, Response: SchemaMessage>(
    _ method: AnyMethodDescriptor, _: Request.Type, _: Response.Type, _ json: String, on client: RPCClient,
    options: CallOptions
  ) async throws -> String {
    let request = try JSONDecoder().decode(Request.self, from: Data(json.utf8))
    let descriptor = MethodDescriptor<Request, Response>(fullName: method.fullName, kind: method.kind)
    do {
      var response: Response?
      switch method.kind {
      case .unary:
        response = try await client.unary(descriptor, request, options: options)
      case .serverStreaming:
        for try await message in try await client.serverStream(descriptor, request, options: options) {
          response = message
          break
        }
      }
      return String(decoding: try JSONEncoder().encode(try #require(response)), as: UTF8.self)
    } catch let error as RPCError {
      return error.message
    }
  }
}
