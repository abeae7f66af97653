import DistrictSchema
import DistrictStore
import DistrictTestSupport
import Foundation
import LandClearance
import NIOCore
import NIOPosix
import Testing

@testable import DistrictRPC

@Suite("A retried payment after a dropped connection")
struct RetryTests {
  typealias S = LandClearanceV1.LandClearanceService

  /// Sends one request frame on a raw connection, waits until `committed()` sees its write, and
  /// closes the connection without ever reading the answer.
  func sendAndDrop(
    port: Int, method: String, metadata: [String: String], payload: [UInt8], committed: () async throws -> Bool
  )
    async throws
  {
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .connect(host: "127.0.0.1", port: port) { channel in
        channel.eventLoop.makeCompletedFuture {
          try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
        }
      }
    try await channel.executeThenClose { _, outbound in
      var frame = RPCV1.Frame()
      frame.callID = 1
      frame.kind = .request
      frame.method = method
      frame.metadata = metadata.sorted { $0.key < $1.key }.map { entry in
        RPCV1.MetadataEntry().with {
          $0.key = entry.key
          $0.value = entry.value
        }
      }
      frame.payload = payload
      var buffer = ByteBuffer()
      _ = try FrameCodec.encode(
        ProtocolVersion.hello(maxFrameBytes: 4 << 20, maxConcurrentCalls: 0, agent: "drop-test"), into: &buffer)
      _ = try FrameCodec.encode(frame, into: &buffer)
      try await outbound.write(buffer)
      guard try await eventually(within: .seconds(20), every: .milliseconds(20), committed) else {
        throw CancellationError()
      }
    }
  }

  @Test(
    "The server commits, the connection drops before the answer, the retry with the same key counts once",
    arguments: TestBackend.all)
  func droppedThenRetried(backend: TestBackend) async throws {
    try await withService(backend) { h in
      try await h.project()
      try await h.party("a")
      try await h.openCase("a")
      try await h.advance("case-a", through: .recoveryDecided, approved: 100 * million)
      // The payment's id is left to the server: only the stored answer can give the retry the same one.
      let request = h.paymentRequest("case-a", 40 * million)
      try await sendAndDrop(
        port: h.port, method: S.recordPayment.fullName,
        metadata: ["authorization": "Bearer \(Token.editor)", MetadataKey.idempotencyKey: "dropped-payment-1"],
        payload: try request.serializedBytes()
      ) {
        try await h.getCase("case-a").payments.count == 1
      }
      let stored = try #require(try await h.getCase("case-a").payments.first)
      let retried = try await h.client.unary(
        S.recordPayment, request, options: Token.options(Token.editor, key: "dropped-payment-1"))
      #expect(retried.id == stored.id)
      let detail = try await h.getCase("case-a")
      #expect(detail.payments.count == 1)
      #expect(detail.clearanceCase?.paidAmount?.vnd == 40 * million)
      let totals = try await h.totals()
      #expect(totals.householdsPaid == 1)
      #expect(totals.amountPaid?.vnd == 40 * million)
      #expect(try await h.store.audit.query(entity: "payment").count == 1)
    }
  }
}
