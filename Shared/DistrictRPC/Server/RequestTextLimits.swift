internal import DistrictSchemaCore

/// The rules every request's text and lists obey, checked by the server on every call before its
/// handler runs (a method cannot forget them).
///
/// Every string of a request is free text to someone: a name a clerk typed ends up in an official
/// report, a list, a log. So every string field, at any depth:
/// - holds at most ``maximumTextCharacters`` characters (and ``maximumTextBytes`` bytes of UTF-8);
/// - holds no control character (line breaks and tabs included), no format character
///   (bidirectional overrides, zero-width characters) and no line or paragraph separator;
/// and every repeated field holds at most ``maximumListCount`` elements.
///
/// A request that breaks one is refused with `INVALID_ARGUMENT`, `field` naming the field's path
/// (`party.name`, `parcels[3].reference`). Services keep their own, stricter checks (ids, codes).
public enum RequestTextLimits {
  /// The most characters a string field may hold.
  public static let maximumTextCharacters = 1_000
  /// The most bytes of UTF-8 a string field may hold (Vietnamese takes up to 3 a character).
  public static let maximumTextBytes = 4_000
  /// The most elements a repeated field may hold.
  public static let maximumListCount = 1_000

  /// Refuses `message` when one of its strings or lists breaks the rules.
  public static func check<Message: Encodable>(_ message: Message) throws(RPCError) {
    let walker = TextWalker(path: [])
    do {
      try message.encode(to: walker)
    } catch let violation as Violation {
      throw RPCError.invalidArgument(field: violation.field, violation.message)
    } catch {
      // A message that does not encode is no business of these rules.
    }
  }

  /// Why `text` breaks the rules, or `nil`.
  public static func problem(with text: String) -> String? {
    if text.utf8.count > maximumTextBytes || text.count > maximumTextCharacters {
      return "is \(text.count) characters (\(text.utf8.count) bytes) long; at most \(maximumTextCharacters) characters "
        + "(\(maximumTextBytes) bytes of UTF-8) are accepted"
    }
    for (offset, scalar) in text.unicodeScalars.enumerated() {
      switch scalar.properties.generalCategory {
      case .control, .format, .lineSeparator, .paragraphSeparator:
        let code = String(scalar.value, radix: 16, uppercase: true)
        return "holds U+\(String(repeating: "0", count: max(0, 4 - code.count)))\(code) at position \(offset): "
          + "text may not hold line breaks, tabs, control or invisible formatting characters"
      default: continue
      }
    }
    return nil
  }

  struct Violation: Error {
    let field: String
    let message: String
  }
}

/// Walks a message's `Encodable` conformance (the generated code's JSON mapping) and checks
/// every string and list it meets.
private struct TextWalker: Encoder {
  let path: [String]
  var codingPath: [any CodingKey] { [] }
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    KeyedEncodingContainer(KeyedWalker<Key>(path: path))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer { UnkeyedWalker(path: path) }

  func singleValueContainer() -> any SingleValueEncodingContainer { SingleWalker(path: path) }

  /// `parcels[3].reference`, with the JSON names turned back into the .proto's snake_case.
  static func field(_ path: [String]) -> String {
    var text = ""
    for part in path {
      if part.hasPrefix("[") {
        text += part
        continue
      }
      if !text.isEmpty { text += "." }
      for character in part {
        if character.isUppercase {
          text += "_" + character.lowercased()
        } else {
          text.append(character)
        }
      }
    }
    return text
  }

  static func check(_ text: String, at path: [String]) throws {
    if let problem = RequestTextLimits.problem(with: text) {
      throw RequestTextLimits.Violation(field: field(path), message: problem)
    }
  }
}

private struct KeyedWalker<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let path: [String]
  var codingPath: [any CodingKey] { [] }

  func encodeNil(forKey key: Key) throws {}
  func encode(_ value: String, forKey key: Key) throws { try TextWalker.check(value, at: path + [key.stringValue]) }
  func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
    if let text = value as? String {
      try TextWalker.check(text, at: path + [key.stringValue])
    } else {
      try value.encode(to: TextWalker(path: path + [key.stringValue]))
    }
  }
  func encode(_ value: Bool, forKey key: Key) throws {}
  func encode(_ value: Double, forKey key: Key) throws {}
  func encode(_ value: Float, forKey key: Key) throws {}
  func encode(_ value: Int, forKey key: Key) throws {}
  func encode(_ value: Int8, forKey key: Key) throws {}
  func encode(_ value: Int16, forKey key: Key) throws {}
  func encode(_ value: Int32, forKey key: Key) throws {}
  func encode(_ value: Int64, forKey key: Key) throws {}
  func encode(_ value: UInt, forKey key: Key) throws {}
  func encode(_ value: UInt8, forKey key: Key) throws {}
  func encode(_ value: UInt16, forKey key: Key) throws {}
  func encode(_ value: UInt32, forKey key: Key) throws {}
  func encode(_ value: UInt64, forKey key: Key) throws {}

  func nestedContainer<NestedKey: CodingKey>(
    keyedBy keyType: NestedKey.Type, forKey key: Key
  )
    -> KeyedEncodingContainer<NestedKey>
  {
    KeyedEncodingContainer(KeyedWalker<NestedKey>(path: path + [key.stringValue]))
  }
  func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    UnkeyedWalker(path: path + [key.stringValue])
  }
  func superEncoder() -> any Encoder { TextWalker(path: path) }
  func superEncoder(forKey key: Key) -> any Encoder { TextWalker(path: path + [key.stringValue]) }
}

private struct UnkeyedWalker: UnkeyedEncodingContainer {
  let path: [String]
  var codingPath: [any CodingKey] { [] }
  private(set) var count = 0

  init(path: [String]) { self.path = path }

  private mutating func next() throws -> [String] {
    defer { count += 1 }
    guard count < RequestTextLimits.maximumListCount else {
      throw RequestTextLimits.Violation(
        field: TextWalker.field(path),
        message: "holds more than \(RequestTextLimits.maximumListCount) elements, the most a list may hold")
    }
    return path + ["[\(count)]"]
  }

  mutating func encodeNil() throws { _ = try next() }
  mutating func encode(_ value: String) throws { try TextWalker.check(value, at: try next()) }
  mutating func encode<T: Encodable>(_ value: T) throws {
    let at = try next()
    if let text = value as? String {
      try TextWalker.check(text, at: at)
    } else {
      try value.encode(to: TextWalker(path: at))
    }
  }
  mutating func encode(_ value: Bool) throws { _ = try next() }
  mutating func encode(_ value: Double) throws { _ = try next() }
  mutating func encode(_ value: Float) throws { _ = try next() }
  mutating func encode(_ value: Int) throws { _ = try next() }
  mutating func encode(_ value: Int8) throws { _ = try next() }
  mutating func encode(_ value: Int16) throws { _ = try next() }
  mutating func encode(_ value: Int32) throws { _ = try next() }
  mutating func encode(_ value: Int64) throws { _ = try next() }
  mutating func encode(_ value: UInt) throws { _ = try next() }
  mutating func encode(_ value: UInt8) throws { _ = try next() }
  mutating func encode(_ value: UInt16) throws { _ = try next() }
  mutating func encode(_ value: UInt32) throws { _ = try next() }
  mutating func encode(_ value: UInt64) throws { _ = try next() }

  mutating func nestedContainer<NestedKey: CodingKey>(
    keyedBy keyType: NestedKey.Type
  ) -> KeyedEncodingContainer<NestedKey> {
    KeyedEncodingContainer(KeyedWalker<NestedKey>(path: path + ["[\(count)]"]))
  }
  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { UnkeyedWalker(path: path + ["[\(count)]"]) }
  mutating func superEncoder() -> any Encoder { TextWalker(path: path) }
}

private struct SingleWalker: SingleValueEncodingContainer {
  let path: [String]
  var codingPath: [any CodingKey] { [] }

  func encodeNil() throws {}
  func encode(_ value: String) throws { try TextWalker.check(value, at: path) }
  func encode<T: Encodable>(_ value: T) throws {
    if let text = value as? String {
      try TextWalker.check(text, at: path)
    } else {
      try value.encode(to: TextWalker(path: path))
    }
  }
  func encode(_ value: Bool) throws {}
  func encode(_ value: Double) throws {}
  func encode(_ value: Float) throws {}
  func encode(_ value: Int) throws {}
  func encode(_ value: Int8) throws {}
  func encode(_ value: Int16) throws {}
  func encode(_ value: Int32) throws {}
  func encode(_ value: Int64) throws {}
  func encode(_ value: UInt) throws {}
  func encode(_ value: UInt8) throws {}
  func encode(_ value: UInt16) throws {}
  func encode(_ value: UInt32) throws {}
  func encode(_ value: UInt64) throws {}
}
