internal import Foundation

/// Where a merged listing of the three services' audit logs stands: for each service, the id its
/// next entries are below (`nil`: from its newest), or that it has no more.
///
/// On the wire it is opaque: base64url of `v1:INDICATORS:LAND-CLEARANCE:FINANCE`, each part a
/// decimal id, empty (from the newest) or `-` (no more).
struct AuditPageToken: Equatable, Sendable {
  /// One service's place in the merge.
  enum Cursor: Equatable, Sendable {
    case newest
    case below(Int64)
    case done
  }

  /// The services, in the token's order.
  static let services = ["indicators", "land-clearance", "finance"]

  var cursors: [String: Cursor]

  /// The first page: every service from its newest entry.
  static let first = AuditPageToken(cursors: Dictionary(uniqueKeysWithValues: services.map { ($0, .newest) }))

  init(cursors: [String: Cursor]) {
    self.cursors = cursors
  }

  /// The token's text, or `nil` when it is not one this gateway gave.
  init?(_ text: String) {
    var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
    guard text.utf8.count <= 200, let data = Data(base64Encoded: base64) else { return nil }
    let parts = String(decoding: data, as: UTF8.self).split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == Self.services.count + 1, parts[0] == "v1" else { return nil }
    var cursors: [String: Cursor] = [:]
    for (service, part) in zip(Self.services, parts.dropFirst()) {
      switch part {
      case "": cursors[service] = .newest
      case "-": cursors[service] = .done
      default:
        guard let id = Int64(part), id > 0 else { return nil }
        cursors[service] = .below(id)
      }
    }
    self.cursors = cursors
  }

  /// Whether every service is done.
  var isExhausted: Bool { cursors.values.allSatisfy { $0 == .done } }

  /// The text of the token.
  var text: String {
    let parts = Self.services.map { service -> String in
      switch cursors[service] ?? .done {
      case .newest: ""
      case .below(let id): String(id)
      case .done: "-"
      }
    }
    return Data((["v1"] + parts).joined(separator: ":").utf8).base64EncodedString()
      .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
  }
}
