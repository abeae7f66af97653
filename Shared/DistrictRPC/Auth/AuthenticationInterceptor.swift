internal import DistrictSchema
internal import Logging

/// Checks `authorization: Bearer <token>` against a ``TokenStore`` and the method's role.
///
/// Public methods (no required role) pass without a token. A missing or unknown token is
/// `UNAUTHENTICATED`; a known caller whose role is too low is `PERMISSION_DENIED`.
public struct AuthenticationInterceptor: ServerInterceptor {
  private let tokens: TokenStore

  public init(tokens: TokenStore) {
    self.tokens = tokens
  }

  public func intercept(_ context: inout ServerContext, call: CallDescription) async throws {
    guard let required = call.requiredRole else { return }
    guard let header = context.metadata[MetadataKey.authorization] else {
      throw RPCError(.unauthenticated, "\(call.method) needs a token: send 'authorization: Bearer <token>'")
    }
    guard header.hasPrefix("Bearer "), case let token = String(header.dropFirst("Bearer ".count)), !token.isEmpty else {
      throw RPCError(.unauthenticated, "the authorization header must be 'Bearer <token>'")
    }
    guard let principal = tokens.principal(for: token) else {
      throw RPCError(.unauthenticated, "the token is not known to this server")
    }
    guard principal.role >= required else {
      throw RPCError(
        .permissionDenied,
        "'\(principal.subject)' has the \(principal.role.rawValue) role; \(call.method) needs \(required.rawValue)")
    }
    context.principal = principal
    context.logger[metadataKey: "rpc.subject"] = "\(principal.subject)"
  }
}
