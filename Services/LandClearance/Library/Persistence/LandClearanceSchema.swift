public import DistrictStore

/// The Land Clearance service's tables. Amounts are `BIGINT` VND, areas `BIGINT` m², dates
/// `YYYY-MM-DD` text with their day number (`…_day`, days since 1970-01-01) where a view measures
/// ages, enums their protobuf numbers, flags `BIGINT` 0/1: the same SQL on SQLite and PostgreSQL.
///
/// `clearance_case` carries what the views aggregate (party kind, commune, recovered area, the
/// approved and net paid amounts, the hand-over date), so that totals and progress are one
/// `GROUP BY` each. Payments are append-only: a correction is a reversing row (`reverses_id`,
/// unique, so a payment is reversed at most once).
public enum LandClearanceSchema {
  /// The service name: the key of its migrations, the scope of its idempotency keys and audit rows.
  public static let service = "land-clearance"

  /// Every migration of the service, in order.
  public static let migrations = ServiceMigrations(
    service: service,
    [
      Migration(version: 1, name: "projects, parties, parcels, cases, steps, payments, complaints, plots") { dialect in
        [
          """
          CREATE TABLE clearance_project (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, kind BIGINT NOT NULL, key_project BIGINT NOT NULL,
            commune_ids TEXT NOT NULL, area_to_clear_m2 BIGINT NOT NULL, deadline TEXT NOT NULL,
            budget_vnd BIGINT NOT NULL, committed_plots BIGINT NOT NULL,
            created_by TEXT NOT NULL, created_at TEXT NOT NULL, created_rpc TEXT NOT NULL)
          """,
          """
          CREATE TABLE clearance_party (
            id TEXT PRIMARY KEY, kind BIGINT NOT NULL, name TEXT NOT NULL, commune_id TEXT NOT NULL)
          """,
          """
          CREATE TABLE clearance_parcel (
            party_id TEXT NOT NULL, project_id TEXT NOT NULL, reference TEXT NOT NULL, land_type TEXT NOT NULL,
            area_m2 BIGINT NOT NULL, recovered_m2 BIGINT NOT NULL, PRIMARY KEY (party_id, project_id, reference))
          """,
          """
          CREATE TABLE clearance_case (
            id TEXT PRIMARY KEY, project_id TEXT NOT NULL, party_id TEXT NOT NULL, party_kind BIGINT NOT NULL,
            commune_id TEXT NOT NULL, state BIGINT NOT NULL, state_since TEXT NOT NULL, state_since_day BIGINT NOT NULL,
            compulsory_inventory BIGINT NOT NULL, enforcement_since TEXT NOT NULL, enforcement_day BIGINT NOT NULL,
            open_complaints BIGINT NOT NULL, approved_vnd BIGINT NOT NULL, paid_vnd BIGINT NOT NULL,
            recovered_m2 BIGINT NOT NULL, recovery_decided_on TEXT NOT NULL, handed_over_on TEXT NOT NULL,
            UNIQUE (project_id, party_id))
          """,
          "CREATE INDEX clearance_case_project ON clearance_case (project_id, handed_over_on, recovered_m2, approved_vnd)",
          "CREATE INDEX clearance_case_state ON clearance_case (state, state_since_day)",
          "CREATE INDEX clearance_case_party ON clearance_case (party_id)",
          """
          CREATE TABLE clearance_step (
            seq \(dialect.autoIncrementPrimaryKey), case_id TEXT NOT NULL, project_id TEXT NOT NULL,
            state BIGINT NOT NULL, on_date TEXT NOT NULL, note TEXT NOT NULL, compulsory BIGINT NOT NULL,
            recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL, recorded_rpc TEXT NOT NULL)
          """,
          "CREATE INDEX clearance_step_case ON clearance_step (case_id, on_date, seq)",
          "CREATE INDEX clearance_step_project ON clearance_step (project_id, on_date, case_id, seq)",
          """
          CREATE TABLE clearance_payment (
            seq \(dialect.autoIncrementPrimaryKey), id TEXT NOT NULL UNIQUE, case_id TEXT NOT NULL,
            project_id TEXT NOT NULL, component BIGINT NOT NULL, amount_vnd BIGINT NOT NULL, paid_on TEXT NOT NULL,
            deposited BIGINT NOT NULL, reverses_id TEXT UNIQUE, note TEXT NOT NULL,
            recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL, recorded_rpc TEXT NOT NULL)
          """,
          "CREATE INDEX clearance_payment_case ON clearance_payment (case_id)",
          """
          CREATE TABLE clearance_complaint (
            id TEXT PRIMARY KEY, case_id TEXT NOT NULL, kind BIGINT NOT NULL, received_on TEXT NOT NULL,
            received_day BIGINT NOT NULL, due_on TEXT NOT NULL, summary TEXT NOT NULL, resolved_on TEXT NOT NULL,
            outcome TEXT NOT NULL)
          """,
          "CREATE INDEX clearance_complaint_case ON clearance_complaint (case_id, resolved_on)",
          """
          CREATE TABLE clearance_amendment (
            id TEXT PRIMARY KEY, case_id TEXT NOT NULL, previous_vnd BIGINT NOT NULL, approved_vnd BIGINT NOT NULL,
            decided_on TEXT NOT NULL, decision TEXT NOT NULL,
            recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL, recorded_rpc TEXT NOT NULL)
          """,
          "CREATE INDEX clearance_amendment_case ON clearance_amendment (case_id)",
          """
          CREATE TABLE clearance_plot (
            id TEXT PRIMARY KEY, site_project_id TEXT NOT NULL, plot_number TEXT NOT NULL, area_m2 BIGINT NOT NULL,
            case_id TEXT NOT NULL UNIQUE, project_id TEXT NOT NULL, allocated_on TEXT NOT NULL,
            certificate_number TEXT NOT NULL, certificate_on TEXT NOT NULL, UNIQUE (site_project_id, plot_number))
          """,
          "CREATE INDEX clearance_plot_project ON clearance_plot (project_id)",
        ]
      },
      // Totals and progress sum each case's payments up to a date: with every column they read
      // in one index, in case order, the database answers from the index alone (see
      // docs/LAND_CLEARANCE.md for the figures before and after).
      Migration(
        version: 2, name: "covering indexes for payment sums",
        statements: [
          "CREATE INDEX clearance_payment_sums ON clearance_payment (case_id, deposited, paid_on, amount_vnd)",
          "CREATE INDEX clearance_payment_project ON clearance_payment (project_id, case_id, deposited, paid_on, amount_vnd)",
        ]),
      // The date a project's land may be recovered from, the lower bound of its cases' notices.
      Migration(
        version: 3, name: "project land-use plan date",
        statements: ["ALTER TABLE clearance_project ADD COLUMN land_use_plan_on TEXT NOT NULL DEFAULT ''"]),
    ])
}
