public import Foundation

/// Instants as the store keeps them: `BIGINT` milliseconds since 1970-01-01 UTC, the same on
/// SQLite and PostgreSQL, cheap to compare and to purge by; shown as ISO 8601 UTC text.
public enum Timestamp {
  /// `date` in whole milliseconds since the epoch (sub-millisecond parts are dropped).
  public static func milliseconds(_ date: Date) -> Int64 {
    Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
  }

  /// The instant `milliseconds` after the epoch.
  public static func date(milliseconds: Int64) -> Date {
    Date(timeIntervalSince1970: Double(milliseconds) / 1000)
  }

  /// `2025-07-01T08:30:00.123Z`.
  public static func iso8601(milliseconds: Int64) -> String {
    date(milliseconds: milliseconds).formatted(
      Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
  }
}
