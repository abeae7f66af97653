internal import DistrictSchemaCore
internal import Logging

/// Checks `authorization: Bearer <token>` against the tokens in force (a ``TokenSource``) and the
/// method's role.
///
/// Public methods (no required role) pass without a token. A missing or unknown token is
/// `UNAUTHENTICATED`; a known caller whose role is too low is `PERMISSION_DENIED`, and so is a
/// commune-scoped admin on an admin method (those configure the whole district).
public struct AuthenticationInterceptor: ServerInterceptor {
  private let tokens: TokenSource

  public init(tokens: TokenSource) {
    self.tokens = tokens
  }

  public init(tokens: TokenStore) {
    self.init(tokens: TokenSource(tokens))
  }

  public func intercept(_ context: inout ServerContext, call: CallDescription) async throws {
    guard let required = call.requiredRole else { return }
    guard let header = context.metadata[MetadataKey.authorization] else {
      throw RPCError(.unauthenticated, "\(call.method) needs a token: send 'authorization: Bearer <token>'")
    }
    guard header.hasPrefix("Bearer "), case let token = String(header.dropFirst("Bearer ".count)), !token.isEmpty else {
      throw RPCError(.unauthenticated, "the authorization header must be 'Bearer <token>'")
    }
    guard let principal = tokens.current.principal(for: token) else {
      throw RPCError(.unauthenticated, "the token is not known to this server")
    }
    guard principal.role >= required else {
      throw RPCError(
        .permissionDenied,
        "'\(principal.subject)' has the \(principal.role.rawValue) role; \(call.method) needs \(required.rawValue)")
    }
    // Admin methods configure the whole district (projects, estimates, resolutions): a commune's
    // scope cannot bound them, so an admin scoped to a commune has only an editor's rights there.
    if required == .admin, let scope = principal.communeScope {
      throw RPCError(
        .permissionDenied,
        "'\(principal.subject)' is an admin scoped to commune \(scope); \(call.method) configures the whole district and needs an admin without a commune scope"
      )
    }
    context.principal = principal
    context.logger[metadataKey: "rpc.subject"] = "\(principal.subject)"
  }
}
