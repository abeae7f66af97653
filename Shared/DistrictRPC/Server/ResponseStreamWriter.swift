public import DistrictSchemaCore

/// Sends the messages of a server stream, in order.
///
/// `write` suspends while the connection cannot take more (the caller reads slowly), so a
/// server never buffers a stream without bound.
public struct ResponseStreamWriter<Message: SchemaMessage>: Sendable {
  let sink: StreamSink

  /// Sends one message; throws `CancellationError` once the call has ended.
  public func write(_ message: Message) async throws {
    let bytes = try message.serializedBytes()
    try await sink.send(bytes)
  }
}

/// Where the encoded messages of one server stream go.
struct StreamSink: Sendable {
  let send: @Sendable ([UInt8]) async throws -> Void
}
