import DistrictRPC
import DistrictSchema
import DistrictTestSupport
import Indicators
import Testing

/// Facts the indicators service refuses because they cannot be (issue 19, point 11; the rules
/// are in docs/INDICATORS.md). The service's "today" is 2023-11-22.
@Suite("Facts that cannot be: indicators")
struct ImpossibleFactsTests {
  @Test("A FINAL result is as of its year's 31 December, and only once that day has come", arguments: TestBackend.all)
  func finalOnlyAfterTheYear(backend: TestBackend) async throws {
    try await withIndicators(backend) { s in
      let admin = Token.options(Token.admin)
      let resolution = try await s.client.unary(
        API.createResolution, .init().with { $0.resolution = sampleResolution() }, options: admin)
      let indicator = try await s.client.unary(
        API.defineIndicator, .init().with { $0.indicator = sampleIndicator(resolutionID: resolution.id) },
        options: admin)
      func record(_ kind: IndicatorsV1.MeasurementKind, asOf: String) async throws -> IndicatorsV1.Measurement {
        try await s.client.unary(
          API.recordMeasurement,
          .init().with { $0.measurement = measurement(indicator.id, 600_000_000_000_000, kind: kind, asOf: asOf) },
          options: Token.options(Token.editor))
      }
      await expectRPCError(.invalidArgument, field: "measurement.as_of") {
        _ = try await record(.final, asOf: "2022-11-30")
      }
      let early = await expectRPCError(.failedPrecondition) { _ = try await record(.final, asOf: "2023-12-31") }
      #expect(early?.message.contains("2023 has not ended") == true)
      #expect(try await record(.final, asOf: "2022-12-31").kind == .final)
      #expect(try await record(.yearEndEstimate, asOf: "2023-11-22").kind == .yearEndEstimate)
    }
  }
}
