internal import DistrictRPC
internal import DistrictSchema
internal import DistrictServiceSupport
internal import DistrictStore
internal import SQLKit

extension FinanceService {
  /// Sets a public-investment project and its capital plan (creates or replaces).
  func setProject(_ request: FinanceV1.SetProjectRequest, _ context: ServerContext) async throws -> FinanceV1.Project {
    guard let project = request.project else { throw RPCError.invalidArgument(field: "project", "is required") }
    try RequestValidation.id(project.id, field: "project.id", required: true)
    try RequestValidation.nonEmpty(project.name, field: "project.name")
    let year = try RequestValidation.year(project.year, field: "project.year")
    _ = try RequestValidation.amount(project.capitalPlan, field: "project.capital_plan", allowZero: true)
    try RequestValidation.nonEmpty(project.basis, field: "project.basis")
    try RequestValidation.commune(project.communeID, inYear: year, field: "project.commune_id")
    return try await store.auditedWrite(context, request: request, entity: "project", entityID: project.id) { db in
      let before = try await FinanceRepository.project(id: project.id, in: db)
      try await FinanceRepository.upsert(project, in: db)
      return (project, before, project.communeID)
    }
  }

  /// Sets a national programme's allocation for a year.
  func setProgrammeAllocation(
    _ request: FinanceV1.SetProgrammeAllocationRequest, _ context: ServerContext
  ) async throws
    -> FinanceV1.ProgrammeAllocation
  {
    guard let allocation = request.allocation else {
      throw RPCError.invalidArgument(field: "allocation", "is required")
    }
    let year = try RequestValidation.year(allocation.year, field: "allocation.year")
    try RequestValidation.known(allocation.programme, field: "allocation.programme")
    _ = try RequestValidation.amount(allocation.allocation, field: "allocation.allocation", allowZero: true)
    try RequestValidation.nonEmpty(allocation.basis, field: "allocation.basis")
    let key = "\(year)/\(allocation.programme.protoName ?? "")"
    return try await store.auditedWrite(context, request: request, entity: "programme_allocation", entityID: key) {
      db in
      let before = try await FinanceRepository.allocations(year: year, in: db).first {
        $0.programme == allocation.programme
      }
      try await FinanceRepository.upsert(allocation, in: db)
      return (allocation, before)
    }
  }

  /// Appends a disbursement for a project or a programme; the idempotency key is required.
  /// A year's capital may be disbursed from 1 January until 31 January of the next year.
  func recordDisbursement(
    _ request: FinanceV1.RecordDisbursementRequest, _ context: ServerContext
  ) async throws
    -> FinanceV1.Disbursement
  {
    try RequestValidation.requireIdempotencyKey(context)
    guard var disbursement = request.disbursement else {
      throw RPCError.invalidArgument(field: "disbursement", "is required")
    }
    try RequestValidation.id(disbursement.id, field: "disbursement.id")
    let date = try CalendarDate.parse(disbursement.disbursedOn, field: "disbursement.disbursed_on")
    try RequestValidation.id(disbursement.projectID, field: "disbursement.project_id")
    try RequestValidation.known(disbursement.programme, field: "disbursement.programme", allowUnspecified: true)
    _ = try RequestValidation.amount(disbursement.amount, field: "disbursement.amount")
    guard disbursement.projectID.isEmpty != (disbursement.programme == .unspecified) else {
      throw RPCError.invalidArgument(field: "disbursement.project_id", "give exactly one of project_id and programme")
    }
    if disbursement.programme != .unspecified {
      _ = try RequestValidation.year(disbursement.year, field: "disbursement.year")
      try RequestValidation.scope(context, commune: "", what: "programme disbursements")
    } else if disbursement.year != 0 {
      _ = try RequestValidation.year(disbursement.year, field: "disbursement.year")
    }
    disbursement.id = RequestValidation.idOrNew(disbursement.id)
    disbursement.recorded = CommonV1.AuditStamp(context)
    let draft = disbursement
    let dialect = store.dialect
    return try await store.auditedWrite(context, request: request, entity: "disbursement", entityID: draft.id) { db in
      var stored = draft
      // Disbursements of one plan wait for each other, so two cannot both fit what is left.
      if let lock = dialect.lockStatement(key: "disbursement:\(stored.projectID):\(stored.programme.rawValue)") {
        try await db.raw(lock).run()
      }
      let plan: (amount: Int64, name: String)
      var commune: String?
      if !stored.projectID.isEmpty {
        guard let project = try await FinanceRepository.project(id: stored.projectID, in: db) else {
          throw RPCError.notFound("project", id: stored.projectID)
        }
        plan = (project.capitalPlan?.vnd ?? 0, "the capital plan of project '\(project.id)'")
        try RequestValidation.scope(context, commune: project.communeID, what: "disbursements")
        commune = project.communeID
        if stored.year == 0 { stored.year = project.year }
        guard stored.year == project.year else {
          throw RPCError.invalidArgument(
            field: "disbursement.year",
            "\(stored.year) is not the capital year \(project.year) of project '\(project.id)'")
        }
      } else {
        let allocations = try await FinanceRepository.allocations(year: Int(stored.year), in: db)
        guard let allocation = allocations.first(where: { $0.programme == stored.programme }) else {
          throw RPCError.notFound("allocation of \(stored.programme.protoName ?? "") for", id: String(stored.year))
        }
        plan = (
          allocation.allocation?.vnd ?? 0,
          "the \(stored.year) allocation of \(FinanceService.programmeName(stored.programme))"
        )
      }
      let year = Int(stored.year)
      let last = CalendarDate(year: year + 1, month: 1, day: 31)
      guard date >= CalendarDate.startOfYear(year), date <= last else {
        throw RPCError.invalidArgument(
          field: "disbursement.disbursed_on", "'\(date)': capital of \(year) is disbursed from \(year)-01-01 to \(last)"
        )
      }
      if try await FinanceRepository.disbursementExists(id: stored.id, in: db) {
        throw RPCError(.alreadyExists, "disbursement '\(stored.id)' already exists", details: ["id": stored.id])
      }
      // The State Treasury pays only within the capital plan assigned (Law on Public Investment,
      // 39/2019/QH14 in 2023, now 58/2024/QH15; Decree 99/2021/ND-CP on paying public investment
      // capital): a payment beyond it waits for the plan to be raised, as its own audited write.
      let disbursed = try await FinanceRepository.disbursed(year: year, through: last, in: db)
      let already =
        stored.projectID.isEmpty
        ? disbursed.programmes[stored.programme.rawValue] ?? 0 : disbursed.projects[stored.projectID] ?? 0
      let amount = stored.amount?.vnd ?? 0
      guard try Amounts.add(already, amount) <= plan.amount else {
        throw RPCError(
          .failedPrecondition,
          "\(amount) VND is more than what is left of \(plan.name): \(plan.amount) VND planned, \(already) disbursed, "
            + "\(max(0, plan.amount - already)) left; raise the plan first (SetProject / SetProgrammeAllocation)",
          details: ["left_vnd": String(max(0, plan.amount - already))])
      }
      guard try await FinanceRepository.insert(stored, in: db) else {
        throw RPCError(.alreadyExists, "disbursement '\(stored.id)' already exists", details: ["id": stored.id])
      }
      return (stored, nil, commune)
    }
  }

  /// Disbursement rates as of a date: the public-investment total, each project and each
  /// national programme, each with the plan it divides by.
  func getDisbursement(
    _ request: FinanceV1.GetDisbursementRequest, _ context: ServerContext
  ) async throws
    -> FinanceV1.GetDisbursementResponse
  {
    let year = try RequestValidation.year(request.year, field: "year")
    var date: CalendarDate
    if request.asOf.isEmpty {
      date = min(today(), CalendarDate(year: year + 1, month: 1, day: 31))
    } else {
      date = try CalendarDate.parse(request.asOf, field: "as_of")
      guard date.year >= year else {
        throw RPCError.invalidArgument(field: "as_of", "'\(date)' is before budget year \(year)")
      }
    }
    let cutoff = date
    let (projects, allocations, disbursed) = try await store.read { db in
      (
        try await FinanceRepository.projects(year: year, in: db),
        try await FinanceRepository.allocations(year: year, in: db),
        try await FinanceRepository.disbursed(year: year, through: cutoff, in: db)
      )
    }
    func line(_ id: String, _ name: String, _ plan: Int64, _ paid: Int64, _ basis: String) -> FinanceV1.DisbursementLine
    {
      FinanceV1.DisbursementLine().with {
        $0.id = id
        $0.name = name
        $0.plan = CommonV1.Money().with { $0.vnd = plan }
        $0.disbursed = CommonV1.Money().with { $0.vnd = paid }
        $0.disbursedBp = BasisPoints.rate(paid, of: plan)
        $0.basis = basis
      }
    }
    let projectLines = projects.map {
      line($0.id, $0.name, $0.capitalPlan?.vnd ?? 0, disbursed.projects[$0.id] ?? 0, $0.basis)
    }
    let bases = Set(projects.map(\.basis))
    let totalBasis =
      bases.count == 1
      ? "\(bases.first!) (\(projects.count) dự án)"
      : "tổng kế hoạch vốn đầu tư công năm \(year) của \(projects.count) dự án"
    return try FinanceV1.GetDisbursementResponse().with {
      $0.publicInvestment = line(
        "public-investment", "Vốn đầu tư công năm \(year)",
        try Amounts.sum(projects.lazy.map { $0.capitalPlan?.vnd ?? 0 }),
        try Amounts.sum(projects.lazy.map { disbursed.projects[$0.id] ?? 0 }), totalBasis)
      $0.projects = projectLines
      $0.asOf = cutoff.description
      $0.nationalProgrammes = allocations.map {
        line(
          FinanceService.programmeID($0.programme), FinanceService.programmeName($0.programme),
          $0.allocation?.vnd ?? 0, disbursed.programmes[$0.programme.rawValue] ?? 0, $0.basis)
      }
    }
  }

  /// A programme's id in views: `new-rural-development`, `sustainable-poverty-reduction`.
  static func programmeID(_ programme: FinanceV1.NationalProgramme) -> String {
    switch programme {
    case .newRuralDevelopment: "new-rural-development"
    case .sustainablePovertyReduction: "sustainable-poverty-reduction"
    default: "programme-\(programme.rawValue)"
    }
  }

  /// A programme's Vietnamese name.
  static func programmeName(_ programme: FinanceV1.NationalProgramme) -> String {
    switch programme {
    case .newRuralDevelopment: "Chương trình MTQG xây dựng nông thôn mới"
    case .sustainablePovertyReduction: "Chương trình MTQG giảm nghèo bền vững"
    default: "Chương trình \(programme.rawValue)"
    }
  }
}
