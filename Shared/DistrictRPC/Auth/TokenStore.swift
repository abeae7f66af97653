internal import Foundation

/// Bearer tokens and whom they stand for, read from a tokens file.
///
/// One token a line: `TOKEN SUBJECT ROLE [commune=ORG_UNIT_ID]`, where ROLE is `reader`,
/// `editor` or `admin`. Blank lines and lines starting with `#` are ignored:
///
/// ```
/// # token                          subject          role    scope
/// 6f1c…                            ubnd-can-giuoc   admin
/// 9a2e…                            xa-phuoc-ly      editor  commune=phuoc-ly
/// ```
public struct TokenStore: Sendable {
  private let principals: [String: Principal]

  public init(_ principals: [String: Principal]) {
    self.principals = principals
  }

  /// Reads a tokens file; a malformed line is an error naming the file and line.
  public init(contentsOf path: String) throws {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw TokenFileError(path: path, line: nil, reason: "cannot be read (\(error.localizedDescription))")
    }
    try self.init(parsing: String(decoding: data, as: UTF8.self), path: path)
  }

  /// Parses the text of a tokens file.
  public init(parsing text: String, path: String = "tokens") throws {
    var principals: [String: Principal] = [:]
    for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
      // Whitespace and a CR at either end (a file written on Windows) are not part of a field.
      let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
      guard !line.isEmpty, !line.hasPrefix("#") else { continue }
      let fields: [String] = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { String($0) }
      let fail = { (reason: String) in TokenFileError(path: path, line: index + 1, reason: reason) }
      guard fields.count == 3 || fields.count == 4 else {
        throw fail("expected 'TOKEN SUBJECT ROLE [commune=ID]', found \(fields.count) fields")
      }
      guard let role = Role(rawValue: fields[2]) else {
        throw fail("unknown role '\(fields[2])'; use reader, editor or admin")
      }
      var scope: String? = nil
      if fields.count == 4 {
        guard fields[3].hasPrefix("commune="), fields[3].count > "commune=".count else {
          throw fail("the fourth field must be 'commune=ORG_UNIT_ID'")
        }
        scope = String(fields[3].dropFirst("commune=".count))
      }
      guard fields[0].count >= 16 else { throw fail("a token must have at least 16 characters") }
      guard principals[fields[0]] == nil else { throw fail("the token is listed twice") }
      principals[fields[0]] = Principal(subject: fields[1], role: role, communeScope: scope)
    }
    self.principals = principals
  }

  /// The principal of a token, if the token is known.
  public func principal(for token: String) -> Principal? {
    principals[token]
  }

  public var count: Int { principals.count }
}

/// A tokens file that cannot be used.
public struct TokenFileError: Error, CustomStringConvertible {
  public let path: String
  public let line: Int?
  public let reason: String

  public var description: String {
    if let line { return "\(path):\(line): \(reason)" }
    return "\(path): \(reason)"
  }
}
