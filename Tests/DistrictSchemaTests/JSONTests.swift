import DistrictSchema
import Foundation
import Testing

@Suite("Codable with protobuf's JSON names")
struct JSONTests {
  private func json<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  @Test("JSON names, 64-bit integers as strings, enums by name")
  func encodesProtoJSON() throws {
    var estimate = FinanceV1.Estimate()
    estimate.year = 2023
    estimate.issuer = .province
    estimate.amount = CommonV1.Money().with { $0.vnd = 636_000_000_000 }
    estimate.communeID = "phuoc-ly"
    let text = try json(estimate)
    #expect(text.contains(#""amount":{"vnd":"636000000000"}"#))
    #expect(text.contains(#""issuer":"ESTIMATE_ISSUER_PROVINCE""#))
    #expect(text.contains(#""communeId":"phuoc-ly""#))
    #expect(text.contains(#""year":2023"#))
  }

  @Test("The fixture survives a JSON round trip")
  func fixtureJSONRoundTrip() throws {
    let shapes = fixtureShapes()
    let data = try JSONEncoder().encode(shapes)
    #expect(try JSONDecoder().decode(ConformanceV1.Shapes.self, from: data) == shapes)
  }

  @Test("Input accepts proto names, numbers for 64-bit values, and enum numbers")
  func lenientInput() throws {
    let text = #"{"name_vi": "Cần Giuộc", "level": 2, "validFrom": "2023-01-01"}"#
    let unit = try JSONDecoder().decode(CommonV1.OrgUnit.self, from: Data(text.utf8))
    #expect(unit.nameVi == "Cần Giuộc")
    #expect(unit.level == .district)
    #expect(unit.validFrom == "2023-01-01")
    let money = try JSONDecoder().decode(CommonV1.Money.self, from: Data(#"{"vnd": 1200000000000}"#.utf8))
    #expect(money.vnd == 1_200_000_000_000)
  }

  @Test("An unknown field is an error that names it")
  func unknownField() {
    let text = #"{"nameVi": "x", "nmeEn": "typo"}"#
    #expect(throws: ProtoJSONError.self) {
      try JSONDecoder().decode(CommonV1.OrgUnit.self, from: Data(text.utf8))
    }
  }

  @Test("An unknown enum name is an error that lists the valid names")
  func unknownEnumName() {
    let text = #"{"level": "ORG_LEVEL_CITY"}"#
    do {
      _ = try JSONDecoder().decode(CommonV1.OrgUnit.self, from: Data(text.utf8))
      Issue.record("decoded an unknown enum name")
    } catch {
      #expect("\(error)".contains("ORG_LEVEL_COMMUNE"))
    }
  }

  @Test("Two cases of one oneof are refused")
  func twoOneofCases() {
    let text = #"{"choiceText": "a", "choiceNumber": "1"}"#
    #expect(throws: ProtoJSONError.self) {
      try JSONDecoder().decode(ConformanceV1.Shapes.self, from: Data(text.utf8))
    }
  }
}
