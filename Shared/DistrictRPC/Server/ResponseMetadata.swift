internal import Synchronization

/// Metadata a handler sends back with its answer (trailing metadata in gRPC's terms).
///
/// ```swift
/// context.responseMetadata.add("x-record-version", "7")
/// ```
public final class ResponseMetadata: Sendable {
  private let storage = Mutex(Metadata())

  init() {}

  /// Appends a pair to the answer's metadata.
  public func add(_ key: String, _ value: String) {
    storage.withLock { $0.add(key, value) }
  }

  /// What has been added so far.
  public var metadata: Metadata {
    storage.withLock { $0 }
  }
}
