import DistrictRPC
import DistrictSchema
import DistrictTestSupport
import Synchronization
import Testing

/// Every string and list of every request, at any depth, is bounded and holds no control or
/// invisible formatting character; the server refuses the request before its handler runs.
@Suite("Request text limits")
struct RequestTextLimitsTests {
  static func refusal(_ message: some SchemaMessage) -> RPCError? {
    do {
      try RequestTextLimits.check(message)
      return nil
    } catch {
      return error
    }
  }

  @Test("Text at the limit passes; one character past it is refused, naming the field")
  func length() {
    let limit = RequestTextLimits.maximumTextCharacters
    #expect(Self.refusal(ConformanceV1.Item().with { $0.name = String(repeating: "ệ", count: limit) }) == nil)
    let refused = Self.refusal(ConformanceV1.Item().with { $0.name = String(repeating: "a", count: limit + 1) })
    #expect(refused?.code == .invalidArgument)
    #expect(refused?.details["field"] == "name")
    // 500 characters, each a letter with 10 combining accents ("zalgo" text): 10,500 bytes.
    let stacked = String(repeating: "a" + String(repeating: "\u{0300}", count: 10), count: 500)
    #expect(stacked.count == 500)
    let tooManyBytes = Self.refusal(ConformanceV1.Item().with { $0.name = stacked })
    #expect(tooManyBytes?.code == .invalidArgument, "within the character limit, past the byte limit")
  }

  @Test(
    "Line breaks, tabs, NUL, bidi overrides, zero-width and separators are refused, at any depth",
    arguments: ["\n", "\r", "\t", "\u{0}", "\u{202E}", "\u{200B}", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{85}"])
  func controlCharacters(_ character: String) {
    let nested = ConformanceV1.Shapes().with {
      $0.items = [
        ConformanceV1.Item(),
        ConformanceV1.Item().with { $0.child = ConformanceV1.Item().with { $0.name = "a\(character)b" } },
      ]
    }
    let refused = Self.refusal(nested)
    #expect(refused?.code == .invalidArgument)
    #expect(refused?.details["field"] == "items[1].child.name")
    #expect(
      Self.refusal(ConformanceV1.Shapes().with { $0.texts = ["ok", "x\(character)"] })?.details["field"] == "texts[1]")
  }

  @Test("Vietnamese, spaces and punctuation pass")
  func ordinaryText() {
    let name = "Hộ bà Nguyễn Ngọc Nam — ấp 3, xã Long Hậu (đã chi trả 50%)"
    #expect(
      Self.refusal(
        ConformanceV1.Shapes().with {
          $0.texts = [name]
          $0.item = ConformanceV1.Item().with { $0.name = name }
        }) == nil)
  }

  @Test("A list at the limit passes; one element past it is refused")
  func listLength() {
    let limit = RequestTextLimits.maximumListCount
    #expect(Self.refusal(ConformanceV1.Shapes().with { $0.i64s = Array(repeating: 1, count: limit) }) == nil)
    let refused = Self.refusal(ConformanceV1.Shapes().with { $0.i64s = Array(repeating: 1, count: limit + 1) })
    #expect(refused?.details["field"] == "i64s")
  }

  @Test("Over the wire: the server refuses a request whose text breaks the rules before the handler runs")
  func overTheWire() async throws {
    let probe = EchoProbe()
    try await withTestServer([EchoService(probe: probe)], tokens: nil) { server in
      let client = server.client()
      defer { client.close() }
      let error = await #expect(throws: RPCError.self) {
        try await client.unary(Echo.echo, ConformanceV1.Item().with { $0.name = "line\n\nTHÔNG BÁO" })
      }
      #expect(error?.code == .invalidArgument)
      #expect(error?.details["field"] == "name")
      #expect(probe.started.load(ordering: .relaxed) == 0)
    }
  }
}
