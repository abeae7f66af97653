public import DistrictRPC
public import DistrictSchema
public import HTTPTypes

/// Why the edge answers a request with an error: the status the caller sees, and the HTTP
/// status it travels with when Connect's table is not the whole story.
public struct EdgeFailure: Error, Sendable {
  public var error: RPCError
  /// The HTTP status of a unary answer; Connect's for the code unless the request never named a
  /// method (404), used an unsupported media type (415) or method (405).
  public var httpStatus: HTTPResponse.Status
  /// The rest of the request body was not read: the connection cannot carry another request.
  public var closesConnection = false
  /// Headers the answer needs (`Allow` with a 405).
  public var headers = HTTPFields()

  public init(_ error: RPCError, httpStatus: HTTPResponse.Status? = nil) {
    self.error = error
    self.httpStatus = httpStatus ?? ConnectCode.httpStatus(error.code)
  }

  public init(_ code: StatusCode, _ message: String, httpStatus: HTTPResponse.Status? = nil) {
    self.init(RPCError(code, message), httpStatus: httpStatus)
  }
}
