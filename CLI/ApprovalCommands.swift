import ArgumentParser
import DistrictRPC
import DistrictRuntime
import DistrictSchema
import Foundation

/// What the approval commands share: the unit, the service that approves its data set, the
/// call's options, and how an approval is printed.
struct ApprovalUnitOptions: ParsableArguments {
  @Option(
    name: .long, help: "The data set: measurements (indicators), payments (land-clearance), collections (finance).")
  var dataSet: String

  @Option(name: .long, help: "The resolution, the project or the commune (collections: empty for those of no commune).")
  var scope: String = ""

  @Option(name: .long, help: "The month, YYYY-MM.")
  var period: String

  @OptionGroup var services: ServiceAddresses

  var unit: ApprovalV1.ApprovalUnit {
    ApprovalV1.ApprovalUnit().with {
      $0.dataSet = dataSet
      $0.scopeID = scope
      $0.period = period
    }
  }

  /// The service that approves the data set.
  func address() throws -> String {
    switch dataSet {
    case "measurements": services.indicatorsAddress
    case "payments": services.landClearanceAddress
    case "collections": services.financeAddress
    default: throw ValidationError("--data-set must be measurements, payments or collections, not '\(dataSet)'")
    }
  }

  /// Calls `method` on the data set's service and prints the approval it answers.
  func call<Request: SchemaMessage>(
    _ method: MethodDescriptor<Request, ApprovalV1.Approval>, _ request: Request, options: CallOptions
  ) async throws {
    let client = try RPCClient(address: try address())
    defer { client.close() }
    print(Self.line(try await client.unary(method, request, options: options)))
  }

  /// `collections/…/2023-10: APPROVED by approver@test at 2023-11-05T…`.
  static func line(_ approval: ApprovalV1.Approval) -> String {
    let unit = approval.unit ?? ApprovalV1.ApprovalUnit()
    var text =
      "\(unit.dataSet)/\(unit.scopeID)/\(unit.period): \(approval.state.protoName?.replacingOccurrences(of: "APPROVAL_STATE_", with: "") ?? "?")"
    if !approval.changedBy.isEmpty { text += " by \(approval.changedBy) at \(approval.changedAt)" }
    if !approval.reason.isEmpty { text += " (reason: \(approval.reason))" }
    return text
  }
}

/// `district submit --data-set collections --scope COMMUNE --period 2023-10`.
struct SubmitCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "submit", abstract: "Submit a month's figures of a data set for approval (editor).")

  @OptionGroup var unit: ApprovalUnitOptions
  @OptionGroup var options: CallOptionsGroup

  func run() async throws {
    try await unit.call(
      ApprovalV1.ApprovalsService.submit, .init().with { $0.unit = unit.unit }, options: try options.callOptions())
  }
}

/// `district approve --data-set collections --scope COMMUNE --period 2023-10`.
struct ApproveCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "approve",
    abstract: "Approve a submitted month's figures (approver): writes dated in it are refused until reopened.")

  @OptionGroup var unit: ApprovalUnitOptions
  @OptionGroup var options: CallOptionsGroup

  func run() async throws {
    try await unit.call(
      ApprovalV1.ApprovalsService.approve, .init().with { $0.unit = unit.unit }, options: try options.callOptions())
  }
}

/// `district reopen --data-set collections --scope COMMUNE --period 2023-10 --reason "…"`.
struct ReopenCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reopen", abstract: "Reopen an approved month's figures for a correction (admin, with a reason).")

  @OptionGroup var unit: ApprovalUnitOptions

  @Option(name: .long, help: "Why the approved figures must change (recorded in the audit log).")
  var reason: String

  @OptionGroup var options: CallOptionsGroup

  func run() async throws {
    try await unit.call(
      ApprovalV1.ApprovalsService.reopen,
      .init().with {
        $0.unit = unit.unit
        $0.reason = reason
      }, options: try options.callOptions())
  }
}

/// `district approval --data-set collections --scope COMMUNE --period 2023-10`.
struct ApprovalStatusCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "approval", abstract: "Print a month's approval state for a data set.")

  @OptionGroup var unit: ApprovalUnitOptions
  @OptionGroup var options: CallOptionsGroup

  func run() async throws {
    try await unit.call(
      ApprovalV1.ApprovalsService.getApproval, .init().with { $0.unit = unit.unit },
      options: try options.callOptions())
  }
}
