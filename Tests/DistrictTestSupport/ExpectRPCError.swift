public import DistrictRPC
public import Testing

/// Expects `body` to throw an `RPCError` with `code` — and naming `field`, when given — and
/// returns it; records an issue otherwise.
@discardableResult
public func expectRPCError(
  _ code: StatusCode, field: String? = nil, sourceLocation: SourceLocation = #_sourceLocation,
  _ body: () async throws -> Void
) async -> RPCError? {
  do {
    try await body()
    Issue.record("expected \(code), but the call succeeded", sourceLocation: sourceLocation)
    return nil
  } catch let error as RPCError {
    #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
    if let field {
      #expect(error.details["field"] == field, "\(error)", sourceLocation: sourceLocation)
    }
    return error
  } catch {
    Issue.record("expected RPCError \(code), got \(error)", sourceLocation: sourceLocation)
    return nil
  }
}
