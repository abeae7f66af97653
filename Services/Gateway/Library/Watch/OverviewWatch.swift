internal import DistrictRPC
internal import DistrictSchema

/// A watch of the overview: the first overview at once, then a new one whenever what the
/// backends answer changes.
///
/// Each backend's change feed (`district.changes.v1.Changes/Watch`) says when its data changed;
/// the watch then composes the overview again and sends it when its encoding differs from the
/// last one sent (a write that changes nothing shown sends nothing). A feed that ends or cannot
/// be opened — the backend went down, restarted or was never there — counts as a change too (its
/// section's status changes) and is opened again every `retry`. Every `refresh` the overview is
/// composed regardless, for what no feed reports: the date moving on for a watch of "today".
/// Changes close together are composed once.
struct OverviewWatch: Sendable {
  let composer: OverviewComposer
  let backends: GatewayBackends
  let refresh: Duration
  let retry: Duration

  /// Runs until the caller cancels (or the server shuts down). The query is evaluated again for
  /// each overview, so that a watch of "today" moves on at midnight.
  func run(
    query makeQuery: @escaping @Sendable () throws -> OverviewQuery, _ writer: ResponseStreamWriter<GatewayV1.Overview>
  ) async throws {
    let (changes, changed) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    changed.yield()  // the first overview
    try await withThrowingTaskGroup(of: Void.self) { group in
      for backend in backends.named {
        group.addTask { await follow(backend.client, changed) }
      }
      group.addTask {
        while true {
          try await Task.sleep(for: refresh)
          changed.yield()
        }
      }
      group.addTask {
        var lastSent: [UInt8]? = nil
        for await _ in changes {
          let overview = await composer.overview(try makeQuery(), callerRemaining: nil)
          let encoded = try overview.serializedBytes()
          if encoded != lastSent {
            try await writer.write(overview)
            lastSent = encoded
          }
        }
      }
      // Only the sender ends, by failing (the caller went away); the rest runs until cancelled.
      try await group.next()
      group.cancelAll()
    }
  }

  /// Follows one backend's change feed, telling `changed` of each new version and of the feed
  /// ending, until cancelled.
  private func follow(_ client: RPCClient, _ changed: AsyncStream<Void>.Continuation) async {
    var lastSeen: ChangesV1.DataVersion? = nil
    while !Task.isCancelled {
      do {
        let feed = try await client.serverStream(
          ChangesV1.ChangesService.watch, .init(), options: CallOptions(forwardsAuthorization: true))
        for try await version in feed where version != lastSeen {
          lastSeen = version
          changed.yield()
        }
      } catch {
        // Down, refused or restarting: its section shows why; opened again below.
      }
      guard !Task.isCancelled else { return }
      lastSeen = nil
      changed.yield()
      try? await Task.sleep(for: retry)
    }
  }
}
