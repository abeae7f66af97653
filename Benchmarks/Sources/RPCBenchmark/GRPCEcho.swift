import BenchmarkSupport
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2

/// grpc-swift-2 2.4.3: a unary echo registered by hand, raw bytes in and out (no codegen).
enum GRPCEcho {
  static let method = MethodDescriptor(fullyQualifiedService: "bench.Echo", method: "Echo")

  struct Bytes: MessageSerializer, MessageDeserializer {
    func serialize<Output: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Output { Output(message) }
    func deserialize<Input: GRPCContiguousBytes>(_ serializedMessageBytes: Input) throws -> [UInt8] {
      serializedMessageBytes.withUnsafeBytes { Array($0) }
    }
  }

  struct Service: RegistrableRPCService {
    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
      router.registerHandler(forMethod: GRPCEcho.method, deserializer: Bytes(), serializer: Bytes()) { request, _ in
        let single = try await ServerRequest(stream: request)
        return StreamingServerResponse(single: ServerResponse(message: single.message))
      }
    }
  }

  static func serve() async throws {
    let server = GRPCServer(
      transport: .http2NIOPosix(address: .ipv4(host: "127.0.0.1", port: 0), transportSecurity: .plaintext),
      services: [Service()])
    try await withThrowingDiscardingTaskGroup { group in
      group.addTask { try await server.serve() }
      guard let address = try await server.listeningAddress?.ipv4 else { fatalError("no address") }
      emit("PORT \(address.port)")
    }
  }

  static func load(port: Int, connections: Int, inFlight: Int, seconds: Double) async throws -> LoadResult {
    let clients = try (0..<connections).map { _ in
      GRPCClient(
        transport: try .http2NIOPosix(target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext))
    }
    return try await withThrowingTaskGroup(of: Void.self) { group in
      for client in clients { group.addTask { try await client.runConnections() } }
      for client in clients { _ = try await call(client) }
      let result = try await closedLoop(connections: connections, inFlight: inFlight, seconds: seconds) { connection in
        _ = try await call(clients[connection])
      }
      for client in clients { client.beginGracefulShutdown() }
      try await group.waitForAll()
      return result
    }
  }

  private static func call(_ client: GRPCClient<HTTP2ClientTransport.Posix>) async throws -> [UInt8] {
    try await client.unary(
      request: ClientRequest(message: echoPayload), descriptor: method, serializer: Bytes(), deserializer: Bytes(),
      options: .defaults
    ) { try $0.message }
  }
}
