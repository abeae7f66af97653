/// Runs work that must finish whatever happens to the task that asked for it.
///
/// Swift's cancellation is cooperative, and the database drivers honour it: SQLiteNIO's queries
/// run through `NIOThreadPool.runIfActive`, which skips work submitted by a cancelled task and
/// throws `CancellationError` instead. That is right for a query a caller no longer wants, and
/// wrong for the statements that end a transaction or close a connection: a `ROLLBACK` skipped
/// because the call was cancelled would leave the connection inside its transaction, and the
/// pool would lend it to the next caller ("cannot start a transaction within a transaction").
///
/// The work runs in an unstructured task, which does not inherit the caller's cancellation; the
/// caller waits for it to finish.
enum Uncancellable {
  /// Runs `operation` to its end, even when the calling task is or becomes cancelled.
  static func run<R: Sendable>(_ operation: @escaping @Sendable () async throws -> R) async throws -> R {
    try await Task { try await operation() }.value
  }

  /// Runs `operation` to its end, even when the calling task is or becomes cancelled.
  static func run(_ operation: @escaping @Sendable () async -> Void) async {
    await Task { await operation() }.value
  }
}
