internal import DistrictGeography
public import DistrictRPC
internal import DistrictSchema

/// The demo data of the Finance service: Cần Giuộc's 2023 revenue as the article of Báo Long An
/// (22/11/2023) reports it — "lũy kế đến đầu tháng 11 … đạt trên 96 % dự toán tỉnh giao (trên
/// 610/636 tỉ đồng), đạt 95 % dự toán HĐND huyện giao (644 tỉ đồng)" — with illustrative
/// sources, communes, earlier years, projects and the two national target programmes
/// (``FinanceDemoData``).
///
/// ``seed(_:options:)`` writes it through the RPCs with fixed ids and idempotency keys, so
/// running it twice changes nothing.
public enum FinanceDemo {
  /// Writes the demo data through `client` (an admin's token in `options`).
  public static func seed(_ client: RPCClient, options: CallOptions) async throws {
    let data = FinanceDemoData.self
    let service = FinanceV1.FinanceService.self
    func call<Request, Response>(
      _ method: MethodDescriptor<Request, Response>, _ request: Request, key: String
    )
      async throws
    {
      var options = options
      options.metadata.replace(MetadataKey.idempotencyKey, "finance-demo/\(key)")
      do {
        _ = try await client.unary(method, request, options: options)
      } catch let error as RPCError
        where error.code == .alreadyExists
        || (error.code == .failedPrecondition && error.details["idempotency-key"] != nil)
      {
        // Written by an earlier run (whose key has expired, or another caller's): nothing to change.
      }
    }
    func money(_ vnd: Int64) -> CommonV1.Money { CommonV1.Money().with { $0.vnd = vnd } }

    for year in data.earlierYears + [data.year] {
      for source in data.sources {
        let request = FinanceV1.SetRevenueSourceRequest().with {
          $0.source = FinanceV1.RevenueSource().with {
            $0.year = year
            $0.code = source.code
            $0.nameVi = source.nameVi
            $0.nameEn = source.nameEn
            $0.countsTowardBalanced = source.balanced
            $0.isLandUseFee = source.landUseFee
            $0.isLottery = source.lottery
          }
        }
        try await call(service.setRevenueSource, request, key: "source/\(year)/\(source.code)")
      }
    }

    func estimate(_ issuer: FinanceV1.EstimateIssuer, _ source: String, _ commune: String, _ amount: Int64) async throws
    {
      let request = FinanceV1.SetEstimateRequest().with {
        $0.estimate = FinanceV1.Estimate().with {
          $0.year = data.year
          $0.issuer = issuer
          $0.sourceCode = source
          $0.communeID = commune
          $0.amount = money(amount)
        }
      }
      try await call(service.setEstimate, request, key: "estimate/\(data.year)/\(issuer.rawValue)/\(source)/\(commune)")
    }
    try await estimate(.province, "", "", data.provinceEstimate)
    try await estimate(.districtCouncil, "", "", data.councilEstimate)
    for source in data.sources {
      try await estimate(.province, source.code, "", source.province)
      try await estimate(.districtCouncil, source.code, "", source.council)
    }
    for commune in data.communes {
      for (index, code) in data.communeSources.enumerated() {
        try await estimate(.districtCouncil, code, commune.id, commune.estimates[index] * FinanceDemoData.million)
      }
    }

    func collect(year: Int32, source: String, commune: String, label: String, total: Int64, months: Int) async throws {
      for (month, amount) in spread(total, months: months).enumerated() where amount > 0 {
        let monthText = month + 1 < 10 ? "0\(month + 1)" : "\(month + 1)"
        let id = "demo-\(year)-\(source)-\(label)-\(monthText)"
        let request = FinanceV1.RecordCollectionRequest().with {
          $0.collection = FinanceV1.Collection().with {
            $0.id = id
            $0.collectedOn = "\(year)-\(monthText)-20"
            $0.sourceCode = source
            $0.communeID = commune
            $0.amount = money(amount)
            $0.note = "demo (illustrative)"
          }
        }
        try await call(service.recordCollection, request, key: "collection/\(id)")
      }
    }
    for (year, totals) in data.earlierYearTotals.sorted(by: { $0.key < $1.key }) {
      for (source, total) in totals {
        try await collect(
          year: year, source: source, commune: "", label: "district", total: total * FinanceDemoData.million, months: 12
        )
      }
    }
    for source in data.sources {
      var districtLevel = source.collected
      if let index = data.communeSources.firstIndex(of: source.code) {
        for commune in data.communes {
          let amount = commune.estimates[index] * FinanceDemoData.million * commune.collectedPercent / 100
          districtLevel -= amount
          try await collect(
            year: data.year, source: source.code, commune: commune.id, label: commune.slug, total: amount, months: 10)
        }
      }
      try await collect(
        year: data.year, source: source.code, commune: "", label: "district", total: districtLevel, months: 10)
    }

    try await call(
      service.setYearEndEstimate, FinanceV1.SetYearEndEstimateRequest().with { $0.estimate = data.yearEndEstimate },
      key: "year-end/\(data.year)/\(data.yearEndEstimate.estimatedOn)")

    func disburse(
      _ id: String, on date: String, project: String, programme: FinanceV1.NationalProgramme, _ amount: Int64
    )
      async throws
    {
      let request = FinanceV1.RecordDisbursementRequest().with {
        $0.disbursement = FinanceV1.Disbursement().with {
          $0.id = id
          $0.disbursedOn = date
          $0.projectID = project
          $0.programme = programme
          $0.year = data.year
          $0.amount = money(amount * FinanceDemoData.million)
          $0.note = "demo (illustrative)"
        }
      }
      try await call(service.recordDisbursement, request, key: "disbursement/\(id)")
    }
    let dates = ["2023-06-30", "2023-10-31"]
    for project in data.projects {
      try await call(
        service.setProject, FinanceV1.SetProjectRequest().with { $0.project = project }, key: "project/\(project.id)")
      for (index, amount) in (data.projectDisbursements[project.id] ?? []).enumerated() {
        try await disburse(
          "demo-\(project.id)-\(index + 1)", on: dates[index], project: project.id, programme: .unspecified, amount)
      }
    }
    for (programme, allocation, payments) in data.programmes {
      let request = FinanceV1.SetProgrammeAllocationRequest().with {
        $0.allocation = FinanceV1.ProgrammeAllocation().with {
          $0.year = data.year
          $0.programme = programme
          $0.allocation = money(allocation * FinanceDemoData.million)
          $0.basis = "vốn Chương trình MTQG năm 2023 tỉnh phân bổ (illustrative)"
        }
      }
      try await call(service.setProgrammeAllocation, request, key: "programme/\(data.year)/\(programme.rawValue)")
      for (index, amount) in payments.enumerated() {
        try await disburse(
          "demo-\(slug(programme))-\(index + 1)", on: dates[index], project: "",
          programme: programme, amount)
      }
    }
  }

  /// The programme in the demo's disbursement ids (`demo-new-rural-development-1`).
  private static func slug(_ programme: FinanceV1.NationalProgramme) -> String {
    switch programme {
    case .newRuralDevelopment: "new-rural-development"
    case .sustainablePovertyReduction: "sustainable-poverty-reduction"
    default: "programme-\(programme.rawValue)"
    }
  }

  /// `total` over the first `months` months in proportion to ``FinanceDemoData/monthlyPercent``;
  /// the last month takes the rounding remainder, so the parts add up exactly.
  static func spread(_ total: Int64, months: Int) -> [Int64] {
    let weights = Array(FinanceDemoData.monthlyPercent.prefix(months))
    let sum = weights.reduce(0, +)
    var parts = weights.map { total * $0 / sum }
    parts[parts.count - 1] += total - parts.reduce(0, +)
    return parts
  }
}
