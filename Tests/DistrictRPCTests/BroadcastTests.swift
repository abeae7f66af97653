import DistrictConcurrency
import Testing

/// The one broadcast: the current value first, then the newest after each change, no backlog,
/// and streams that end with the broadcast or with their consumer.
@Suite struct BroadcastTests {
  @Test func aSubscriberGetsTheCurrentValueThenEachChange() async {
    let broadcast = Broadcast(1)
    var values = broadcast.subscribe().makeAsyncIterator()
    #expect(await values.next() == 1)
    broadcast.update { $0 = 2 }
    #expect(await values.next() == 2)
    #expect(broadcast.update { $0 += 1 } == 3)
    #expect(await values.next() == 3)
  }

  @Test func aChangeToTheSameValueTellsNobody() async {
    let broadcast = Broadcast("serving")
    var values = broadcast.subscribe().makeAsyncIterator()
    #expect(await values.next() == "serving")
    broadcast.update { $0 = "serving" }
    broadcast.update { $0 = "not serving" }
    #expect(await values.next() == "not serving")
  }

  @Test func aSubscriberThatFallsBehindSkipsToTheNewest() async {
    let broadcast = Broadcast(0)
    var values = broadcast.subscribe().makeAsyncIterator()
    for _ in 0..<1000 { broadcast.update { $0 += 1 } }
    #expect(await values.next() == 1000)
  }

  @Test func finishEndsEveryStreamAndLaterOnesAtOnce() async {
    let broadcast = Broadcast(7)
    var first = broadcast.subscribe().makeAsyncIterator()
    #expect(await first.next() == 7)
    broadcast.finish()
    #expect(await first.next() == nil)
    var late = broadcast.subscribe().makeAsyncIterator()
    #expect(await late.next() == nil)
    #expect(broadcast.subscriberCount == 0)
    #expect(broadcast.update { $0 = 8 } == 8)
    #expect(broadcast.value == 8)
  }

  @Test func aSubscriberLeavesWhenItsConsumerStops() async {
    let broadcast = Broadcast(0)
    do {
      var values = broadcast.subscribe().makeAsyncIterator()
      #expect(broadcast.subscriberCount == 1)
      #expect(await values.next() == 0)
    }
    // The stream and its iterator are gone: AsyncStream terminates and the subscriber is removed.
    #expect(broadcast.subscriberCount == 0)
  }
}
