/// A type that can be the key of a protobuf map.
public protocol ProtoMapKey: Hashable, Sendable {
  /// The key as a JSON object key.
  var jsonKey: String { get }
  init?(jsonKey: String)
  /// A total order, so that maps encode the same bytes every time.
  static func protoOrder(_ lhs: Self, _ rhs: Self) -> Bool
}

extension ProtoMapKey where Self: Comparable {
  public static func protoOrder(_ lhs: Self, _ rhs: Self) -> Bool { lhs < rhs }
}

extension ProtoMapKey where Self: FixedWidthInteger {
  public var jsonKey: String { String(self) }
  public init?(jsonKey: String) { self.init(jsonKey) }
}

extension String: ProtoMapKey {
  public var jsonKey: String { self }
  public init?(jsonKey: String) { self = jsonKey }
}

extension Int32: ProtoMapKey {}
extension Int64: ProtoMapKey {}
extension UInt32: ProtoMapKey {}
extension UInt64: ProtoMapKey {}

extension Bool: ProtoMapKey {
  public var jsonKey: String { self ? "true" : "false" }
  public init?(jsonKey: String) {
    switch jsonKey {
    case "true": self = true
    case "false": self = false
    default: return nil
    }
  }
  public static func protoOrder(_ lhs: Bool, _ rhs: Bool) -> Bool { !lhs && rhs }
}

/// Helpers the generated code uses for map fields.
package enum ProtoMap {
  /// The entries in key order, so that encoding is deterministic.
  package static func sortedEntries<Key: ProtoMapKey, Value>(_ map: [Key: Value]) -> [(key: Key, value: Value)] {
    map.sorted { Key.protoOrder($0.key, $1.key) }
  }

  /// The map as a JSON object.
  package static func encodeJSON<Key: ProtoMapKey, Value, JSON>(
    _ map: [Key: Value],
    _ convert: (Value) -> JSON
  ) -> [String: JSON] {
    var result: [String: JSON] = [:]
    for (key, value) in map { result[key.jsonKey] = convert(value) }
    return result
  }

  /// The map from a JSON object, refusing keys that do not parse.
  package static func decodeJSON<Key: ProtoMapKey, Value, JSON>(
    _ object: [String: JSON],
    as keyType: Key.Type,
    field: String,
    _ convert: (JSON) -> Value
  ) throws -> [Key: Value] {
    var result: [Key: Value] = [:]
    for (text, value) in object {
      guard let key = Key(jsonKey: text) else { throw ProtoJSONError.badMapKey(text, field: field) }
      result[key] = convert(value)
    }
    return result
  }
}
