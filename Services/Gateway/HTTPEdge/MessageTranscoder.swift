internal import DistrictRPC
internal import DistrictSchema

#if canImport(FoundationEssentials)
  internal import FoundationEssentials
#else
  internal import Foundation
#endif

/// How a Connect body encodes its messages.
enum MessageCodec: String, Sendable {
  /// Protobuf's canonical JSON mapping, as `district call` speaks it.
  case json
  /// Protobuf's binary encoding: passed through to the services unchanged.
  case proto
}

/// Turns a Connect body into the protobuf bytes a service reads, and a service's answer back
/// into the caller's codec, for any method's message types.
enum MessageTranscoder {
  /// The binary request for `type` from a body in `codec`.
  ///
  /// - Throws: `INVALID_ARGUMENT` naming the field that is not the method's JSON.
  static func request(_ type: any SchemaMessage.Type, body: [UInt8], codec: MessageCodec) throws(EdgeFailure) -> [UInt8]
  {
    switch codec {
    case .proto:
      return body
    case .json:
      do {
        return try binary(type, fromJSON: body.isEmpty ? Array("{}".utf8) : body)
      } catch {
        let failure = ProtoJSONDecodingFailure(error)
        var rpcError = RPCError(.invalidArgument, "the request is not a valid \(type.protoName) in JSON: \(failure)")
        if let field = failure.field { rpcError.details["field"] = field }
        throw EdgeFailure(rpcError)
      }
    }
  }

  /// A service's binary answer of `type` in `codec`.
  static func response(
    _ type: any SchemaMessage.Type, binary: [UInt8], codec: MessageCodec
  ) throws(EdgeFailure) -> [UInt8] {
    switch codec {
    case .proto:
      return binary
    case .json:
      do {
        return try json(type, fromBinary: binary)
      } catch {
        throw EdgeFailure(.internal, "the service's answer is not a valid \(type.protoName): \(error)")
      }
    }
  }

  private static func binary<Message: SchemaMessage>(_ type: Message.Type, fromJSON json: [UInt8]) throws -> [UInt8] {
    try JSONDecoder().decode(Message.self, from: Data(json)).serializedBytes()
  }

  private static func json<Message: SchemaMessage>(_ type: Message.Type, fromBinary bytes: [UInt8]) throws -> [UInt8] {
    try EdgeJSON.encode(try Message(serializedBytes: bytes))
  }
}
