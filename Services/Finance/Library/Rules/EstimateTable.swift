public import DistrictSchema

/// A year's estimates, keyed by (issuer, source or all, commune or all), and how a view finds
/// the estimate of a slice.
///
/// A recorded row for the slice wins; otherwise the slice's estimate is the sum of its
/// breakdown:
/// - whole district, all sources: the district-wide per-source rows, else the per-commune
///   all-source rows;
/// - one source: its per-commune rows;
/// - one commune: its per-source rows.
///
/// Breakdowns are not forced to add up to a recorded total (the province and the council
/// assign totals and breakdowns separately).
///
/// An estimate is a decision with a date: a revision ("dự toán điều chỉnh") adds a version, and
/// a view as of a date uses, per slice, the version decided last by then.
public struct EstimateTable: Sendable {
  /// One recorded estimate; "" is all sources or the whole district.
  public struct Row: Sendable, Hashable {
    public var issuer: FinanceV1.EstimateIssuer
    public var source: String
    public var commune: String
    public var amount: Int64

    public init(issuer: FinanceV1.EstimateIssuer, source: String, commune: String, amount: Int64) {
      self.issuer = issuer
      self.source = source
      self.commune = commune
      self.amount = amount
    }
  }

  /// One decision: a row's amount as decided on a date ("" for an original recorded without one).
  public struct Version: Sendable, Hashable {
    public var row: Row
    public var decidedOn: String

    public init(row: Row, decidedOn: String) {
      self.row = row
      self.decidedOn = decidedOn
    }
  }

  /// The slices' amounts in force.
  public let rows: [Row]
  /// For each issuer with a slice in force: the latest decision date among them, and whether
  /// any of them replaced an earlier decision.
  public let decisions: [FinanceV1.EstimateIssuer: (decidedOn: String, revised: Bool)]

  public init(_ rows: [Row]) {
    self.rows = rows
    self.decisions = Dictionary(
      rows.map { ($0.issuer, (decidedOn: "", revised: false)) }, uniquingKeysWith: { a, _ in a })
  }

  /// The table in force given every version decided by the view's date: per slice (issuer,
  /// source, commune), the version decided last; a slice with an earlier version is revised.
  public init(inForce versions: [Version]) {
    struct Slice: Hashable {
      let issuer: FinanceV1.EstimateIssuer
      let source: String
      let commune: String
    }
    var latest: [Slice: Version] = [:]
    var revised: Set<Slice> = []
    for version in versions {
      let slice = Slice(issuer: version.row.issuer, source: version.row.source, commune: version.row.commune)
      if let previous = latest[slice] {
        revised.insert(slice)
        if previous.decidedOn > version.decidedOn { continue }
      }
      latest[slice] = version
    }
    var decisions: [FinanceV1.EstimateIssuer: (decidedOn: String, revised: Bool)] = [:]
    for (slice, version) in latest {
      let known = decisions[slice.issuer] ?? (decidedOn: "", revised: false)
      decisions[slice.issuer] = (max(known.decidedOn, version.decidedOn), known.revised || revised.contains(slice))
    }
    self.rows = latest.values.map(\.row).sorted {
      ($0.issuer.rawValue, $0.source, $0.commune) < ($1.issuer.rawValue, $1.source, $1.commune)
    }
    self.decisions = decisions
  }

  /// Which decision each issuer's estimate in force comes from, province first.
  public var inForce: [FinanceV1.EstimateInForce] {
    decisions.sorted { $0.key.rawValue < $1.key.rawValue }.map { issuer, decision in
      FinanceV1.EstimateInForce().with {
        $0.issuer = issuer
        $0.decidedOn = decision.decidedOn
        $0.revised = decision.revised
      }
    }
  }

  private func exact(_ issuer: FinanceV1.EstimateIssuer, _ source: String, _ commune: String) -> Int64? {
    rows.first { $0.issuer == issuer && $0.source == source && $0.commune == commune }?.amount
  }

  private func sum(_ issuer: FinanceV1.EstimateIssuer, _ include: (Row) -> Bool) -> Int64? {
    let matching = rows.filter { $0.issuer == issuer && include($0) }
    return matching.isEmpty ? nil : matching.reduce(0) { $0 + $1.amount }
  }

  /// The estimate of `issuer` for the whole district and all sources; 0 when none.
  public func total(_ issuer: FinanceV1.EstimateIssuer) -> Int64 {
    exact(issuer, "", "") ?? sum(issuer) { !$0.source.isEmpty && $0.commune.isEmpty }
      ?? sum(issuer) { $0.source.isEmpty && !$0.commune.isEmpty } ?? 0
  }

  /// The estimate of `issuer` for one source, district-wide; 0 when none.
  public func source(_ issuer: FinanceV1.EstimateIssuer, _ code: String) -> Int64 {
    exact(issuer, code, "") ?? sum(issuer) { $0.source == code && !$0.commune.isEmpty } ?? 0
  }

  /// The estimate of `issuer` for one commune, all sources; 0 when none.
  public func commune(_ issuer: FinanceV1.EstimateIssuer, _ id: String) -> Int64 {
    exact(issuer, "", id) ?? sum(issuer) { !$0.source.isEmpty && $0.commune == id } ?? 0
  }

  /// The estimate of `issuer` for the sources in `codes` (balanced revenue), district-wide.
  public func sources(_ issuer: FinanceV1.EstimateIssuer, _ codes: Set<String>) -> Int64 {
    codes.reduce(0) { $0 + source(issuer, $1) }
  }

  /// The estimate of `issuer` for the sources in `codes` in each commune that has one: only
  /// per-commune per-source rows can say how much of a commune's estimate is balanced revenue.
  public func communes(_ issuer: FinanceV1.EstimateIssuer, sources codes: Set<String>) -> [String: Int64] {
    var result: [String: Int64] = [:]
    for row in rows where row.issuer == issuer && !row.commune.isEmpty && codes.contains(row.source) {
      result[row.commune, default: 0] += row.amount
    }
    return result
  }

  /// Every commune with a row of any issuer.
  public var communeIDs: Set<String> { Set(rows.map(\.commune).filter { !$0.isEmpty }) }

  /// The estimate of `issuer` for the district level, the part of the whole not allocated to a
  /// commune: the total less every commune's estimate, never below 0. With it the rows by
  /// commune add up to the total.
  public func districtLevel(_ issuer: FinanceV1.EstimateIssuer) -> Int64 {
    let allocated = communeIDs.reduce(Int128(0)) { $0 + Int128(commune(issuer, $1)) }
    return Int64(clamping: max(0, Int128(total(issuer)) - allocated))
  }
}
