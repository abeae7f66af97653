/// Lets one write transaction of a store at a time into SQLite, first come first served.
///
/// SQLite has one writer per file anyway; queueing writers here, rather than in SQLite's busy
/// handler, keeps the waiting ones from holding the threads that the writer in progress needs,
/// and leaves `busy_timeout` for waits on other processes.
actor WriteGate {
  private var busy = false
  private var waiters: [CheckedContinuation<Void, Never>] = []

  /// Waits for the gate, then holds it.
  func enter() async {
    if !busy {
      busy = true
      return
    }
    await withCheckedContinuation { waiters.append($0) }
  }

  /// Hands the gate to the next waiter, or opens it.
  func leave() {
    if waiters.isEmpty {
      busy = false
    } else {
      waiters.removeFirst().resume()
    }
  }
}
