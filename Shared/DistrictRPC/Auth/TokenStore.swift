internal import Crypto
internal import Foundation

/// Bearer tokens and whom they stand for, read from a tokens file.
///
/// One token a line: `TOKEN SUBJECT ROLE [commune=ORG_UNIT_ID]`, where ROLE is `reader`,
/// `auditor`, `editor`, `approver` or `admin`. Blank lines and lines starting with `#` are ignored:
///
/// ```
/// # token                          subject          role    scope
/// 6f1c…                            ubnd-can-giuoc   admin
/// 9a2e…                            xa-phuoc-ly      editor  commune=phuoc-ly
/// ```
///
/// Tokens are kept and looked up by their SHA-256 digest, never compared as text: the time a
/// lookup takes says nothing about how much of a guess matched a real token. One subject has
/// one token (the audit log names subjects; two tokens for one would be indistinguishable).
public struct TokenStore: Sendable {
  private let principals: [[UInt8]: Principal]
  /// What a careful operator should fix, for the server to log at start (a tokens file that
  /// others may read).
  public let warnings: [String]

  public init(_ principals: [String: Principal]) {
    self.principals = Dictionary(uniqueKeysWithValues: principals.map { (Self.digest($0.key), $0.value) })
    self.warnings = []
  }

  private static func digest(_ token: String) -> [UInt8] {
    Array(SHA256.hash(data: Array(token.utf8)))
  }

  /// Reads a tokens file; a malformed line is an error naming the file and line. A file that
  /// others may write is refused (anyone could make themselves an admin); one that others may
  /// read is accepted with a warning, as ssh does for keys.
  public init(contentsOf path: String) throws {
    var warnings: [String] = []
    if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      let mode = (attributes[.posixPermissions] as? NSNumber)?.uint16Value
    {
      if mode & 0o002 != 0 {
        throw TokenFileError(
          path: path, line: nil,
          reason:
            "may be written by any user (mode \(String(mode & 0o777, radix: 8))): anyone could add an admin token; chmod 600 it"
        )
      }
      if mode & 0o044 != 0 {
        warnings.append(
          "the tokens file \(path) may be read by other users (mode \(String(mode & 0o777, radix: 8))); chmod 600 it unless a container mounts it so"
        )
      }
    }
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw TokenFileError(path: path, line: nil, reason: "cannot be read (\(error.localizedDescription))")
    }
    try self.init(parsing: String(decoding: data, as: UTF8.self), path: path, warnings: warnings)
  }

  /// Parses the text of a tokens file.
  public init(parsing text: String, path: String = "tokens") throws {
    try self.init(parsing: text, path: path, warnings: [])
  }

  private init(parsing text: String, path: String, warnings: [String]) throws {
    var principals: [[UInt8]: Principal] = [:]
    var lineOfSubject: [String: Int] = [:]
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
        throw fail("unknown role '\(fields[2])'; use reader, auditor, editor, approver or admin")
      }
      var scope: String? = nil
      if fields.count == 4 {
        guard fields[3].hasPrefix("commune="), fields[3].count > "commune=".count else {
          throw fail("the fourth field must be 'commune=ORG_UNIT_ID'")
        }
        scope = String(fields[3].dropFirst("commune=".count))
      }
      guard fields[0].count >= 16 else { throw fail("a token must have at least 16 characters") }
      let digest = Self.digest(fields[0])
      guard principals[digest] == nil else { throw fail("the token is listed twice") }
      if let earlier = lineOfSubject[fields[1]] {
        throw fail(
          "subject '\(fields[1])' already has a token (line \(earlier)): give each token its own subject, so the audit log can tell them apart"
        )
      }
      lineOfSubject[fields[1]] = index + 1
      principals[digest] = Principal(subject: fields[1], role: role, communeScope: scope)
    }
    self.principals = principals
    self.warnings = warnings
  }

  /// The principal of a token, if the token is known (looked up by digest).
  public func principal(for token: String) -> Principal? {
    principals[Self.digest(token)]
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
