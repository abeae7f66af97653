/// Waits (up to `limit`, looking every `interval`) until `condition` holds; returns whether it
/// did. Use it under `#expect` or a `guard`: the result is the assertion. The one polling loop of
/// the suites, for what no event announces (a server's counter, a database coming back).
public func eventually(
  within limit: Duration = .seconds(10), every interval: Duration = .milliseconds(10),
  _ condition: () async throws -> Bool
) async rethrows -> Bool {
  let deadline = ContinuousClock.now + limit
  while ContinuousClock.now < deadline {
    if try await condition() { return true }
    try? await Task.sleep(for: interval)
  }
  return try await condition()
}
