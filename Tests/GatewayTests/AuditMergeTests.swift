import DistrictSchema
import Foundation
import PropertyBased
import Testing

@testable import Gateway

/// The gateway's merge of the three audit logs as a pure function, against a model: all the
/// entries sorted newest first. However the logs interleave in time (including a clock that went
/// back, so that a log's ids and times disagree) and whatever the page size, the pages hold every
/// entry once, each log in its own order.
@Suite("Audit merge")
struct AuditMergeTests {
  /// A log of `count` entries, newest (highest id) first, at times that mostly go down with the id.
  static func log(_ service: String, times: [Int]) -> [AuditV1.AuditEntry] {
    times.enumerated().map { index, millisecond in
      AuditV1.AuditEntry().with {
        $0.id = Int64(times.count - index)
        $0.service = service
        $0.at =
          "2023-11-22T10:00:\(String(format: "%02d", millisecond / 1000)).\(String(format: "%03d", millisecond % 1000))Z"
      }
    }
  }

  static let times = Gen.int(in: 0...59_999).array(of: 0...40).map { $0.sorted(by: >) }

  /// Pages of `limit` from the three logs, as the gateway asks them: each log a page from its
  /// cursor, merged, until the token says there is no more.
  static func pages(_ logs: [String: [AuditV1.AuditEntry]], limit: Int) -> [[AuditV1.AuditEntry]] {
    var token = AuditPageToken.first
    var pages: [[AuditV1.AuditEntry]] = []
    while true {
      let asked = AuditPageToken.services.compactMap { service -> AuditMerge.ServicePage? in
        let log = logs[service] ?? []
        let rest: ArraySlice<AuditV1.AuditEntry>
        switch token.cursors[service] ?? .done {
        case .done: return nil
        case .newest: rest = log[...]
        case .below(let id): rest = log.drop { $0.id >= id }
        }
        return AuditMerge.ServicePage(
          service: service, entries: Array(rest.prefix(limit)), hasMore: rest.count > limit)
      }
      let (entries, next) = AuditMerge.merge(asked, limit: limit, token: token)
      pages.append(entries)
      guard let next else { return pages }
      // The token survives its text.
      token = AuditPageToken(next.text)!
      #expect(token == next)
    }
  }

  @Test("Pages of any size hold every entry once, each log in order; one page is the model's order")
  func property() async {
    await propertyCheck(count: 300, input: zip(Self.times, Self.times, Self.times, Gen.int(in: 1...12))) {
      indicators, landClearance, finance, limit in
      var logs = [
        "indicators": Self.log("indicators", times: indicators),
        "land-clearance": Self.log("land-clearance", times: landClearance),
        "finance": Self.log("finance", times: finance),
      ]
      // A clock that went back: the oldest finance entry recorded after the next one.
      if finance.count >= 2 { logs["finance"]![finance.count - 1].at = "2023-11-22T10:01:00.000Z" }
      let total = logs.values.map(\.count).reduce(0, +)
      let whole = Self.pages(logs, limit: 1_000).joined()
      let paged = Self.pages(logs, limit: limit)
      let flat = Array(paged.joined())
      #expect(flat == Array(whole))
      #expect(flat.count == total)
      #expect(paged.dropLast().allSatisfy { $0.count == limit })
      for service in AuditPageToken.services {
        #expect(flat.filter { $0.service == service } == logs[service]!)
      }
      if finance.count < 2 {
        let model = logs.values.joined().sorted(by: AuditMerge.precedes)
        #expect(flat == model)
      }
    }
  }

  @Test("A token the gateway did not give is refused")
  func tokens() {
    #expect(AuditPageToken(AuditPageToken.first.text) == AuditPageToken.first)
    // v1:0:: (no id 0), v2:::, v1:-1::: (four cursors), v1:x::, v1:: (two).
    for text in ["", "bogus", "djE6MDo6", "djI6Ojo", "djE6LTE6Ojo", "djE6eDo6", "djE6Og"] {
      #expect(AuditPageToken(text) == nil, "\(text)")
    }
  }
}
