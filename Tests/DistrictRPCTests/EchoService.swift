import DistrictRPC
import DistrictSchema
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization
import Testing

/// Test methods on the conformance messages: `Item` in, `Item` out.
enum Echo {
  static let echo = MethodDescriptor<ConformanceV1.Item, ConformanceV1.Item>(
    fullName: "/district.test.v1.Echo/Echo", kind: .unary)
  static let write = MethodDescriptor<ConformanceV1.Item, ConformanceV1.Item>(
    fullName: "/district.test.v1.Echo/Write", kind: .unary)
  static let count = MethodDescriptor<ConformanceV1.Item, ConformanceV1.Item>(
    fullName: "/district.test.v1.Echo/Count", kind: .serverStreaming)
  static let describe = MethodDescriptor<ConformanceV1.Item, ConformanceV1.Item>(
    fullName: "/district.test.v1.Echo/Describe", kind: .unary)
}

/// Counts what the echo handlers saw, for tests to observe the server side.
final class EchoProbe: Sendable {
  let started = Atomic<Int>(0)
  let cancelled = Atomic<Int>(0)
  let finished = Atomic<Int>(0)
  let streamed = Atomic<Int>(0)
  let streamsEnded = Atomic<Int>(0)
}

/// `Echo`: returns the request after `amount` milliseconds (negative: throws a plain error).
/// `Write`: an editor-only echo. `Count`: streams `amount` items whose name is `name`.
/// `Describe`: answers with what the server saw of the call (metadata, deadline, principal).
struct EchoService: RPCService {
  let probe: EchoProbe

  func register(in router: inout RPCRouter) {
    let probe = probe
    router.register(Echo.echo, requiredRole: .reader) { request, _ in
      probe.started.add(1, ordering: .relaxed)
      if request.amount < 0 { throw PlainError() }
      if request.amount > 0 {
        do {
          try await Task.sleep(for: .milliseconds(request.amount))
        } catch {
          probe.cancelled.add(1, ordering: .relaxed)
          throw error
        }
      }
      probe.finished.add(1, ordering: .relaxed)
      return request
    }
    router.register(Echo.write, requiredRole: .editor) { request, context in
      context.responseMetadata.add("x-written-by", context.principal.subject)
      if request.name == "refuse" { throw RPCError(.failedPrecondition, "refused on request") }
      return request
    }
    router.register(Echo.count, requiredRole: .reader) { request, writer, _ in
      defer { probe.streamsEnded.add(1, ordering: .relaxed) }
      for index in 0..<request.amount {
        try await writer.write(
          ConformanceV1.Item().with {
            $0.name = request.name
            $0.amount = index
          })
        probe.streamed.add(1, ordering: .relaxed)
      }
    }
    router.register(Echo.describe, requiredRole: .reader) { _, context in
      ConformanceV1.Item().with {
        $0.name = [
          "subject=\(context.principal.subject)",
          "trace=\(context.traceParent.traceID)",
          "idempotency=\(context.idempotencyKey ?? "")",
          "remaining-ms=\(context.timeRemaining.map { String($0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000) } ?? "none")",
        ].joined(separator: " ")
      }
    }
  }
}

struct PlainError: Error, CustomStringConvertible {
  var description: String { "secret database password in this message" }
}

/// For protocol tests that carry bulk text in a string field (compression, back-pressure):
/// beyond what ``RequestTextLimits`` lets a service's request hold.
func bulkText(_ configuration: inout ServerConfiguration) {
  configuration.checksRequestText = false
}
