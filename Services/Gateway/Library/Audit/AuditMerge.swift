internal import DistrictSchema

/// Merges pages of the services' audit logs, each newest first, into one page newest first.
///
/// Each service's entries are taken in the order it gave them; among the services, the entry
/// recorded latest goes first (ties: the service's name, then the id). A service that gave a
/// full page may have more: once the merged page holds `limit` entries, each service's cursor
/// moves to the last entry taken from it, so that no entry is skipped or repeated across pages.
enum AuditMerge {
  /// One service's page: its entries and whether it has more after them.
  struct ServicePage: Sendable {
    var service: String
    var entries: [AuditV1.AuditEntry]
    var hasMore: Bool
  }

  /// The merged page of at most `limit` entries, and the token of the next page (`nil`: no more).
  /// `token` is the page's own token: services not asked keep their cursors.
  static func merge(
    _ pages: [ServicePage], limit: Int, token: AuditPageToken
  ) -> (entries: [AuditV1.AuditEntry], next: AuditPageToken?) {
    var heads = Dictionary(uniqueKeysWithValues: pages.map { ($0.service, 0) })
    var merged: [AuditV1.AuditEntry] = []
    while merged.count < limit {
      var best: (service: String, entry: AuditV1.AuditEntry)?
      for page in pages {
        guard let index = heads[page.service], index < page.entries.count else { continue }
        let candidate = page.entries[index]
        if let current = best?.entry, !precedes(candidate, current) { continue }
        best = (page.service, candidate)
      }
      guard let best else { break }
      merged.append(best.entry)
      heads[best.service, default: 0] += 1
    }
    var next = token
    for page in pages {
      let taken = heads[page.service] ?? 0
      if taken == page.entries.count, !page.hasMore {
        next.cursors[page.service] = .done
      } else if taken > 0 {
        next.cursors[page.service] = .below(page.entries[taken - 1].id)
      }
    }
    return (merged, next.isExhausted ? nil : next)
  }

  /// Whether `a` goes before `b`: recorded later, or at the same millisecond by service, then id.
  static func precedes(_ a: AuditV1.AuditEntry, _ b: AuditV1.AuditEntry) -> Bool {
    if a.at != b.at { return a.at > b.at }
    if a.service != b.service { return a.service < b.service }
    return a.id > b.id
  }
}
