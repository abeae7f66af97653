/// A protobuf enum in Swift: every known value is a case, any other number is kept in
/// `unrecognized(_:)` so that a newer peer's value survives a round trip.
public protocol ProtoEnum: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The full protobuf name of the enum type.
  static var protoTypeName: String { get }
  /// The known values, in declaration order.
  static var knownCases: [Self] { get }
  init(rawValue: Int32)
  var rawValue: Int32 { get }
  /// The value for a protobuf value name such as `STATUS_CODE_OK`.
  init?(protoName: String)
  /// The protobuf value name, or `nil` for an unrecognized value.
  var protoName: String? { get }
}

extension ProtoEnum {
  public var description: String { protoName ?? String(rawValue) }

  /// Protobuf JSON: the value's name, or its number when the name is unknown.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    if let name = protoName {
      try container.encode(name)
    } else {
      try container.encode(rawValue)
    }
  }

  /// Accepts the value's name or its number, as protobuf JSON does.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let number = try? container.decode(Int32.self) {
      self.init(rawValue: number)
      return
    }
    let name = try container.decode(String.self)
    guard let value = Self(protoName: name) else {
      let known = Self.knownCases.compactMap(\.protoName).joined(separator: ", ")
      throw DecodingError.dataCorruptedError(
        in: container,
        debugDescription: "'\(name)' is not a value of \(Self.protoTypeName); use one of: \(known)"
      )
    }
    self = value
  }
}
