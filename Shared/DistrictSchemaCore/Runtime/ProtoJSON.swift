#if canImport(FoundationEssentials)
  internal import FoundationEssentials
#else
  internal import Foundation
#endif

/// A JSON object key: protobuf JSON names (`nameVi`), and the proto names (`name_vi`) on input.
public struct ProtoJSONKey: CodingKey, ExpressibleByStringLiteral, Sendable {
  public let stringValue: String
  public var intValue: Int? { nil }

  public init(stringValue: String) { self.stringValue = stringValue }
  public init?(intValue: Int) { nil }
  public init(stringLiteral value: String) { self.stringValue = value }
}

/// Why JSON did not fit a message.
public enum ProtoJSONError: Error, CustomStringConvertible {
  case unknownField(String, message: String)
  case multipleOneofCases(String)
  case badMapKey(String, field: String)

  public var description: String {
    switch self {
    case .unknownField(let name, let message):
      return "\(message) has no field '\(name)'"
    case .multipleOneofCases(let oneof):
      return "more than one case of \(oneof) is set; set at most one"
    case .badMapKey(let key, let field):
      return "'\(key)' is not a valid key of \(field)"
    }
  }
}

extension KeyedDecodingContainer where Key == ProtoJSONKey {
  /// The value under the JSON name, or else under the proto name; `nil` when absent or null.
  package func protoDecode<T: Decodable>(_ type: T.Type, _ jsonName: String, _ protoName: String) throws -> T? {
    if let value = try decodeIfPresent(type, forKey: ProtoJSONKey(stringValue: jsonName)) {
      return value
    }
    guard protoName != jsonName else { return nil }
    return try decodeIfPresent(type, forKey: ProtoJSONKey(stringValue: protoName))
  }

  /// Refuses a key that names no field, so that a typo is an error rather than a silent default.
  package func rejectUnknownKeys(_ known: Set<String>, in message: String) throws {
    for key in allKeys where !known.contains(key.stringValue) {
      throw ProtoJSONError.unknownField(key.stringValue, message: message)
    }
  }
}

/// A protobuf integer in JSON: 64-bit values as strings (JavaScript loses precision above
/// 2^53), 32-bit values as numbers; either form is accepted on input.
public struct JSONInteger<Value: FixedWidthInteger & Codable & Sendable>: Codable, Sendable {
  public let value: Value

  public init(_ value: Value) { self.value = value }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let number = try? container.decode(Value.self) {
      value = number
    } else {
      let text = try container.decode(String.self)
      guard let number = Value(text) else {
        throw DecodingError.dataCorruptedError(
          in: container, debugDescription: "'\(text)' is not a valid \(Value.self)")
      }
      value = number
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    if Value.bitWidth > 32 {
      try container.encode(String(value))
    } else {
      try container.encode(value)
    }
  }
}

/// Protobuf `bytes` in JSON: standard base64 out, standard or URL-safe base64 in.
public struct JSONBytes: Codable, Sendable {
  public let value: [UInt8]

  public init(_ value: [UInt8]) { self.value = value }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    var text = String(try container.decode(String.self).map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
    while text.count % 4 != 0 { text += "=" }
    guard let data = Data(base64Encoded: text) else {
      throw DecodingError.dataCorruptedError(in: container, debugDescription: "not valid base64")
    }
    value = [UInt8](data)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(Data(value).base64EncodedString())
  }
}

/// Where and why a protobuf JSON document did not decode: the field's path (`collection.amount`)
/// and the reason, for messages a person can act on.
public struct ProtoJSONDecodingFailure: Sendable, CustomStringConvertible {
  /// The dotted path of the field at fault; `nil` when the document as a whole is wrong.
  public let field: String?
  public let reason: String

  public init(_ error: any Error) {
    switch error {
    case DecodingError.dataCorrupted(let context), DecodingError.typeMismatch(_, let context),
      DecodingError.valueNotFound(_, let context), DecodingError.keyNotFound(_, let context):
      let path = context.codingPath.map(\.stringValue).joined(separator: ".")
      field = path.isEmpty ? nil : path
      reason = context.debugDescription
    default:
      field = nil
      reason = "\(error)"
    }
  }

  public var description: String { field.map { "\($0): \(reason)" } ?? reason }
}
