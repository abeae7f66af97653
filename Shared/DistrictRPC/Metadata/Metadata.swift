/// Key/value pairs sent with a call and with its answer, in order; a key may repeat.
///
/// Keys are lowercase ASCII (they are lowercased when added). Well-known keys:
/// `authorization`, `traceparent`, `idempotency-key`.
public struct Metadata: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
  public typealias Key = String
  public typealias Value = String

  public private(set) var entries: [(key: String, value: String)] = []

  public init() {}

  public init(dictionaryLiteral elements: (String, String)...) {
    for (key, value) in elements { add(key, value) }
  }

  /// Appends a pair, keeping any earlier pair with the same key.
  public mutating func add(_ key: String, _ value: String) {
    entries.append((key.lowercased(), value))
  }

  /// Replaces every pair with this key by one pair.
  public mutating func replace(_ key: String, _ value: String) {
    let key = key.lowercased()
    entries.removeAll { $0.key == key }
    entries.append((key, value))
  }

  /// The first value for `key`.
  public subscript(key: String) -> String? {
    let key = key.lowercased()
    return entries.first { $0.key == key }?.value
  }

  public var isEmpty: Bool { entries.isEmpty }

  public func makeIterator() -> IndexingIterator<[(key: String, value: String)]> {
    entries.makeIterator()
  }

  public static func == (lhs: Metadata, rhs: Metadata) -> Bool {
    lhs.entries.elementsEqual(rhs.entries) { $0.key == $1.key && $0.value == $1.value }
  }

  public func hash(into hasher: inout Hasher) {
    for (key, value) in entries {
      hasher.combine(key)
      hasher.combine(value)
    }
  }
}

/// Well-known metadata keys.
public enum MetadataKey {
  public static let authorization = "authorization"
  public static let traceparent = "traceparent"
  public static let idempotencyKey = "idempotency-key"
}
