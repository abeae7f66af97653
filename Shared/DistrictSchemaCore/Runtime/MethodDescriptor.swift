/// Whether a method answers once or with a stream of messages.
public enum MethodKind: Sendable, Hashable {
  case unary
  case serverStreaming
}

/// A method of a service: its full name and its request and response types.
public struct MethodDescriptor<Request: SchemaMessage, Response: SchemaMessage>: Sendable, Hashable {
  /// The full name as it travels on the wire: `/district.finance.v1.Finance/GetRevenueSummary`.
  public let fullName: String
  public let kind: MethodKind
  /// Whether the method only reads (`option idempotency_level = NO_SIDE_EFFECTS` in proto/):
  /// the HTTP edge lets such methods be called with a cacheable GET.
  public let hasNoSideEffects: Bool

  public init(fullName: String, kind: MethodKind, hasNoSideEffects: Bool = false) {
    self.fullName = fullName
    self.kind = kind
    self.hasNoSideEffects = hasNoSideEffects
  }

  /// `district.finance.v1.Finance`.
  public var serviceName: String {
    let trimmed = fullName.dropFirst()
    return String(trimmed.prefix { $0 != "/" })
  }

  /// `GetRevenueSummary`.
  public var methodName: String {
    String(fullName.split(separator: "/").last ?? "")
  }
}

/// A method descriptor with its message types erased, for listing and routing.
public struct AnyMethodDescriptor: Sendable, Hashable {
  public let fullName: String
  public let kind: MethodKind
  public let hasNoSideEffects: Bool
  public let requestType: any SchemaMessage.Type
  public let responseType: any SchemaMessage.Type

  public init<Request, Response>(_ method: MethodDescriptor<Request, Response>) {
    self.fullName = method.fullName
    self.kind = method.kind
    self.hasNoSideEffects = method.hasNoSideEffects
    self.requestType = Request.self
    self.responseType = Response.self
  }

  public static func == (lhs: Self, rhs: Self) -> Bool { lhs.fullName == rhs.fullName }

  public func hash(into hasher: inout Hasher) { hasher.combine(fullName) }
}
