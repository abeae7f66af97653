internal import Synchronization

/// The tokens a server accepts now: a ``TokenStore`` that can be replaced while the server runs
/// (a rotated tokens file), without dropping a connection or a call. Each call is checked against
/// the tokens current when it arrives.
public final class TokenSource: Sendable {
  private let store: Mutex<TokenStore>

  public init(_ tokens: TokenStore) {
    store = Mutex(tokens)
  }

  /// The tokens in force.
  public var current: TokenStore { store.withLock { $0 } }

  /// Puts `tokens` in force for every call that arrives from now on.
  public func replace(with tokens: TokenStore) {
    store.withLock { $0 = tokens }
  }
}
