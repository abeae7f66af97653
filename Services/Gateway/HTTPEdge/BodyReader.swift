internal import DistrictRPC
internal import DistrictSchema
internal import Hummingbird
internal import NIOCore

/// Reads a request body whole, within a size limit and a deadline.
enum BodyReader {
  /// The body's bytes.
  ///
  /// - Throws: `RESOURCE_EXHAUSTED` past `limit` bytes; `DEADLINE_EXCEEDED` when the body has
  ///   not all arrived `within` of the start, however steadily it dribbles. Either leaves the
  ///   rest unread, so the answer closes the connection.
  static func collect(_ body: RequestBody, limit: Int, within: Duration) async throws(EdgeFailure) -> [UInt8] {
    do {
      return try await withThrowingTaskGroup(of: [UInt8].self) { group in
        group.addTask {
          var bytes: [UInt8] = []
          for try await buffer in body {
            guard bytes.count + buffer.readableBytes <= limit else {
              var failure = EdgeFailure(.resourceExhausted, "the request body is over \(limit) bytes, the limit")
              failure.closesConnection = true
              throw failure
            }
            bytes.append(contentsOf: buffer.readableBytesView)
          }
          return bytes
        }
        group.addTask {
          try await Task.sleep(for: within)
          var failure = EdgeFailure(
            .deadlineExceeded, "the request body did not arrive within \(within.components.seconds) s; send it at once")
          failure.closesConnection = true
          throw failure
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { return [] }
        return first
      }
    } catch let failure as EdgeFailure {
      throw failure
    } catch {
      var failure = EdgeFailure(.cancelled, "the request body could not be read: \(error)")
      failure.closesConnection = true
      throw failure
    }
  }
}
