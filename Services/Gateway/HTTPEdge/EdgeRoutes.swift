public import DistrictRPC
public import DistrictSchema
internal import HTTPTypes

/// Which service answers which method on the HTTP edge.
///
/// A path is `/<package>.<Service>/<Method>`, answered by the service's owner, or
/// `/<backend>/<package>.<Service>/<Method>` (Connect's routing prefix), answered by the named
/// backend: that is how a caller reaches a service every backend serves, such as the change
/// feed (`/finance/district.changes.v1.Changes/Watch`).
public struct EdgeRoutes: Sendable {
  /// A service the edge forwards to over DistrictRPC.
  public struct Backend: Sendable {
    /// The name in routing prefixes and error messages: `finance`, `gateway`, ….
    public let name: String
    public let client: RPCClient

    public init(name: String, client: RPCClient) {
      self.name = name
      self.client = client
    }
  }

  /// A request's method and the backend that answers it.
  struct Route: Sendable {
    let backend: Backend
    let method: AnyMethodDescriptor
  }

  private let backends: [String: Backend]
  private let owners: [String: String]
  private let methods: [String: AnyMethodDescriptor]

  /// - Parameters:
  ///   - backends: every backend, by its name.
  ///   - owners: the backend that answers each service without a routing prefix, by the
  ///     service's full name (`district.finance.v1.Finance` → `finance`).
  ///   - methods: the methods the edge knows (every method in proto/ by default).
  public init(
    backends: [Backend], owners: [String: String], methods: [AnyMethodDescriptor] = SchemaServices.methods
  ) {
    self.backends = Dictionary(backends.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    self.owners = owners
    self.methods = Dictionary(methods.map { ($0.fullName, $0) }, uniquingKeysWith: { first, _ in first })
  }

  /// The backends' names, sorted.
  var backendNames: [String] { backends.keys.sorted() }

  /// The owner of each service, for the index page.
  func owner(ofService service: String) -> String? { owners[service] }

  /// The route of a request path.
  ///
  /// - Throws: 404 for a path that names no method, with a message saying what exists.
  func route(path: String) throws(EdgeFailure) -> Route {
    let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
    let prefix: String?
    let service: String
    let method: String
    switch parts.count {
    case 2: (prefix, service, method) = (nil, parts[0], parts[1])
    case 3: (prefix, service, method) = (parts[0], parts[1], parts[2])
    default:
      throw EdgeFailure(
        .notFound,
        "'\(path)' names no method: paths are /<package>.<Service>/<Method>, e.g. /district.finance.v1.Finance/GetRevenueSummary; GET /api lists them",
        httpStatus: .notFound)
    }
    let fullName = "/\(service)/\(method)"
    guard let descriptor = methods[fullName] else {
      let known = methods.keys.filter { $0.hasPrefix("/\(service)/") }.map { String($0.split(separator: "/").last!) }
        .sorted()
      let hint =
        known.isEmpty
        ? "no service is called '\(service)'; GET /api lists the services"
        : "\(service) has no method '\(method)'; its methods are \(known.joined(separator: ", "))"
      throw EdgeFailure(.unimplemented, hint, httpStatus: .notFound)
    }
    let backendName: String
    if let prefix {
      backendName = prefix
    } else if let owner = owners[service] {
      backendName = owner
    } else {
      let choices = backendNames.filter { $0 != "gateway" }.map { "/\($0)\(fullName)" }.joined(separator: ", ")
      throw EdgeFailure(
        .invalidArgument, "\(service) is served by every service with a database: name one, as in \(choices)")
    }
    guard let backend = backends[backendName] else {
      throw EdgeFailure(
        .notFound,
        "no backend is called '\(backendName)'; the routing prefixes are \(backendNames.joined(separator: ", "))",
        httpStatus: .notFound)
    }
    return Route(backend: backend, method: descriptor)
  }
}
