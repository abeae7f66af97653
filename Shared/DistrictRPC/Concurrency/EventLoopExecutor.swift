internal import NIOCore

/// Runs tasks on a NIO event loop, so that a handler that does not suspend elsewhere runs on
/// its connection's thread from frame to answer: no hand-off between threads, which costs
/// tens of microseconds on small machines.
final class EventLoopExecutor: TaskExecutor, @unchecked Sendable {
  // The event loop is thread-safe; nothing else is stored.
  let eventLoop: any EventLoop

  init(_ eventLoop: any EventLoop) {
    self.eventLoop = eventLoop
  }

  func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
    eventLoop.execute {
      job.runSynchronously(on: self.asUnownedTaskExecutor())
    }
  }
}
