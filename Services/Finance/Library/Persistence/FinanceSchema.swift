public import DistrictStore

/// The Finance service's tables. Amounts are `BIGINT` VND, dates `YYYY-MM-DD` text, enums
/// their protobuf numbers, flags `BIGINT` 0/1, instants `BIGINT` milliseconds: the same SQL on
/// SQLite and PostgreSQL. "All sources" and "the whole district" are stored as empty text, so
/// that they take part in primary keys.
///
/// Collections and disbursements are append-only: a correction is a reversing row
/// (`reverses_id`, unique, so a collection is corrected at most once).
public enum FinanceSchema {
  /// The service name: the key of its migrations, the scope of its idempotency keys and audit rows.
  public static let service = "finance"

  /// Every migration of the service, in order.
  public static let migrations = ServiceMigrations(
    service: service,
    [
      Migration(version: 1, name: "sources, estimates, collections, investment") { dialect in
        [
          """
          CREATE TABLE revenue_source (
            year BIGINT NOT NULL, code TEXT NOT NULL, name_vi TEXT NOT NULL, name_en TEXT NOT NULL,
            counts_balanced BIGINT NOT NULL, is_land_use_fee BIGINT NOT NULL, is_lottery BIGINT NOT NULL,
            PRIMARY KEY (year, code))
          """,
          """
          CREATE TABLE revenue_estimate (
            year BIGINT NOT NULL, issuer BIGINT NOT NULL, source_code TEXT NOT NULL, commune_id TEXT NOT NULL,
            amount_vnd BIGINT NOT NULL, PRIMARY KEY (year, issuer, source_code, commune_id))
          """,
          """
          CREATE TABLE collection (
            seq \(dialect.autoIncrementPrimaryKey), id TEXT NOT NULL UNIQUE, year BIGINT NOT NULL,
            collected_on TEXT NOT NULL, source_code TEXT NOT NULL, commune_id TEXT NOT NULL,
            amount_vnd BIGINT NOT NULL, reverses_id TEXT UNIQUE, note TEXT NOT NULL,
            recorded_by TEXT NOT NULL, recorded_at_ms BIGINT NOT NULL, recorded_rpc TEXT NOT NULL)
          """,
          "CREATE INDEX collection_year_date ON collection (year, collected_on)",
          """
          CREATE TABLE year_end_estimate (
            year BIGINT NOT NULL, estimated_on TEXT NOT NULL, amount_vnd BIGINT NOT NULL, note TEXT NOT NULL,
            PRIMARY KEY (year, estimated_on))
          """,
          """
          CREATE TABLE project (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, year BIGINT NOT NULL, capital_plan_vnd BIGINT NOT NULL,
            basis TEXT NOT NULL, commune_id TEXT NOT NULL)
          """,
          """
          CREATE TABLE programme_allocation (
            year BIGINT NOT NULL, programme BIGINT NOT NULL, allocation_vnd BIGINT NOT NULL, basis TEXT NOT NULL,
            PRIMARY KEY (year, programme))
          """,
          """
          CREATE TABLE disbursement (
            seq \(dialect.autoIncrementPrimaryKey), id TEXT NOT NULL UNIQUE, year BIGINT NOT NULL,
            disbursed_on TEXT NOT NULL, project_id TEXT NOT NULL, programme BIGINT NOT NULL,
            amount_vnd BIGINT NOT NULL, note TEXT NOT NULL,
            recorded_by TEXT NOT NULL, recorded_at_ms BIGINT NOT NULL, recorded_rpc TEXT NOT NULL)
          """,
          "CREATE INDEX disbursement_year_date ON disbursement (year, disbursed_on)",
        ]
      },
      // The views sum a year's collections up to a date by source and commune: with every column
      // they read in the index, the database answers from the index alone instead of visiting
      // each row (GetRevenueSummary over 1,000,000 collections on SQLite: 2.0 s → see docs/FINANCE.md).
      Migration(
        version: 2, name: "covering index for revenue sums",
        statements: [
          "CREATE INDEX collection_year_sums ON collection (year, collected_on, source_code, commune_id, amount_vnd)"
        ]),
      // An estimate is a decision with a date; a revision ("dự toán điều chỉnh") is a new version
      // beside the original, which views before the revision still use. The rows recorded before
      // this migration become originals (decided_on '', in force from before the year began).
      Migration(
        version: 3, name: "estimate versions by decision date",
        statements: [
          """
          CREATE TABLE revenue_estimate_versioned (
            year BIGINT NOT NULL, issuer BIGINT NOT NULL, source_code TEXT NOT NULL, commune_id TEXT NOT NULL,
            decided_on TEXT NOT NULL, amount_vnd BIGINT NOT NULL,
            PRIMARY KEY (year, issuer, source_code, commune_id, decided_on))
          """,
          """
          INSERT INTO revenue_estimate_versioned (year, issuer, source_code, commune_id, decided_on, amount_vnd)
          SELECT year, issuer, source_code, commune_id, '', amount_vnd FROM revenue_estimate
          """,
          "DROP TABLE revenue_estimate",
          "ALTER TABLE revenue_estimate_versioned RENAME TO revenue_estimate",
        ]),
    ])
}
