internal import DistrictRPC
internal import DistrictSchema

/// A watch of the overview: the first overview at once, then a new one whenever what the
/// backends answer changes.
///
/// The three services have no common change feed, so the watch asks them again every
/// `interval` and sends the overview only when its encoding differs from the last one sent.
/// A backend going down or coming back is a change too (its section's status changes).
struct OverviewWatch: Sendable {
  let composer: OverviewComposer
  let interval: Duration

  /// Runs until the caller cancels (or the server shuts down). The query is evaluated again on
  /// each round, so that a watch of "today" moves on at midnight.
  func run(
    query makeQuery: @Sendable () throws -> OverviewQuery, _ writer: ResponseStreamWriter<GatewayV1.Overview>
  ) async throws {
    var lastSent: [UInt8]? = nil
    while true {
      try Task.checkCancellation()
      let overview = await composer.overview(try makeQuery(), callerRemaining: nil)
      let encoded = try overview.serializedBytes()
      if encoded != lastSent {
        try await writer.write(overview)
        lastSent = encoded
      }
      try await Task.sleep(for: interval)
    }
  }
}
