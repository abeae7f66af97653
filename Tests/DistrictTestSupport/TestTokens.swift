internal import DistrictGeography
public import DistrictRPC

/// The bearer tokens of every test server (``store``): one principal per role, each again scoped
/// to Long Hậu, and an editor of Phước Lý. Subjects are `role@test`, scoped ones
/// `commune-role@test`, and the audit assertions name them.
public enum Token {
  public static let reader = "reader-token-0000000001"
  public static let auditor = "auditor-token-000000001"
  public static let editor = "editor-token-0000000001"
  public static let approver = "approver-token-00000001"
  public static let admin = "admin-token-00000000001"
  /// Each role again, scoped to ``TestCommune/longHau``.
  public static let scopedReader = "scoped-reader-token-01"
  public static let scopedAuditor = "scoped-auditor-token-1"
  public static let scopedEditor = "scoped-editor-token-01"
  public static let scopedApprover = "scoped-approver-token1"
  public static let scopedAdmin = "scoped-admin-token-001"
  /// An editor scoped to ``TestCommune/phuocLy``.
  public static let phuocLyEditor = "phuoc-ly-token-00000001"

  public static let store = TokenStore([
    reader: Principal(subject: "reader@test", role: .reader),
    auditor: Principal(subject: "auditor@test", role: .auditor),
    editor: Principal(subject: "editor@test", role: .editor),
    approver: Principal(subject: "approver@test", role: .approver),
    admin: Principal(subject: "admin@test", role: .admin),
    scopedReader: Principal(subject: "long-hau-reader@test", role: .reader, communeScope: TestCommune.longHau),
    scopedAuditor: Principal(subject: "long-hau-auditor@test", role: .auditor, communeScope: TestCommune.longHau),
    scopedEditor: Principal(subject: "long-hau-editor@test", role: .editor, communeScope: TestCommune.longHau),
    scopedApprover: Principal(subject: "long-hau-approver@test", role: .approver, communeScope: TestCommune.longHau),
    scopedAdmin: Principal(subject: "long-hau-admin@test", role: .admin, communeScope: TestCommune.longHau),
    phuocLyEditor: Principal(subject: "phuoc-ly-editor@test", role: .editor, communeScope: TestCommune.phuocLy),
  ])

  /// Call options with `token` as the bearer, `timeout`, and `key` as the idempotency key.
  public static func options(_ token: String, timeout: Duration = .seconds(30), key: String? = nil) -> CallOptions {
    var metadata: Metadata = [MetadataKey.authorization: "Bearer \(token)"]
    if let key { metadata.add(MetadataKey.idempotencyKey, key) }
    return CallOptions(timeout: timeout, metadata: metadata)
  }
}

/// The communes (before the 2025 reform) that tests scope callers and data to.
public enum TestCommune {
  public static let longHau = ReferenceGeography.oldCommune("long-hau")
  public static let phuocLai = ReferenceGeography.oldCommune("phuoc-lai")
  public static let phuocLy = ReferenceGeography.oldCommune("phuoc-ly")
  public static let tanTap = ReferenceGeography.oldCommune("tan-tap")
}
