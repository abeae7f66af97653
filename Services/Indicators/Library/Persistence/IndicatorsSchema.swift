public import DistrictStore

/// The Indicators service's tables: resolutions, their indicators, and append-only measurements.
///
/// Enums are stored as their protobuf numbers, dates as `YYYY-MM-DD` text, values as `BIGINT`
/// milli-units, instants as `BIGINT` milliseconds — the same SQL on SQLite and PostgreSQL.
public enum IndicatorsSchema {
  /// The service name: the key of its migrations, the scope of its idempotency keys and audit rows.
  public static let service = "indicators"

  /// Every migration of the service, in order.
  public static let migrations = ServiceMigrations(
    service: service,
    [
      Migration(version: 1, name: "resolutions, indicators, measurements") { dialect in
        [
          """
          CREATE TABLE resolution (
            id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, title_vi TEXT NOT NULL, title_en TEXT NOT NULL,
            issuing_body TEXT NOT NULL, issued_on TEXT NOT NULL, kind BIGINT NOT NULL,
            period_from_year BIGINT NOT NULL, period_to_year BIGINT NOT NULL, org_unit_id TEXT NOT NULL,
            created_by TEXT NOT NULL, created_at_ms BIGINT NOT NULL, created_rpc TEXT NOT NULL)
          """,
          """
          CREATE TABLE indicator (
            id TEXT PRIMARY KEY, resolution_id TEXT NOT NULL REFERENCES resolution (id), code TEXT NOT NULL,
            name_vi TEXT NOT NULL, name_en TEXT NOT NULL, unit TEXT NOT NULL, direction BIGINT NOT NULL,
            comparator BIGINT NOT NULL, target_milli BIGINT NOT NULL, target_high_milli BIGINT NOT NULL,
            baseline_milli BIGINT, category BIGINT NOT NULL, org_unit_id TEXT NOT NULL, data_source TEXT NOT NULL,
            published_decimals BIGINT NOT NULL,
            updated_by TEXT NOT NULL, updated_at_ms BIGINT NOT NULL, updated_rpc TEXT NOT NULL,
            UNIQUE (resolution_id, code))
          """,
          "CREATE INDEX indicator_resolution ON indicator (resolution_id, code)",
          """
          CREATE TABLE measurement (
            seq \(dialect.autoIncrementPrimaryKey), id TEXT NOT NULL UNIQUE,
            indicator_id TEXT NOT NULL REFERENCES indicator (id), as_of TEXT NOT NULL,
            as_of_precision BIGINT NOT NULL, value_milli BIGINT NOT NULL, qualifier BIGINT NOT NULL,
            kind BIGINT NOT NULL, note TEXT NOT NULL,
            recorded_by TEXT NOT NULL, recorded_at_ms BIGINT NOT NULL, recorded_rpc TEXT NOT NULL)
          """,
          "CREATE INDEX measurement_indicator ON measurement (indicator_id, seq)",
        ]
      }
    ])
}
