import DistrictSchema
import Foundation
import Testing

@Suite("Byte compatibility with protoc's reference encoding")
struct ReferenceEncodingTests {
  private func protocEncode(_ type: String, _ textFormat: Data) throws -> [UInt8] {
    let bytes = try run(
      "protoc", ["--encode=\(type)", "-Iproto", "proto/district/conformance/v1/shapes.proto"],
      input: textFormat)
    return [UInt8](bytes)
  }

  @Test("protoc's encoding of the fixture equals ours, and decodes to the same value")
  func fixtureMatchesProtoc() throws {
    let text = try Data(
      contentsOf: repositoryRoot.appendingPathComponent(
        "Tests/DistrictSchemaTests/Fixtures/shapes.txtpb"))
    let reference = try protocEncode("district.conformance.v1.Shapes", text)
    let expected = fixtureShapes()
    #expect(try expected.serializedBytes() == reference)
    #expect(try ConformanceV1.Shapes(serializedBytes: reference) == expected)
  }

  @Test("Maps with many entries decode from protoc's encoding")
  func multiEntryMaps() throws {
    let entries = (0..<50).map { "totals { key: \"k\($0)\" value: \($0 * 1_000_000_007) }" }
    let reference = try protocEncode("district.conformance.v1.Shapes", Data(entries.joined(separator: "\n").utf8))
    let decoded = try ConformanceV1.Shapes(serializedBytes: reference)
    #expect(decoded.totals.count == 50)
    let last: Int64? = decoded.totals["k49"]
    #expect(last == Int64(49_000_000_343))
  }

  @Test("protoc reads our encoding as it reads its own")
  func protocDecodesOurs() throws {
    let text = try Data(
      contentsOf: repositoryRoot.appendingPathComponent(
        "Tests/DistrictSchemaTests/Fixtures/shapes.txtpb"))
    let reference = try protocEncode("district.conformance.v1.Shapes", text)
    let decode = ["--decode=district.conformance.v1.Shapes", "-Iproto", "proto/district/conformance/v1/shapes.proto"]
    let theirs = try run("protoc", decode, input: Data(reference))
    let ours = try run("protoc", decode, input: Data(try fixtureShapes().serializedBytes()))
    #expect(String(decoding: ours, as: UTF8.self) == String(decoding: theirs, as: UTF8.self))
    #expect(String(decoding: ours, as: UTF8.self).contains("i64: -9223372036854775808"))
  }
}
