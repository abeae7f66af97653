public import DistrictSchemaCore
internal import NIOCore

/// The messages of a server stream, in order. Iterate it once.
///
/// The client buffers a few messages (``ClientConfiguration/streamBufferMessages``) and stops
/// reading the connection while the consumer is behind, so a slow reader slows the server
/// instead of filling memory. Dropping the iterator cancels the call.
public struct ResponseStream<Message: SchemaMessage>: AsyncSequence, Sendable {
  public typealias Element = Message

  let bytes: ResponseBytes
  let demand: StreamDemand
  let measurement: StreamMeasurement

  /// Ends the call now, from any task: the server is told to stop, and the stream's consumer
  /// gets `reason` instead of the messages still to come.
  public func cancel(because reason: RPCError) {
    demand.cancel(because: reason)
  }

  public struct AsyncIterator: AsyncIteratorProtocol {
    var base: EncodedResponseStream.AsyncIterator

    public mutating func next() async throws -> Message? {
      guard let bytes = try await base.next() else { return nil }
      do {
        return try Message(serializedBytes: bytes)
      } catch {
        throw RPCError(.internal, "a stream message is not a valid \(Message.protoName): \(error)")
      }
    }
  }

  public func makeAsyncIterator() -> AsyncIterator {
    AsyncIterator(
      base: EncodedResponseStream(bytes: bytes, demand: demand, measurement: measurement).makeAsyncIterator())
  }
}

/// The messages of a server stream as they arrive, still encoded. Iterate it once; dropping
/// the iterator cancels the call.
public struct EncodedResponseStream: AsyncSequence, Sendable {
  public typealias Element = [UInt8]

  let bytes: ResponseBytes
  let demand: StreamDemand
  let measurement: StreamMeasurement

  /// Ends the call now, from any task: the server is told to stop, and the stream's consumer
  /// gets `reason` instead of the messages still to come.
  public func cancel(because reason: RPCError) {
    demand.cancel(because: reason)
  }

  public struct AsyncIterator: AsyncIteratorProtocol {
    var base: ResponseBytes.AsyncIterator
    let measurement: StreamMeasurement

    public mutating func next() async throws -> [UInt8]? {
      do {
        guard let bytes = try await base.next() else {
          measurement.ended(nil)
          return nil
        }
        return bytes
      } catch {
        measurement.ended(error)
        throw error
      }
    }
  }

  public func makeAsyncIterator() -> AsyncIterator {
    AsyncIterator(base: bytes.makeAsyncIterator(), measurement: measurement)
  }
}

typealias ResponseBytes = NIOThrowingAsyncSequenceProducer<
  [UInt8], any Error, NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark, StreamDemand
>

/// Tells the connection when a stream's consumer wants more, or has gone.
struct StreamDemand: NIOAsyncSequenceProducerDelegate {
  let handle: CallHandle
  let connection: NIOLoopBound<ClientConnectionHandler>

  func produceMore() {
    let handle = handle
    ClientConnectionHandler.onLoop(connection) { $0.resumeReading(handle) }
  }

  func didTerminate() {
    cancel(because: RPCError(.cancelled, "the stream's consumer went away"))
  }

  /// Ends the call: a cancel frame to the server, `reason` to the consumer.
  func cancel(because reason: RPCError) {
    let handle = handle
    ClientConnectionHandler.onLoop(connection) { $0.cancel(handle, because: reason) }
  }
}
