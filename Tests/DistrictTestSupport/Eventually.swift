/// Waits (up to `limit`, looking every 10 ms) until `condition` holds; returns whether it did.
/// Use it under `#expect`: the result is the assertion.
public func eventually(
  within limit: Duration = .seconds(10), _ condition: () async throws -> Bool
) async rethrows -> Bool {
  let deadline = ContinuousClock.now + limit
  while ContinuousClock.now < deadline {
    if try await condition() { return true }
    try? await Task.sleep(for: .milliseconds(10))
  }
  return try await condition()
}
