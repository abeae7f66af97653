import DistrictRPC
import DistrictSchema
import DistrictStore
import DistrictTestSupport
import Testing

@testable import Indicators

@Suite("WatchScorecard ends with its caller", .timeLimit(.minutes(1)))
struct WatchCancelTests {
  @Test("Cancelling the watching task ends the server's subscription")
  func cancelEndsSubscription() async throws {
    let database = try await TestDatabase.make(.sqlite)
    let store = try await database.open()
    let service = IndicatorsService(
      store: store, logger: quiet, today: { CalendarDate(year: 2023, month: 11, day: 22) })
    try await withServer(store: store, service: service) { s in
      _ = try await s.client.unary(
        API.createResolution, .init().with { $0.resolution = sampleResolution(id: "r1") },
        options: Token.options(Token.admin))
      let firstSeen = AsyncStream.makeStream(of: Void.self)
      let watcher = Task {
        let stream = try await s.client.serverStream(
          API.watchScorecard, .init().with { $0.resolutionID = "r1" }, options: Token.options(Token.reader))
        for try await _ in stream { firstSeen.continuation.yield() }
      }
      for await _ in firstSeen.stream { break }
      #expect(store.changes.watcherCount == 1)
      watcher.cancel()
      _ = await watcher.result
      #expect(await eventually(within: .seconds(2)) { store.changes.watcherCount == 0 })
    }
    await store.shutdown()
    await database.drop()
  }
}
