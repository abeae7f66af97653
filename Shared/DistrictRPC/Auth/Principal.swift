/// What a caller may do. Each role includes the ones before it.
public enum Role: String, Sendable, Hashable, Comparable, CaseIterable {
  /// Reads views.
  case reader
  /// Reads views and the audit log (who changed what), and writes nothing.
  case auditor
  /// Records facts: measurements, payments, collections; reads the audit log of its data (a
  /// commune-scoped editor: its commune's).
  case editor
  /// Approves a period's figures (data approval), as the level above the editors who submit
  /// them; records what an editor records.
  case approver
  /// Configures: resolutions, projects, estimates.
  case admin

  private var rank: Int {
    switch self {
    case .reader: 0
    case .auditor: 1
    case .editor: 2
    case .approver: 3
    case .admin: 4
    }
  }

  public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}

/// The authenticated caller of a call.
public struct Principal: Sendable, Hashable {
  /// Who it is, as recorded in audit stamps.
  public let subject: String
  public let role: Role
  /// When set, the caller may write only for this commune (an org-unit id).
  public let communeScope: String?

  public init(subject: String, role: Role, communeScope: String? = nil) {
    self.subject = subject
    self.role = role
    self.communeScope = communeScope
  }

  /// The caller on a server that runs without a tokens file.
  public static let unauthenticated = Principal(subject: "anonymous", role: .admin)
}
