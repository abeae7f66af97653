/// Why bytes could not be decoded into a message, or a message could not be encoded.
public enum SchemaError: Error, Hashable, CustomStringConvertible {
  /// The bytes are not a valid protobuf encoding of the message.
  case malformed(message: String, byteCount: Int)
  /// A string field holds bytes that are not valid UTF-8.
  case invalidUTF8(field: String)
  /// A string holds a NUL character, which protobuf-c cannot carry.
  case embeddedNul(field: String)
  /// A C struct pointed to nothing where a message was required.
  case missingMessage(field: String)

  public var description: String {
    switch self {
    case .malformed(let message, let byteCount):
      return "\(byteCount) bytes are not a valid encoding of \(message)"
    case .invalidUTF8(let field):
      return "\(field) is not valid UTF-8; strings must be UTF-8 (send binary data as bytes)"
    case .embeddedNul(let field):
      return "\(field) contains a NUL character, which strings may not carry"
    case .missingMessage(let field):
      return "\(field) is missing"
    }
  }
}
