internal import DistrictSchemaCore
internal import NIOCore
internal import Synchronization

/// One open connection of a client, usable from any task.
final class ClientConnection: Sendable {
  let channel: any Channel
  private let handler: NIOLoopBound<ClientConnectionHandler>
  private let isUsable: Usability
  private let inFlight = Atomic<Int>(0)

  init(channel: any Channel, handler: NIOLoopBound<ClientConnectionHandler>, isUsable: Usability) {
    self.channel = channel
    self.handler = handler
    self.isUsable = isUsable
  }

  /// Whether the connection takes new calls (open, and not told to go away).
  var usable: Bool { isUsable.value }

  /// Calls in flight on this connection.
  var load: Int { inFlight.load(ordering: .relaxed) }

  func unary(_ call: OutgoingCall) async throws -> UnaryAnswer {
    inFlight.add(1, ordering: .relaxed)
    defer { inFlight.subtract(1, ordering: .relaxed) }
    let handle = CallHandle()
    let handler = handler
    return try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { continuation in
        ClientConnectionHandler.onLoop(handler) { $0.startUnary(call, handle, continuation) }
      }
    } onCancel: {
      ClientConnectionHandler.onLoop(handler) {
        $0.cancel(handle, because: RPCError(.cancelled, "the call was cancelled by its caller"))
      }
    }
  }

  /// Starts a server stream: its messages, and the demand that can also end it early.
  func stream(_ call: OutgoingCall, bufferMessages: Int) -> (bytes: ResponseBytes, demand: StreamDemand) {
    let handle = CallHandle()
    let demand = StreamDemand(handle: handle, connection: handler)
    let produced = ResponseBytes.makeSequence(
      backPressureStrategy: .init(lowWatermark: max(1, bufferMessages / 2), highWatermark: max(2, bufferMessages)),
      finishOnDeinit: true,
      delegate: demand)
    let source = produced.source
    ClientConnectionHandler.onLoop(handler) { $0.startStream(call, handle, source) }
    return (produced.sequence, demand)
  }

  func close() {
    channel.close(promise: nil)
  }
}

extension ClientConnection {
  /// Whether a connection takes new calls: its handler sets it from the event loop (false once
  /// it closes or is told to go away), the pool reads it from any task. A class around the
  /// atomic, because the handler holds it before the connection exists.
  final class Usability: Sendable {
    private let flag = Atomic<Bool>(true)

    var value: Bool { flag.load(ordering: .relaxed) }

    func set(_ usable: Bool) { flag.store(usable, ordering: .relaxed) }
  }
}
