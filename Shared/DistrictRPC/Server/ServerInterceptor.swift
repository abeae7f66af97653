/// A step every call passes before its handler: authentication, then whatever a service adds.
///
/// An interceptor may change the context (set the principal, add log metadata) or throw an
/// ``RPCError`` to refuse the call.
public protocol ServerInterceptor: Sendable {
  func intercept(_ context: inout ServerContext, call: CallDescription) async throws
}

/// What an interceptor knows of the method being called.
public struct CallDescription: Sendable {
  public let method: String
  /// The least role the method requires; `nil` for a public method.
  public let requiredRole: Role?
}
