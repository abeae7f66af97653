internal import DistrictRPC
internal import DistrictSchema
internal import DistrictServiceSupport
internal import DistrictStore

extension FinanceService {
  /// Appends a collection. The idempotency key is required: a retried collection is counted once.
  func recordCollection(
    _ request: FinanceV1.RecordCollectionRequest, _ context: ServerContext
  ) async throws
    -> FinanceV1.Collection
  {
    try RequestValidation.requireIdempotencyKey(context)
    guard var collection = request.collection else {
      throw RPCError.invalidArgument(field: "collection", "is required")
    }
    try RequestValidation.id(collection.id, field: "collection.id")
    let date = try CalendarDate.parse(collection.collectedOn, field: "collection.collected_on")
    let year = try RequestValidation.year(Int32(clamping: date.year), field: "collection.collected_on")
    try requireNotAfterToday(
      date, field: "collection.collected_on", what: "a collection is recorded once the money is received")
    try RequestValidation.id(collection.sourceCode, field: "collection.source_code", required: true)
    try RequestValidation.commune(collection.communeID, on: date.description, field: "collection.commune_id")
    _ = try RequestValidation.amount(collection.amount, field: "collection.amount")
    guard collection.reversesCollectionID.isEmpty else {
      throw RPCError.invalidArgument(
        field: "collection.reverses_collection_id", "a reversing entry is made with CorrectCollection")
    }
    try RequestValidation.scope(context, commune: collection.communeID, what: "collections")
    collection.id = RequestValidation.idOrNew(collection.id)
    collection.recorded = CommonV1.AuditStamp(context)
    let stored = collection
    return try await store.auditedWrite(context, request: request, entity: "collection", entityID: stored.id) { db in
      guard let source = try await FinanceRepository.source(year: year, code: stored.sourceCode, in: db) else {
        throw RPCError.invalidArgument(
          field: "collection.source_code", "'\(stored.sourceCode)' is not a revenue source configured for \(year)")
      }
      // Lottery revenue is the province's lottery company's, allocated to the district's budget
      // for investment (Law on the State Budget 83/2015/QH13, art. 37): no commune collects it.
      if source.isLottery, !stored.communeID.isEmpty {
        throw RPCError.invalidArgument(
          field: "collection.commune_id",
          "'\(stored.sourceCode)' is lottery revenue, allocated to the district as a whole, never a commune's: leave commune_id empty"
        )
      }
      if try await FinanceRepository.collectionExists(id: stored.id, in: db) {
        throw RPCError(
          .alreadyExists, "collection '\(stored.id)' already exists; a correction is made with CorrectCollection",
          details: ["id": stored.id])
      }
      try await Self.requireWritable(
        commune: stored.communeID, date: date, what: "collection '\(stored.id)' of \(date)", in: db, store: store)
      guard try await FinanceRepository.insert(stored, year: year, in: db) else {
        throw RPCError(.alreadyExists, "collection '\(stored.id)' already exists", details: ["id": stored.id])
      }
      return (stored, nil, stored.communeID)
    }
  }

  /// Appends the reversing entry of a collection: same source, commune and year, the negated
  /// amount, referring to the original. A collection is corrected at most once, and a
  /// reversing entry is not corrected.
  func correctCollection(
    _ request: FinanceV1.CorrectCollectionRequest, _ context: ServerContext
  ) async throws
    -> FinanceV1.Collection
  {
    try RequestValidation.requireIdempotencyKey(context)
    try RequestValidation.id(request.collectionID, field: "collection_id", required: true)
    try RequestValidation.nonEmpty(request.reason, field: "reason")
    try RequestValidation.id(request.correctionID, field: "correction_id")
    let correctedOn =
      try request.correctedOn.isEmpty ? nil : CalendarDate.parse(request.correctedOn, field: "corrected_on")
    if let correctedOn {
      try requireNotAfterToday(correctedOn, field: "corrected_on", what: "a correction is dated when it is made")
    }
    let correctionID = RequestValidation.idOrNew(request.correctionID)
    let stamp = CommonV1.AuditStamp(context)
    return try await store.auditedWrite(context, request: request, entity: "collection", entityID: correctionID) { db in
      guard let original = try await FinanceRepository.collection(id: request.collectionID, in: db) else {
        throw RPCError.notFound("collection", id: request.collectionID)
      }
      try RequestValidation.scope(context, commune: original.collection.communeID, what: "corrections")
      guard original.collection.reversesCollectionID.isEmpty else {
        throw RPCError(
          .failedPrecondition,
          "collection '\(request.collectionID)' is itself a correction; record a new collection instead")
      }
      guard !original.isReversed else {
        throw RPCError(
          .failedPrecondition, "collection '\(request.collectionID)' has already been corrected",
          details: ["id": request.collectionID])
      }
      if let correctedOn, correctedOn.year != original.year {
        throw RPCError.invalidArgument(
          field: "corrected_on", "'\(correctedOn)' is not in \(original.year), the year of the collection")
      }
      // A correction takes effect from its date on; one dated before the collection would take
      // away, between the two dates, money that was not yet counted (the summary would fall
      // below what had been collected). Land clearance refuses the same for payments.
      if let correctedOn, let collected = CalendarDate(original.collection.collectedOn), correctedOn < collected {
        throw RPCError.invalidArgument(
          field: "corrected_on",
          "'\(correctedOn)' is before \(collected), the date of the collection it corrects: a correction is dated on or after it"
        )
      }
      if try await FinanceRepository.collectionExists(id: correctionID, in: db) {
        throw RPCError(.alreadyExists, "collection '\(correctionID)' already exists", details: ["id": correctionID])
      }
      let reversal = FinanceV1.Collection().with {
        $0.id = correctionID
        $0.collectedOn = correctedOn?.description ?? original.collection.collectedOn
        $0.sourceCode = original.collection.sourceCode
        $0.communeID = original.collection.communeID
        $0.amount = CommonV1.Money().with { $0.vnd = -(original.collection.amount?.vnd ?? 0) }
        $0.reversesCollectionID = original.collection.id
        $0.note = request.reason
        $0.recorded = stamp
      }
      // Approved figures change only after a reopening: neither the collection's month nor the
      // correction's may be approved.
      for date in Set([original.collection.collectedOn, reversal.collectedOn]).compactMap(CalendarDate.init).sorted() {
        try await Self.requireWritable(
          commune: original.collection.communeID, date: date,
          what: "the correction of collection '\(original.collection.id)' (\(date))", in: db, store: store)
      }
      guard try await FinanceRepository.insert(reversal, year: original.year, in: db) else {
        // A concurrent correction of the same collection committed first.
        throw RPCError(
          .failedPrecondition, "collection '\(request.collectionID)' has already been corrected",
          details: ["id": request.collectionID])
      }
      return (reversal, nil, original.collection.communeID)
    }
  }
}
