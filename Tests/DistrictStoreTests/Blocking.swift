import Foundation

/// Runs `body` on a thread of its own and waits for it without blocking the cooperative pool:
/// for child processes and pipes, whose calls block (on two cores the pool has two threads).
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { continuation in
    Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
  }
}
