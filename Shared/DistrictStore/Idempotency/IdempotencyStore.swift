public import Foundation
internal import NIOCore
public import SQLKit

/// Applies a write at most once per `idempotency-key`: a retried payment is never counted twice.
///
/// In one transaction, ``idempotent(key:method:request:subject:_:)`` looks up the key in the
/// scope of the service and the caller (its subject): a key is the caller's own, so another
/// caller's use of the same text neither blocks it nor is revealed to it:
/// - absent: it runs the write and stores the key with the request's fingerprint
///   (``RequestFingerprint``) and the response bytes, in the same transaction as the write, so
///   the write and its key commit together or not at all;
/// - present with the same fingerprint (same method, caller and request bytes): it returns the
///   stored response and changes nothing;
/// - present with another fingerprint: `.conflictingState`, saying the key was used for a
///   different request.
///
/// Two calls with the same key at once are serialized (SQLite's single writer; a PostgreSQL
/// advisory lock on the key), so the write runs once and the other call gets its response.
/// A write that fails stores nothing: the key stays free for a retry.
///
/// Keys are kept at least ``minimumRetention`` (24 hours); ``purge(olderThan:now:)`` removes
/// older ones. ``Store/open(url:logger:migrations:configuration:)`` purges at every start; a
/// service that runs for weeks calls it now and then (daily is plenty).
public struct IdempotencyStore: Sendable {
  let store: Store

  /// How long a key is kept at least: 24 hours.
  public static let minimumRetention: Duration = .seconds(24 * 60 * 60)

  /// The longest key accepted, in UTF-8 bytes.
  public static let maximumKeyLength = 255

  /// Runs `write` in a transaction at most once for `key`; without a key, simply in a
  /// transaction. Returns `write`'s response, or the one stored for the key.
  ///
  /// - Parameters:
  ///   - key: The caller's `idempotency-key`, or `nil`.
  ///   - method: The RPC method, named in the refusal message.
  ///   - request: The request's encoded bytes.
  ///   - subject: The caller.
  ///   - write: The change; it returns the encoded response to store and send.
  /// - Throws: `.conflictingState` when the key was used for a different request;
  ///   `.invalidValue` for an empty or overlong key; what `write` throws.
  public func idempotent(
    key: String?, method: String, request: [UInt8], subject: String,
    _ write: (any SQLDatabase) async throws -> [UInt8]
  ) async throws -> [UInt8] {
    guard let key else { return try await store.transaction(write) }
    guard !key.isEmpty, key.utf8.count <= Self.maximumKeyLength else {
      throw StoreFailure.invalidValue(
        field: "idempotency-key", "must be 1 to \(Self.maximumKeyLength) bytes long, got \(key.utf8.count)")
    }
    let fingerprint = RequestFingerprint.of(method: method, subject: subject, request: request)
    let service = store.service
    return try await store.transaction { db in
      if let lock = store.dialect.lockStatement(key: "idempotency:\(service):\(subject):\(key)") {
        try await db.raw(lock).run()
      }
      let stored = try await db.raw(
        """
        SELECT method, fingerprint, response, created_at_ms FROM idempotency_key
        WHERE service = \(bind: service) AND subject = \(bind: subject) AND idempotency_key = \(bind: key)
        """
      ).first()
      if let stored {
        guard try stored.decode(column: "fingerprint", as: String.self) == fingerprint else {
          // The caller's own key: it may learn its own earlier use.
          let storedMethod = try stored.decode(column: "method", as: String.self)
          let when = Timestamp.iso8601(milliseconds: try stored.decode(column: "created_at_ms", as: Int64.self))
          throw StoreFailure.conflictingState(
            "you already used idempotency key '\(key.prefix(64))' for a different request to \(storedMethod) at \(when); "
              + "use a new key for a new request",
            details: ["idempotency-key": String(key.prefix(64))])
        }
        return Array(buffer: try stored.decode(column: "response", as: ByteBuffer.self))
      }
      let response = try await write(db)
      try await db.raw(
        """
        INSERT INTO idempotency_key (service, idempotency_key, method, subject, fingerprint, response, created_at_ms)
        VALUES (\(bind: service), \(bind: key), \(bind: method), \(bind: subject), \(bind: fingerprint), \
        \(bind: ByteBuffer(bytes: response)), \(bind: Timestamp.milliseconds(Date())))
        """
      ).run()
      return response
    }
  }

  /// Removes this service's keys stored more than `age` before `now`, but never one younger than
  /// ``minimumRetention``, whatever `age` says. Returns how many were removed.
  @discardableResult
  public func purge(olderThan age: Duration = minimumRetention, now: Date = Date()) async throws -> Int {
    let kept = max(age, Self.minimumRetention)
    let cutoff = Timestamp.milliseconds(now) - kept.milliseconds
    let service = store.service
    return try await store.transaction { db in
      try await db.raw(
        """
        DELETE FROM idempotency_key WHERE service = \(bind: service) AND created_at_ms < \(bind: cutoff)
        RETURNING idempotency_key
        """
      ).all().count
    }
  }
}
