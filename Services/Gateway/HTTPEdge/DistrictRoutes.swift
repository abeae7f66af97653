public import DistrictRPC
internal import DistrictSchema

extension EdgeRoutes {
  /// The district's routes: each service's methods to the executable that serves it, the
  /// health service to the gateway's own (`/indicators/district.health.v1.Health/Check` for a
  /// backend's), the audit log to the gateway's merge of the three (one service's own with a
  /// routing prefix, `/finance/district.audit.v1.Audit/ListAuditEntries`), and the change feed,
  /// which every service with a database serves, only with a routing prefix
  /// (`/finance/district.changes.v1.Changes/Watch`).
  ///
  /// - Parameter gateway: a client of the gateway's own binary listener.
  public static func district(
    gateway: RPCClient, indicators: RPCClient, landClearance: RPCClient, finance: RPCClient
  ) -> EdgeRoutes {
    EdgeRoutes(
      backends: [
        .init(name: "gateway", client: gateway), .init(name: "indicators", client: indicators),
        .init(name: "land-clearance", client: landClearance), .init(name: "finance", client: finance),
      ],
      owners: [
        GatewayV1.GatewayService.name: "gateway", HealthV1.HealthService.name: "gateway",
        AuditV1.AuditService.name: "gateway",
        IndicatorsV1.IndicatorsService.name: "indicators", LandClearanceV1.LandClearanceService.name: "land-clearance",
        FinanceV1.FinanceService.name: "finance",
      ])
  }
}
