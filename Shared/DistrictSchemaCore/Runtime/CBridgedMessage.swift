package import DistrictSchemaCoreC

/// A message that converts to and from its protoc-c struct. Generated for every message.
package protocol CBridgedMessage: SchemaMessage {
  /// The protoc-c struct, e.g. `District__Common__V1__OrgUnit`.
  associatedtype CType

  /// The protobuf-c descriptor of ``CType``, from a C accessor (taking the address of the
  /// C global from Swift may point at a temporary copy).
  static var cDescriptor: UnsafePointer<ProtobufCMessageDescriptor> { get }

  /// Builds the C struct in `arena`; everything it points to lives as long as the arena.
  func toC(_ arena: CArena) throws -> UnsafeMutablePointer<CType>

  /// Copies an unpacked C struct into Swift values, validating every string.
  init(cMessage: UnsafePointer<CType>) throws
}

extension CBridgedMessage {
  /// Converts an unpacked pointer of the C type (mutable or not) into a message.
  package init(cMessage pointer: UnsafeMutablePointer<CType>) throws {
    try self.init(cMessage: UnsafePointer(pointer))
  }
}
