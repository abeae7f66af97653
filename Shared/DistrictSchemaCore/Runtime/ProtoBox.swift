/// Heap storage for a message field whose type contains the message itself.
package final class ProtoBox<Value: Sendable & Hashable>: Sendable, Hashable {
  package let value: Value

  package init(_ value: Value) { self.value = value }

  package static func == (lhs: ProtoBox, rhs: ProtoBox) -> Bool { lhs.value == rhs.value }

  package func hash(into hasher: inout Hasher) { hasher.combine(value) }
}
