internal import DistrictRPC
internal import DistrictSchema

#if canImport(FoundationEssentials)
  internal import FoundationEssentials
#else
  internal import Foundation
#endif

/// Connect's JSON `Error`: `{"code": "not_found", "message": "…", "details": [...]}`.
///
/// Each of the error's details (a key and a value) becomes one Connect detail of type
/// `district.rpc.v1.StatusDetail`: its binary encoding in `value`, as Connect requires, and the
/// same as JSON under `debug` for people reading the wire.
struct ConnectErrorBody: Encodable {
  struct Detail: Encodable {
    let type: String
    let value: String
    let debug: [String: String]
  }

  let code: String
  let message: String?
  let details: [Detail]?

  init(_ error: RPCError) {
    code = ConnectCode.name(error.code)
    message = error.message.isEmpty ? nil : error.message
    let details = error.details.sorted { $0.key < $1.key }.map { key, value in
      let detail = RPCV1.StatusDetail().with {
        $0.key = key
        $0.value = value
      }
      let bytes = (try? detail.serializedBytes()) ?? []
      return Detail(
        type: RPCV1.StatusDetail.protoName, value: ConnectBase64.encodeUnpadded(bytes),
        debug: ["key": key, "value": value])
    }
    self.details = details.isEmpty ? nil : details
  }

  /// The error as JSON bytes.
  static func json(_ error: RPCError) -> [UInt8] {
    (try? EdgeJSON.encode(ConnectErrorBody(error))) ?? Array(#"{"code":"internal"}"#.utf8)
  }
}

/// The end of a Connect response stream: `{}` after success, `{"error": {…}}` after a failure,
/// with the server's trailing metadata.
struct ConnectEndStream: Encodable {
  let error: ConnectErrorBody?
  let metadata: [String: [String]]?

  static func json(error: RPCError?, metadata: Metadata) -> [UInt8] {
    var grouped: [String: [String]] = [:]
    for (key, value) in metadata { grouped[key, default: []].append(value) }
    let end = ConnectEndStream(error: error.map(ConnectErrorBody.init), metadata: grouped.isEmpty ? nil : grouped)
    return (try? EdgeJSON.encode(end)) ?? Array(#"{"error":{"code":"internal"}}"#.utf8)
  }
}
