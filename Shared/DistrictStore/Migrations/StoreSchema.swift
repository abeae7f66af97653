/// The store's own tables, as the migrations of the service ``Store/schemaService``; every
/// ``Store/open(url:logger:migrations:configuration:)`` applies them before the service's.
///
/// 1. `audit_log`: who changed what, when, through which RPC (``AuditLog``).
/// 2. `idempotency_key`: keys of applied writes with their responses (``IdempotencyStore``).
/// 3. `admin_unit`, `admin_parentage`, `admin_succession`: administrative units, their parents
///    and successions, all valid-dated (``AdminUnits``).
/// 4. `idempotency_key` keyed by caller too: a key is the caller's own, never another's.
/// 5. `audit_log` with each call's trace id, idempotency key and commune, and append-only:
///    the database itself refuses to update, delete or truncate its rows.
/// 6. `approval`: each data set × period × unit's approval state (``ApprovalLocks``).
enum StoreSchema {
  /// The version that creates `idempotency_key`.
  static let idempotencyVersion = 2

  static let migrations = ServiceMigrations(
    service: Store.schemaService,
    [
      Migration(version: 1, name: "audit log") { dialect in
        [
          """
          CREATE TABLE audit_log (
            id \(dialect.autoIncrementPrimaryKey),
            service TEXT NOT NULL,
            at_ms BIGINT NOT NULL,
            subject TEXT NOT NULL,
            rpc TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            action TEXT NOT NULL,
            before_json TEXT,
            after_json TEXT)
          """,
          "CREATE INDEX audit_log_entity ON audit_log (service, entity, entity_id, id)",
          "CREATE INDEX audit_log_time ON audit_log (service, at_ms)",
        ]
      },
      Migration(version: 2, name: "idempotency keys") { dialect in
        [
          """
          CREATE TABLE idempotency_key (
            service TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            method TEXT NOT NULL,
            subject TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            response \(dialect.blob) NOT NULL,
            created_at_ms BIGINT NOT NULL,
            PRIMARY KEY (service, idempotency_key))
          """,
          "CREATE INDEX idempotency_key_created ON idempotency_key (created_at_ms)",
        ]
      },
      Migration(version: 3, name: "administrative units") { _ in
        [
          """
          CREATE TABLE admin_unit (
            id TEXT PRIMARY KEY,
            official_code TEXT,
            name_vi TEXT NOT NULL,
            name_en TEXT,
            kind TEXT NOT NULL,
            valid_from TEXT,
            valid_to TEXT,
            legal_basis TEXT)
          """,
          """
          CREATE TABLE admin_parentage (
            child_id TEXT NOT NULL REFERENCES admin_unit (id),
            parent_id TEXT NOT NULL REFERENCES admin_unit (id),
            valid_from TEXT,
            valid_to TEXT)
          """,
          "CREATE INDEX admin_parentage_child ON admin_parentage (child_id)",
          "CREATE INDEX admin_parentage_parent ON admin_parentage (parent_id)",
          """
          CREATE TABLE admin_succession (
            predecessor_id TEXT NOT NULL REFERENCES admin_unit (id),
            successor_id TEXT NOT NULL REFERENCES admin_unit (id),
            effective_on TEXT NOT NULL,
            kind TEXT NOT NULL,
            area_share_bp BIGINT NOT NULL,
            population_share_bp BIGINT NOT NULL,
            legal_basis TEXT,
            PRIMARY KEY (predecessor_id, successor_id, effective_on))
          """,
          "CREATE INDEX admin_succession_successor ON admin_succession (successor_id)",
        ]
      },
      // The same table with the caller in its key, its rows kept (SQLite cannot change a
      // primary key in place, so both dialects copy).
      Migration(version: 4, name: "idempotency keys per caller") { dialect in
        [
          """
          CREATE TABLE idempotency_key_by_caller (
            service TEXT NOT NULL,
            subject TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            method TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            response \(dialect.blob) NOT NULL,
            created_at_ms BIGINT NOT NULL,
            PRIMARY KEY (service, subject, idempotency_key))
          """,
          """
          INSERT INTO idempotency_key_by_caller
            (service, subject, idempotency_key, method, fingerprint, response, created_at_ms)
          SELECT service, subject, idempotency_key, method, fingerprint, response, created_at_ms FROM idempotency_key
          """,
          "DROP TABLE idempotency_key",
          "ALTER TABLE idempotency_key_by_caller RENAME TO idempotency_key",
          "CREATE INDEX idempotency_key_by_caller_created ON idempotency_key (created_at_ms)",
        ]
      },
      Migration(version: 5, name: "audit log: call, commune, append-only") { dialect in
        [
          "ALTER TABLE audit_log ADD COLUMN trace_id TEXT",
          "ALTER TABLE audit_log ADD COLUMN idempotency_key TEXT",
          "ALTER TABLE audit_log ADD COLUMN commune_id TEXT",
          // Each filter of a newest-first page, walked backwards by id without a sort.
          "CREATE INDEX audit_log_commune ON audit_log (service, commune_id, id)",
          "CREATE INDEX audit_log_kind ON audit_log (service, entity, id)",
          "CREATE INDEX audit_log_subject ON audit_log (service, subject, id)",
          "CREATE INDEX audit_log_rpc ON audit_log (service, rpc, id)",
        ] + appendOnlyAudit(dialect)
      },
      Migration(version: 6, name: "approvals") { _ in
        [
          """
          CREATE TABLE approval (
            service TEXT NOT NULL,
            data_set TEXT NOT NULL,
            scope_id TEXT NOT NULL,
            period TEXT NOT NULL,
            state TEXT NOT NULL,
            changed_by TEXT NOT NULL,
            changed_at_ms BIGINT NOT NULL,
            changed_by_rpc TEXT NOT NULL,
            reason TEXT,
            PRIMARY KEY (service, data_set, scope_id, period))
          """
        ]
      },
    ])

  /// Triggers that refuse any change to an audit row: no code path, migration or hand-typed
  /// statement can rewrite who did what.
  private static func appendOnlyAudit(_ dialect: Dialect) -> [String] {
    let refusal = "the audit log is append-only: its rows are never updated or deleted"
    switch dialect {
    case .sqlite:
      return ["UPDATE", "DELETE"].map { event in
        """
        CREATE TRIGGER audit_log_no_\(event.lowercased()) BEFORE \(event) ON audit_log
        BEGIN SELECT RAISE(ABORT, '\(refusal)'); END
        """
      }
    case .postgres:
      return [
        """
        CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '\(refusal)' USING ERRCODE = 'insufficient_privilege'; END $$
        """,
        """
        CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()
        """,
        """
        CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()
        """,
      ]
    }
  }
}
