public import DistrictRPC
public import Testing

/// Expects `body` to throw an `RPCError` (or an error that converts to one, as the store's
/// failures do) with `code` — and naming `field`, when given — and returns it; records an issue
/// otherwise.
@discardableResult
public func expectRPCError(
  _ code: StatusCode, field: String? = nil, sourceLocation: SourceLocation = #_sourceLocation,
  _ body: () async throws -> Void
) async -> RPCError? {
  do {
    try await body()
    Issue.record("expected \(code), but the call succeeded", sourceLocation: sourceLocation)
    return nil
  } catch {
    guard let error = RPCError(converting: error) else {
      Issue.record("expected RPCError \(code), got \(error)", sourceLocation: sourceLocation)
      return nil
    }
    #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
    if let field {
      #expect(error.details["field"] == field, "\(error)", sourceLocation: sourceLocation)
    }
    return error
  }
}
