public import DistrictSchemaCore

/// gRPC's canonical status codes, as the schema defines them (`district.rpc.v1.StatusCode`).
public typealias StatusCode = RPCV1.StatusCode

/// A failed call: a canonical status code, a message a person can act on, and optional
/// machine-readable details.
///
/// Handlers throw it (or an ``RPCErrorConvertible`` error) to choose the code the caller sees;
/// any other error thrown by a handler reaches the caller as `INTERNAL` with a generic message,
/// so internals never leak.
public struct RPCError: Error, Hashable, Sendable, CustomStringConvertible {
  public var code: StatusCode
  public var message: String
  public var details: [String: String]
  /// Metadata the server sent back with the failure.
  public var metadata: Metadata

  public init(_ code: StatusCode, _ message: String, details: [String: String] = [:]) {
    self.code = code
    self.message = message
    self.details = details
    self.metadata = Metadata()
  }

  public var description: String {
    let name = code.protoName.map { String($0.dropFirst("STATUS_CODE_".count)) } ?? String(code.rawValue)
    return "\(name) (\(code.rawValue)): \(message)"
  }

  /// The error as it travels in a frame.
  public var status: RPCV1.Status {
    var status = RPCV1.Status()
    status.code = code
    status.message = message
    status.details = details.sorted { $0.key < $1.key }.map { key, value in
      RPCV1.StatusDetail().with {
        $0.key = key
        $0.value = value
      }
    }
    return status
  }

  /// The error a received non-OK status stands for.
  public init(status: RPCV1.Status) {
    self.code = status.code
    self.message = status.message
    self.details = Dictionary(status.details.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    self.metadata = Metadata()
  }
}

extension RPCError {
  /// `INVALID_ARGUMENT` naming the field at fault.
  public static func invalidArgument(field: String, _ message: String) -> RPCError {
    RPCError(.invalidArgument, "\(field): \(message)", details: ["field": field])
  }

  /// `NOT_FOUND` naming what was looked for.
  public static func notFound(_ what: String, id: String) -> RPCError {
    RPCError(.notFound, "\(what) '\(id)' does not exist", details: ["id": id])
  }
}
