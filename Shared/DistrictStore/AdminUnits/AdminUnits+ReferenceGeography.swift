internal import DistrictGeography

extension AdminUnits {
  /// Adds ``ReferenceGeography`` in one audited transaction, unless it is there already
  /// (safe to run at every start). Returns whether it added it.
  @discardableResult
  public func seedReferenceGeography(
    stamp: AuditStamp = AuditStamp(subject: "system", rpc: "seed:reference-geography")
  ) async throws -> Bool {
    try await store.transaction { db in
      if try await unit(id: ReferenceGeography.longAn, in: db) != nil { return false }
      for unit in ReferenceGeography.units { try await add(unit, in: db, stamp: stamp) }
      for parentage in ReferenceGeography.parentage {
        try await setParent(
          child: parentage.childID, parent: parentage.parentID, validFrom: parentage.validFrom,
          validTo: parentage.validTo, in: db, stamp: stamp)
      }
      for succession in ReferenceGeography.successions {
        try await recordSuccession(succession, in: db, stamp: stamp)
      }
      return true
    }
  }
}
