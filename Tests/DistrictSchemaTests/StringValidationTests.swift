import DistrictSchema
import Testing

@Suite("Strings are UTF-8 without NUL, or refused")
struct StringValidationTests {
  /// Field 14 (`text`) of Scalars, length-delimited, holding `bytes`.
  private func scalarsWithText(_ bytes: [UInt8]) -> [UInt8] {
    [0x72, UInt8(bytes.count)] + bytes
  }

  @Test("Invalid UTF-8 in a string is refused with the field's name")
  func invalidUTF8() throws {
    let error = #expect(throws: SchemaError.self) {
      try ConformanceV1.Scalars(serializedBytes: scalarsWithText([0x61, 0xC3, 0x28]))
    }
    #expect(error == .invalidUTF8(field: "district.conformance.v1.Scalars.text"))
  }

  @Test("A NUL inside a received string is refused, not cut")
  func embeddedNulOnDecode() throws {
    let error = #expect(throws: SchemaError.self) {
      try ConformanceV1.Scalars(serializedBytes: scalarsWithText([0x61, 0x00, 0x62]))
    }
    #expect(error == .embeddedNul(field: "district.conformance.v1.Scalars.text"))
  }

  @Test("A NUL inside a nested string is refused")
  func embeddedNulNested() throws {
    // Shapes.item (2) → Item.name (1) = "a\0b"
    let item: [UInt8] = [0x0A, 3, 0x61, 0x00, 0x62]
    let bytes: [UInt8] = [0x12, UInt8(item.count)] + item
    #expect(throws: SchemaError.embeddedNul(field: "district.conformance.v1.Item.name")) {
      try ConformanceV1.Shapes(serializedBytes: bytes)
    }
  }

  @Test("A NUL in a string to send is refused")
  func embeddedNulOnEncode() {
    var unit = CommonV1.OrgUnit()
    unit.nameVi = "Cần\u{0}Giuộc"
    #expect(throws: SchemaError.embeddedNul(field: "district.common.v1.OrgUnit.name_vi")) {
      try unit.serializedBytes()
    }
  }

  @Test("Bytes fields carry NUL and any byte")
  func bytesCarryAnything() throws {
    var scalars = ConformanceV1.Scalars()
    scalars.blob = Array(0...255)
    #expect(try ConformanceV1.Scalars(serializedBytes: scalars.serializedBytes()).blob == Array(0...255))
  }
}
