/// An error that knows the status a caller should see for it.
///
/// A handler may throw any error conforming to it and the server answers with its ``rpcError``,
/// as if the handler had thrown that: a lower layer keeps errors of its own, and the layer that
/// knows the wire maps them once, in a conformance (grpc-swift-2's `RPCErrorConvertible`).
public protocol RPCErrorConvertible: Error {
  /// The status, message and details the caller sees.
  var rpcError: RPCError { get }
}

extension RPCError {
  /// The status `error` stands for: itself when it is an `RPCError`, its ``RPCErrorConvertible/rpcError``
  /// when it is convertible; `nil` for any other error.
  public init?(converting error: any Error) {
    switch error {
    case let error as RPCError: self = error
    case let error as any RPCErrorConvertible: self = error.rpcError
    default: return nil
    }
  }
}
