import ArgumentParser
import DistrictRPC
import DistrictSchema
import Foundation

/// `district audit [--entity E] [--since T] …`: who changed what, newest first, from the gateway
/// (all three services' logs merged) or one service's log.
struct AuditCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit",
    abstract: "Print the audit log: who changed what, when and through which call, newest first.",
    discussion: """
      Needs an auditor's, an editor's or an admin's token; a caller scoped to a commune sees only \
      that commune's entries. Times are RFC 3339 with an offset (2023-11-22T17:00+07:00) or a date \
      (2023-11-01: its midnight in Vietnam).
      """)

  @Option(name: .long, help: "Only this kind of entity: collection, payment, case, measurement, …")
  var entity: String = ""

  @Option(name: .long, help: "Only this entity (with --entity).")
  var entityID: String = ""

  @Option(name: .long, help: "Only changes made by this subject.")
  var subject: String = ""

  @Option(
    name: .long, help: "Only changes made through this full method (/district.finance.v1.Finance/RecordCollection).")
  var method: String = ""

  @Option(name: .long, help: "Only changes made at or after this time.")
  var since: String = ""

  @Option(name: .long, help: "Only changes made before this time.")
  var until: String = ""

  @Option(name: .long, help: "Only this service's log: indicators, land-clearance or finance (default: all three).")
  var service: String = ""

  @Option(name: .long, help: "At most this many entries (default 50).")
  var limit: Int = 50

  @Flag(name: .long, help: "Print each entry's before and after (JSON) too.")
  var changes = false

  @Flag(name: .long, help: "Print the entries as JSON instead of text.")
  var json = false

  @OptionGroup var gateway: GatewayAddress
  @OptionGroup var options: CallOptionsGroup

  func validate() throws {
    guard limit > 0 else { throw ValidationError("--limit must be positive") }
  }

  func run() async throws {
    let client = try RPCClient(address: gateway.address)
    defer { client.close() }
    var request = AuditV1.ListAuditEntriesRequest().with {
      $0.entity = entity
      $0.entityID = entityID
      $0.subject = subject
      $0.method = method
      $0.since = since
      $0.until = until
      $0.service = service
    }
    var entries: [AuditV1.AuditEntry] = []
    var token = ""
    repeat {
      request.page = CommonV1.PageRequest().with {
        $0.pageSize = Int32(min(limit - entries.count, 1_000))
        $0.pageToken = token
      }
      let response = try await client.unary(
        AuditV1.AuditService.listAuditEntries, request, options: try options.callOptions())
      entries += response.entries
      token = response.page?.nextPageToken ?? ""
    } while !token.isEmpty && entries.count < limit
    let more = !token.isEmpty
    if json {
      print(try CallCommand.renderJSON(AuditV1.ListAuditEntriesResponse().with { $0.entries = entries }))
      return
    }
    if entries.isEmpty { print("no entries match") }
    for entry in entries {
      print(Self.line(entry))
      if changes {
        if !entry.beforeJson.isEmpty { print("    before: \(entry.beforeJson)") }
        if !entry.afterJson.isEmpty { print("    after:  \(entry.afterJson)") }
      }
    }
    if more { print("… more entries: raise --limit or narrow --since / --until") }
  }

  /// One entry: when, service, who, what, how, the call's trace and key.
  static func line(_ entry: AuditV1.AuditEntry) -> String {
    var fields = [
      entry.at, entry.service, entry.subject, "\(entry.action) \(entry.entity) \(entry.entityID)",
      "by " + (entry.method.split(separator: "/").last.map(String.init) ?? entry.method),
    ]
    if !entry.communeID.isEmpty { fields.append("commune=\(entry.communeID)") }
    if !entry.traceID.isEmpty { fields.append("trace=\(entry.traceID)") }
    if !entry.idempotencyKey.isEmpty { fields.append("key=\(entry.idempotencyKey)") }
    return fields.joined(separator: "  ")
  }
}
