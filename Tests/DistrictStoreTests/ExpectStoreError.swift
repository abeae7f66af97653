import DistrictStore
import Testing

/// Expects `body` to throw a `StoreError`, and returns it.
@discardableResult
func expectStoreError(
  sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async -> StoreError? {
  do {
    try await body()
    Issue.record("expected a StoreError, but the call succeeded", sourceLocation: sourceLocation)
    return nil
  } catch let error as StoreError {
    return error
  } catch {
    Issue.record("expected a StoreError, got \(error)", sourceLocation: sourceLocation)
    return nil
  }
}
