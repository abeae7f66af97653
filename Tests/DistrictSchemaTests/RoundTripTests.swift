import DistrictSchema
import Testing

@Suite("Round trips through protobuf-c")
struct RoundTripTests {
  @Test("Every field shape survives encode and decode")
  func fixtureRoundTrips() throws {
    let shapes = fixtureShapes()
    let bytes = try shapes.serializedBytes()
    #expect(try ConformanceV1.Shapes(serializedBytes: bytes) == shapes)
  }

  @Test("An empty message encodes to no bytes and decodes back")
  func emptyMessage() throws {
    let bytes = try ConformanceV1.Shapes().serializedBytes()
    #expect(bytes.isEmpty)
    #expect(try ConformanceV1.Shapes(serializedBytes: bytes) == ConformanceV1.Shapes())
  }

  @Test("Extreme integers", arguments: [Int64.min, -1, 0, 1, Int64.max])
  func extremeIntegers(_ value: Int64) throws {
    var scalars = ConformanceV1.Scalars()
    scalars.i64 = value
    scalars.s64 = value
    scalars.sf64 = value
    scalars.u64 = UInt64(bitPattern: value)
    scalars.i32 = Int32(truncatingIfNeeded: value)
    let decoded = try ConformanceV1.Scalars(serializedBytes: scalars.serializedBytes())
    #expect(decoded == scalars)
  }

  @Test("Vietnamese text with diacritics keeps every character")
  func vietnameseText() throws {
    var unit = CommonV1.OrgUnit()
    unit.nameVi = "Xã Phước Vĩnh Tây, huyện Cần Giuộc, tỉnh Long An"
    unit.nameEn = "Phuoc Vinh Tay commune"
    unit.level = .commune
    let decoded = try CommonV1.OrgUnit(serializedBytes: unit.serializedBytes())
    #expect(decoded.nameVi == "Xã Phước Vĩnh Tây, huyện Cần Giuộc, tỉnh Long An")
    #expect(decoded == unit)
  }

  @Test("Large repeated fields")
  func largeRepeatedFields() throws {
    var shapes = ConformanceV1.Shapes()
    shapes.i64s = (0..<100_000).map { Int64($0) * 1_000_003 - 50_000_000_000 }
    shapes.texts = (0..<5_000).map { "xã \($0)" }
    shapes.items = (0..<5_000).map { index in ConformanceV1.Item().with { $0.amount = Int64(index) } }
    shapes.totals = Dictionary(uniqueKeysWithValues: (0..<1_000).map { ("nguồn \($0)", Int64($0)) })
    let decoded = try ConformanceV1.Shapes(serializedBytes: shapes.serializedBytes())
    #expect(decoded == shapes)
  }

  @Test("Deeply nested messages")
  func deepNesting() throws {
    var item = ConformanceV1.Item().with { $0.name = "leaf" }
    for depth in 0..<50 {
      item = ConformanceV1.Item().with {
        $0.amount = Int64(depth)
        $0.child = item
      }
    }
    let decoded = try ConformanceV1.Item(serializedBytes: item.serializedBytes())
    #expect(decoded == item)
  }

  @Test(
    "Each oneof case round-trips",
    arguments: [
      ConformanceV1.Shapes.Choice.choiceText("văn bản"),
      .choiceText(""),
      .choiceNumber(Int64.min),
      .choiceNumber(0),
      .choiceItem(ConformanceV1.Item()),
      .choiceColour(.unspecified),
      .choiceColour(.unrecognized(42)),
    ])
  func oneofCases(_ choice: ConformanceV1.Shapes.Choice) throws {
    var shapes = ConformanceV1.Shapes()
    shapes.choice = choice
    let decoded = try ConformanceV1.Shapes(serializedBytes: shapes.serializedBytes())
    #expect(decoded.choice == choice)
  }

  @Test("Optional fields distinguish unset from zero")
  func optionalPresence() throws {
    var shapes = ConformanceV1.Shapes()
    #expect(try ConformanceV1.Shapes(serializedBytes: shapes.serializedBytes()).maybeNumber == nil)
    shapes.maybeNumber = 0
    shapes.maybeText = ""
    let decoded = try ConformanceV1.Shapes(serializedBytes: shapes.serializedBytes())
    #expect(decoded.maybeNumber == 0)
    #expect(decoded.maybeText == "")
  }

  @Test("Unknown enum values survive a round trip")
  func unknownEnumValues() throws {
    var shapes = ConformanceV1.Shapes()
    shapes.scalars = ConformanceV1.Scalars().with { $0.colour = .unrecognized(99) }
    shapes.colours = [.unrecognized(-7), .red, .unrecognized(1_000_000)]
    let decoded = try ConformanceV1.Shapes(serializedBytes: shapes.serializedBytes())
    #expect(decoded.scalars?.colour == .unrecognized(99))
    #expect(decoded.colours == [.unrecognized(-7), .red, .unrecognized(1_000_000)])
  }

  @Test("Maps encode in key order, so equal values give equal bytes")
  func deterministicMaps() throws {
    var first = ConformanceV1.Shapes()
    var second = ConformanceV1.Shapes()
    for key in 0..<200 {
      first.totals["k\(key)"] = Int64(key)
      second.totals["k\(199 - key)"] = Int64(199 - key)
    }
    #expect(try first.serializedBytes() == second.serializedBytes())
  }

  @Test("The envelope round-trips with a payload and metadata")
  func frameRoundTrip() throws {
    var frame = RPCV1.Frame()
    frame.callID = .max
    frame.kind = .request
    frame.method = FinanceV1.FinanceService.getRevenueSummary.fullName
    frame.timeoutMicros = 2_500_000
    frame.metadata = [
      RPCV1.MetadataEntry().with {
        $0.key = "authorization"
        $0.value = "Bearer t"
      },
      RPCV1.MetadataEntry().with {
        $0.key = "traceparent"
        $0.value = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
      },
    ]
    frame.payload = Array(repeating: 0xAB, count: 300)
    frame.status = RPCV1.Status().with {
      $0.code = .unauthenticated
      $0.message = "no token"
    }
    let decoded = try RPCV1.Frame(serializedBytes: frame.serializedBytes())
    #expect(decoded == frame)
  }
}
