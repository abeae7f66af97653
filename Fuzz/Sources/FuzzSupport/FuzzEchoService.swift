import DistrictRPC
import DistrictSchema

/// The methods of the test service the server fuzzer calls, on the conformance `Item`.
enum FuzzEcho {
  static let service = "district.fuzz.v1.Echo"
  /// Returns the request; `amount` < 0 throws a plain error, `name` "rpc-error" an RPCError,
  /// 1…8 yields that many times first (on the connection's event loop).
  static let echo = MethodDescriptor<ConformanceV1.Item, ConformanceV1.Item>(
    fullName: "/district.fuzz.v1.Echo/Echo", kind: .unary)
  /// Waits until cancelled (a deadline, a CANCEL, the connection's end).
  static let hang = MethodDescriptor<ConformanceV1.Item, ConformanceV1.Item>(
    fullName: "/district.fuzz.v1.Echo/Hang", kind: .unary)
  /// Answers with a name of `amount` bytes (at most 256 KiB): compression, the caller's frame limit.
  static let big = MethodDescriptor<ConformanceV1.Item, ConformanceV1.Item>(
    fullName: "/district.fuzz.v1.Echo/Big", kind: .unary)
  /// An editor-only echo that adds response metadata.
  static let write = MethodDescriptor<ConformanceV1.Item, ConformanceV1.Item>(
    fullName: "/district.fuzz.v1.Echo/Write", kind: .unary)
  /// Answers with what the server saw of the call: metadata, deadline, principal, trace.
  static let describe = MethodDescriptor<ConformanceV1.Item, ConformanceV1.Item>(
    fullName: "/district.fuzz.v1.Echo/Describe", kind: .unary)
  /// Streams `amount` items (at most 64) of `name`; `name` "fail" throws after them, "hang"
  /// then waits until cancelled.
  static let count = MethodDescriptor<ConformanceV1.Item, ConformanceV1.Item>(
    fullName: "/district.fuzz.v1.Echo/Count", kind: .serverStreaming)

  static let streamingMethods: Set<String> = [count.fullName, "/district.health.v1.Health/Watch"]
}

struct FuzzPlainError: Error, CustomStringConvertible {
  var description: String { "a plain error from the fuzz service" }
}

/// Sleeps until the task is cancelled (a day at most).
private func waitForCancellation() async throws {
  try await Task.sleep(for: .seconds(86_400))
}

struct FuzzEchoService: RPCService {
  func register(in router: inout RPCRouter) {
    router.register(FuzzEcho.echo, requiredRole: .reader) { request, _ in
      if request.amount < 0 { throw FuzzPlainError() }
      if request.name == "rpc-error" {
        throw RPCError(.failedPrecondition, "refused on request", details: ["field": "name"])
      }
      if (1...8).contains(request.amount) {
        for _ in 0..<request.amount { await Task.yield() }
      }
      return request
    }
    router.register(FuzzEcho.hang, requiredRole: .reader) { _, _ in
      try await waitForCancellation()
      return ConformanceV1.Item()
    }
    router.register(FuzzEcho.big, requiredRole: nil) { request, _ in
      let size = Int(max(0, min(request.amount, 256 * 1024)))
      return ConformanceV1.Item().with { $0.name = String(repeating: "x", count: size) }
    }
    router.register(FuzzEcho.write, requiredRole: .editor) { request, context in
      context.responseMetadata.add("x-written-by", context.principal.subject)
      context.responseMetadata.add("x-name", request.name)
      return request
    }
    router.register(FuzzEcho.describe, requiredRole: .reader) { _, context in
      ConformanceV1.Item().with {
        $0.name = [
          context.method, context.peer, context.principal.subject, context.principal.role.rawValue,
          "\(context.traceParent.traceID)", context.idempotencyKey ?? "",
          context.timeRemaining.map { "\($0)" } ?? "none",
          context.metadata.map { "\($0.key)=\($0.value)" }.joined(separator: ","),
        ].joined(separator: " ")
        $0.amount = Int64(context.metadata.entries.count)
      }
    }
    router.register(FuzzEcho.count, requiredRole: .reader) { request, writer, _ in
      for index in 0..<max(0, min(request.amount, 64)) {
        try await writer.write(
          ConformanceV1.Item().with {
            $0.name = request.name
            $0.amount = index
          })
      }
      switch request.name {
      case "fail": throw RPCError(.aborted, "the stream failed on request")
      case "hang": try await waitForCancellation()
      default: break
      }
    }
  }
}
