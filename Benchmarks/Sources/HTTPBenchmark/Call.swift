import BenchmarkSupport
import DistrictRPC
import DistrictSchema
import Foundation

/// A call the benchmark makes, in each of the forms it is made: over the HTTP edge with a JSON
/// or a proto body, and over DistrictRPC to the service that owns the method.
enum Call: String, CaseIterable, Sendable {
  case listResolutions = "ListResolutions"
  case getOverview = "GetOverview"

  /// The edge's path: `/<service>/<method>`.
  var path: String {
    switch self {
    case .listResolutions: "/\(IndicatorsV1.IndicatorsService.name)/ListResolutions"
    case .getOverview: "/\(GatewayV1.GatewayService.name)/GetOverview"
    }
  }

  /// The request in protobuf's JSON mapping, as a Connect client sends it.
  var json: String {
    switch self {
    case .listResolutions: #"{"year":2023}"#
    case .getOverview: #"{"year":2023,"asOf":"2023-11-22","revenueAsOf":"2023-11-01"}"#
    }
  }

  /// The same request in the binary encoding.
  func proto() throws -> [UInt8] {
    switch self {
    case .listResolutions: try listResolutionsRequest.serializedBytes()
    case .getOverview: try overviewRequest.serializedBytes()
    }
  }

  /// Which backend owns the method: the service a direct call goes to.
  var owner: String {
    switch self {
    case .listResolutions: "indicators"
    case .getOverview: "gateway"
    }
  }

  /// Makes the call once over DistrictRPC and checks that it was answered.
  func direct(_ client: RPCClient, options: CallOptions) async throws {
    switch self {
    case .listResolutions:
      let answer = try await client.unary(
        IndicatorsV1.IndicatorsService.listResolutions, listResolutionsRequest, options: options)
      guard !answer.resolutions.isEmpty else {
        throw BenchError("ListResolutions answered no resolution: is the demo loaded?")
      }
    case .getOverview:
      _ = try await client.unary(GatewayV1.GatewayService.getOverview, overviewRequest, options: options)
    }
  }

  private var listResolutionsRequest: IndicatorsV1.ListResolutionsRequest {
    IndicatorsV1.ListResolutionsRequest().with { $0.year = 2023 }
  }

  private var overviewRequest: GatewayV1.GetOverviewRequest {
    GatewayV1.GetOverviewRequest().with {
      $0.year = 2023
      $0.asOf = "2023-11-22"
      $0.revenueAsOf = "2023-11-01"
    }
  }
}
