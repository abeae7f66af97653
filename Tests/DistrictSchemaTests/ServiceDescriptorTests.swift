import DistrictSchema
import Testing

@Suite("Service descriptors")
struct ServiceDescriptorTests {
  @Test("Full method names and message types")
  func financeDescriptor() {
    let method = FinanceV1.FinanceService.getRevenueSummary
    #expect(method.fullName == "/district.finance.v1.Finance/GetRevenueSummary")
    #expect(method.serviceName == "district.finance.v1.Finance")
    #expect(method.methodName == "GetRevenueSummary")
    #expect(method.kind == .unary)
    let erased = FinanceV1.FinanceService.methods.first { $0.fullName == method.fullName }
    #expect(erased?.requestType.protoName == "district.finance.v1.GetRevenueSummaryRequest")
    #expect(erased?.responseType.protoName == "district.finance.v1.RevenueSummary")
  }

  @Test("Streaming methods are marked")
  func streaming() {
    #expect(HealthV1.HealthService.watch.kind == .serverStreaming)
    #expect(IndicatorsV1.IndicatorsService.watchScorecard.kind == .serverStreaming)
    #expect(
      GatewayV1.GatewayService.methods.map(\.fullName) == [
        "/district.gateway.v1.Gateway/GetOverview",
        "/district.gateway.v1.Gateway/WatchOverview",
        "/district.gateway.v1.Gateway/GetReport",
      ])
  }
}
