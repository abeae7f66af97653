/// A message of the district schema: a Swift value that protobuf-c encodes and decodes.
///
/// Every generated message conforms. Values are plain Swift structs; the C structs of
/// protobuf-c exist only for the duration of one encode or decode call.
public protocol SchemaMessage: Sendable, Hashable, Codable {
  /// The full protobuf name, e.g. `district.common.v1.OrgUnit`.
  static var protoName: String { get }

  /// A message with every field at its default.
  init()

  /// Decodes the protobuf encoding in `bytes`.
  ///
  /// - Throws: ``SchemaError`` when the bytes are not a valid encoding of this message,
  ///   or when a string is not valid UTF-8 or holds a NUL character.
  init(serializedBytes bytes: UnsafeRawBufferPointer) throws

  /// Builds the protobuf-c form of the message and hands its packer to `body`.
  ///
  /// The packer is valid only inside `body`.
  func withPacked<Result>(_ body: (PackedMessage) throws -> Result) throws -> Result

  /// The protobuf encoding of the message.
  ///
  /// - Throws: ``SchemaError/embeddedNul(field:)`` when a string holds a NUL character,
  ///   which protobuf-c cannot carry.
  func serializedBytes() throws -> [UInt8]
}

extension SchemaMessage {
  /// Decodes the protobuf encoding in `bytes`.
  public init(serializedBytes bytes: some Sequence<UInt8>) throws {
    let array = Array(bytes)
    self = try array.withUnsafeBytes { try Self(serializedBytes: $0) }
  }

  /// A copy of the message changed by `configure`, for building values inline.
  public func with(_ configure: (inout Self) throws -> Void) rethrows -> Self {
    var copy = self
    try configure(&copy)
    return copy
  }
}
