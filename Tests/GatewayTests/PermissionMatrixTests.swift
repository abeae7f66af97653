import DistrictRPC
import DistrictSchema
import DistrictTestSupport
import Foundation
import Testing

/// Every method × every kind of caller, against the method → role table of docs/SECURITY.md:
/// a method in proto/ without a row fails, and so does a row without a method; every call is
/// made for real, on the four servers of an in-process district, and must be allowed or refused
/// exactly as the table says. docs/PROTOCOL.md §6.2's table by service must say the same.
@Suite("Permission matrix", .timeLimit(.minutes(3)))
struct PermissionMatrixTests {
  /// One row of the table: the least role a method needs (`nil`: none).
  struct Row: Equatable, CustomStringConvertible {
    let method: String
    let role: Role?
    /// The table's "personal data in the answer" cell (empty for PROTOCOL.md's rows).
    var personalData = ""
    var description: String { "\(method): \(role?.rawValue ?? "none")" }
  }

  /// A caller: no token, or a role with or without a commune scope.
  struct Caller: CustomStringConvertible, Sendable {
    let principal: Principal?
    let token: String?
    var description: String {
      guard let principal else { return "no token" }
      return principal.role.rawValue + (principal.communeScope.map { " of \($0)" } ?? "")
    }
  }

  static let callers: [Caller] =
    [Caller(principal: nil, token: nil)]
    + [
      Token.reader, Token.auditor, Token.editor, Token.approver, Token.admin, Token.scopedReader, Token.scopedAuditor,
      Token.scopedEditor, Token.scopedApprover, Token.scopedAdmin,
    ].map {
      Caller(principal: Token.store.principal(for: $0), token: $0)
    }

  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The methods of proto/ that the four servers serve (the test-only services left out).
  static let servedMethods = SchemaServices.methods.filter { !$0.fullName.hasPrefix("/district.test.") }

  /// The rows of docs/SECURITY.md's table of every method.
  static func securityTable() throws -> [Row] {
    let text = try String(contentsOf: repository.appendingPathComponent("docs/SECURITY.md"), encoding: .utf8)
    return try text.split(separator: "\n").filter { $0.hasPrefix("| `/district.") }.map { line in
      let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      let method = cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
      return Row(method: method, role: try role(cells[2], in: line), personalData: cells.count > 4 ? cells[4] : "")
    }
  }

  private static func role(_ cell: String, in line: Substring) throws -> Role? {
    if cell == "none" { return nil }
    guard let role = Role(rawValue: cell) else { throw TableError(message: "no role '\(cell)' in: \(line)") }
    return role
  }

  /// The rows of docs/PROTOCOL.md §6.2's table by service: each service's methods under the role
  /// they need ("no token needed" for none).
  static func protocolTable() throws -> [Row] {
    let text = try String(contentsOf: repository.appendingPathComponent("docs/PROTOCOL.md"), encoding: .utf8)
    var rows: [Row] = []
    for line in text.split(separator: "\n") where line.hasPrefix("| `district.") {
      let cells = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
      let quoted = cells.count >= 7 ? cells[1].components(separatedBy: "`") : []
      guard quoted.count >= 3, case let service = quoted[1] else {
        throw TableError(message: "not a row of six columns: \(line)")
      }
      for (cell, role) in zip(cells[2...6], [Role.reader, .auditor, .editor, .approver, .admin]) {
        let open = cell.contains("no token needed")
        let names = cell.replacingOccurrences(of: "(key)", with: "").replacingOccurrences(of: "(stream)", with: "")
          .components(separatedBy: CharacterSet.alphanumerics.inverted)
          .filter { $0.first?.isUppercase == true }
        rows += names.map { Row(method: "/\(service)/\($0)", role: open ? nil : role) }
      }
    }
    return rows
  }

  struct TableError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
  }

  /// What the table says `caller` gets from a method that needs `role`.
  static func expected(_ role: Role?, _ caller: Caller, method: String) -> (code: StatusCode, message: String)? {
    guard let role else { return nil }
    guard let principal = caller.principal else { return (.unauthenticated, "\(method) needs a token") }
    if principal.role < role {
      return (
        .permissionDenied,
        "'\(principal.subject)' has the \(principal.role.rawValue) role; \(method) needs \(role.rawValue)"
      )
    }
    if role == .admin, let scope = principal.communeScope {
      return (.permissionDenied, "'\(principal.subject)' is an admin scoped to commune \(scope)")
    }
    return nil
  }

  /// Whether `error` is the authorization's refusal rather than the handler's answer.
  static func isAuthorizationRefusal(_ error: RPCError) -> Bool {
    error.code == .unauthenticated
      || (error.code == .permissionDenied
        && (error.message.contains(" role; ") || error.message.contains("is an admin scoped")))
  }

  @Test("Every method in proto/ has exactly one row in docs/SECURITY.md, and PROTOCOL.md §6.2 agrees")
  func tablesCoverEveryMethod() throws {
    let rows = try Self.securityTable()
    let documented = Dictionary(grouping: rows, by: \.method)
    for method in Self.servedMethods.map(\.fullName) {
      #expect(documented[method]?.count == 1, "\(method): \(documented[method]?.count ?? 0) rows in docs/SECURITY.md")
    }
    let served = Set(Self.servedMethods.map(\.fullName))
    for row in rows where !served.contains(row.method) {
      Issue.record("docs/SECURITY.md has a row for \(row.method), which no .proto defines")
    }
    let byService = try Self.protocolTable()
    #expect(
      Set(byService.map(\.description)) == Set(rows.map(\.description)),
      "docs/PROTOCOL.md §6.2 and docs/SECURITY.md disagree")
    #expect(byService.count == rows.count)
  }

  @Test("Every method × every caller is allowed or refused exactly as docs/SECURITY.md says")
  func everyMethodEveryCaller() async throws {
    let rows = Dictionary(uniqueKeysWithValues: try Self.securityTable().map { ($0.method, $0) })
    try await withDistrict { district in
      let servers: [String: TestServer] = [
        "district.indicators.v1.Indicators": district.indicators, "district.finance.v1.Finance": district.finance,
        "district.landclearance.v1.LandClearance": district.landClearance,
        "district.gateway.v1.Gateway": district.gateway,
        "district.changes.v1.Changes": district.finance, "district.health.v1.Health": district.indicators,
        "district.audit.v1.Audit": district.gateway, "district.approval.v1.Approvals": district.finance,
      ]
      var checked = 0
      for method in Self.servedMethods {
        let service = String(method.fullName.dropFirst().prefix { $0 != "/" })
        let row = try #require(rows[method.fullName], "\(method.fullName) has no row in docs/SECURITY.md")
        let server = try #require(servers[service], "no server of \(service) in the test")
        let client = RPCClient(host: "127.0.0.1", port: server.port, logger: quiet)
        defer { client.close() }
        for caller in Self.callers {
          let options =
            caller.token.map { Token.options($0, timeout: .seconds(10)) } ?? CallOptions(timeout: .seconds(10))
          let refusal = await Self.call(method, on: client, options: options)
          let expected = Self.expected(row.role, caller, method: method.fullName)
          if let expected {
            #expect(
              refusal?.code == expected.code, "\(method.fullName) as \(caller): \(refusal.map { "\($0)" } ?? "allowed")"
            )
            #expect(
              refusal?.message.contains(expected.message) == true,
              "\(method.fullName) as \(caller): \(refusal?.message ?? "allowed")")
          } else if let refusal, Self.isAuthorizationRefusal(refusal) {
            Issue.record("\(method.fullName) as \(caller) was refused: \(refusal)")
          }
          checked += 1
        }
      }
      print("permission matrix: \(checked) calls, \(Self.servedMethods.count) methods × \(Self.callers.count) callers")
    }
  }

  /// Calls `method` with an empty request; the error it answers with, or `nil`. A stream is read
  /// up to its first message.
  static func call(_ method: AnyMethodDescriptor, on client: RPCClient, options: CallOptions) async -> RPCError? {
    do {
      switch method.kind {
      case .unary:
        _ = try await client.unary(method: method.fullName, payload: [], options: options)
      case .serverStreaming:
        try await firstMessage(method, method.requestType, method.responseType, on: client, options: options)
      }
      return nil
    } catch let error as RPCError {
      return error
    } catch {
      return RPCError(.unknown, "\(error)")
    }
  }

  private static func firstMessage<Request: SchemaMessage, Response: SchemaMessage>(
    _ method: AnyMethodDescriptor, _: Request.Type, _: Response.Type, on client: RPCClient, options: CallOptions
  ) async throws {
    let descriptor = MethodDescriptor<Request, Response>(fullName: method.fullName, kind: .serverStreaming)
    for try await _ in try await client.serverStream(descriptor, Request(), options: options) { break }
  }
}
