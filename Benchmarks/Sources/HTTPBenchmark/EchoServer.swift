import BenchmarkSupport
import Foundation
import Hummingbird
import Logging

/// Hummingbird 2's own plain JSON echo — a Codable body decoded and encoded again — on a free
/// loopback port: the ceiling of the HTTP stack the edge is built on.
enum EchoServer {
  struct Body: Codable, ResponseEncodable {
    var year: Int32
  }

  /// Serves `POST /echo` and prints `PORT n`, then runs until killed.
  static func serve() async throws {
    let router = Router()
    router.post("/echo") { request, context -> Body in
      try await request.decode(as: Body.self, context: context)
    }
    let application = Application(
      router: router,
      configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0), serverName: nil),
      onServerRunning: { channel in emit("PORT \(channel.localAddress?.port ?? 0)") },
      logger: Logger(label: "echo", factory: { _ in SwiftLogNoOpLogHandler() }))
    try await application.runService(gracefulShutdownSignals: [.sigterm])
  }
}
