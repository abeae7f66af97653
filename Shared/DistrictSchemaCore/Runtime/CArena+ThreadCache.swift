#if canImport(Glibc)
  internal import Glibc
#elseif canImport(Musl)
  internal import Musl
#elseif canImport(Darwin)
  internal import Darwin
#endif

extension CArena {
  /// Runs `body` with an empty arena that is kept per thread between calls, so that an encode or
  /// decode does not allocate the arena and its first block every time. A nested call (an arena
  /// already in use on this thread) gets a fresh arena.
  package static func withScratch<Result>(recordsSizes: Bool, _ body: (CArena) throws -> Result) rethrows -> Result {
    let key = recordsSizes ? ScratchKeys.shared.decoding : ScratchKeys.shared.encoding
    let arena: CArena
    if let cached = pthread_getspecific(key) {
      arena = Unmanaged<CArena>.fromOpaque(cached).takeUnretainedValue()
    } else {
      arena = CArena(recordsSizes: recordsSizes)
      pthread_setspecific(key, Unmanaged.passRetained(arena).toOpaque())
    }
    guard !arena.inUse else { return try body(CArena(recordsSizes: recordsSizes)) }
    arena.inUse = true
    defer {
      arena.reset()
      arena.inUse = false
    }
    return try body(arena)
  }
}

/// The thread-specific keys of the scratch arenas; a thread's arenas are released when it exits.
private final class ScratchKeys: Sendable {
  static let shared = ScratchKeys()

  let encoding: pthread_key_t
  let decoding: pthread_key_t

  private init() {
    var encoding = pthread_key_t()
    var decoding = pthread_key_t()
    let release: @convention(c) (UnsafeMutableRawPointer?) -> Void = { pointer in
      if let pointer { Unmanaged<CArena>.fromOpaque(pointer).release() }
    }
    precondition(pthread_key_create(&encoding, release) == 0 && pthread_key_create(&decoding, release) == 0)
    self.encoding = encoding
    self.decoding = decoding
  }
}
