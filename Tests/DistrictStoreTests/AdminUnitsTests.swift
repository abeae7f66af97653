import DistrictGeography
import DistrictRPC
import DistrictSchema
import DistrictStore
import DistrictTestSupport
import Testing

@Suite("Administrative units", .timeLimit(.minutes(2)))
struct AdminUnitsTests {
  typealias Geo = ReferenceGeography

  @Test("2023-11-22: Cần Giuộc district under Long An, with its 15 communes", arguments: TestBackend.all)
  func before2025(backend: TestBackend) async throws {
    try await withStore(backend) { store in
      #expect(try await store.adminUnits.seedReferenceGeography())
      let tree = try await store.adminUnits.hierarchy(asOf: "2023-11-22")
      let byID = Dictionary(uniqueKeysWithValues: tree.map { ($0.unit.id, $0) })
      #expect(byID[Geo.longAn]?.parentID == nil)
      #expect(byID[Geo.longAn]?.unit.nameVi == "Long An")
      #expect(byID[Geo.canGiuocDistrict]?.parentID == Geo.longAn)
      #expect(byID[Geo.canGiuocDistrict]?.unit.kind == .district)
      let communes = tree.filter { $0.parentID == Geo.canGiuocDistrict }.map(\.unit)
      #expect(communes.count == 15)
      #expect(Set(communes.map(\.id)) == Set(Geo.oldCommuneIDs))
      #expect(communes.contains { $0.id == "vn.long-an.can-giuoc.phuoc-ly" && $0.nameVi == "Phước Lý" })
      #expect(communes.contains { $0.id == "vn.long-an.can-giuoc.can-giuoc" && $0.kind == .township })
      #expect(byID[Geo.tayNinh] == nil, "the merged Tây Ninh did not exist yet")
      #expect(Geo.newCommuneIDs.allSatisfy { byID[$0] == nil })
      let children = try await store.adminUnits.children(of: Geo.canGiuocDistrict, asOf: "2023-11-22")
      #expect(children.map(\.id) == Geo.oldCommuneIDs.sorted())
      #expect(
        try await store.adminUnits.parent(of: Geo.oldCommune("tan-tap"), asOf: "2023-11-22")?.id == Geo.canGiuocDistrict
      )
    }
  }

  @Test("2025-08-01: the five new communes directly under Tây Ninh, and no district", arguments: TestBackend.all)
  func after2025(backend: TestBackend) async throws {
    try await withStore(backend) { store in
      try await store.adminUnits.seedReferenceGeography()
      let tree = try await store.adminUnits.hierarchy(asOf: "2025-08-01")
      #expect(!tree.contains { $0.unit.kind == .district }, "no district level after 1 July 2025")
      #expect(!tree.contains { $0.unit.id == Geo.longAn || $0.unit.id == Geo.canGiuocDistrict })
      let underTayNinh = tree.filter { $0.parentID == Geo.tayNinh }.map(\.unit)
      #expect(Set(underTayNinh.map(\.id)) == Set(Geo.newCommuneIDs))
      #expect(Set(underTayNinh.map(\.nameVi)) == ["Phước Lý", "Mỹ Lộc", "Cần Giuộc", "Phước Vĩnh Tây", "Tân Tập"])
      #expect(tree.first { $0.unit.id == Geo.tayNinh }?.parentID == nil)
      #expect(tree.count == 6)
      // The boundary days.
      let lastOld = try await store.adminUnits.hierarchy(asOf: Geo.lastDayBeforeReform)
      #expect(lastOld.contains { $0.unit.id == Geo.canGiuocDistrict })
      #expect(!lastOld.contains { $0.unit.id == Geo.tayNinh })
      let firstNew = try await store.adminUnits.hierarchy(asOf: Geo.reformDate)
      #expect(firstNew.contains { $0.unit.id == Geo.tayNinh })
      #expect(!firstNew.contains { $0.unit.id == Geo.canGiuocDistrict })
    }
  }

  @Test("Facts stay on old units; successors re-map them to the units of a later date", arguments: TestBackend.all)
  func successors(backend: TestBackend) async throws {
    try await withStore(backend) { store in
      try await store.adminUnits.seedReferenceGeography()
      let units = store.adminUnits
      let longThuong = try await units.successors(of: Geo.oldCommune("long-thuong"), asOf: "2025-08-01")
      #expect(longThuong.map(\.unit.id) == [Geo.newCommune("phuoc-ly")])
      #expect(longThuong.first?.areaShareBP == 10_000 && longThuong.first?.populationShareBP == 10_000)
      #expect(longThuong.first?.approximate == false)
      // Before the reform the unit is its own successor.
      #expect(
        try await units.successors(of: Geo.oldCommune("long-thuong"), asOf: "2023-11-22").map(\.unit.id) == [
          Geo.oldCommune("long-thuong")
        ])
      #expect(try await units.successors(of: Geo.longAn, asOf: "2025-08-01").map(\.unit.id) == [Geo.tayNinh])
      // The district ended without a successor: its facts re-map through its communes.
      #expect(try await units.successors(of: Geo.canGiuocDistrict, asOf: "2025-08-01").isEmpty)
      // "Long An" the commune is not Long An the province.
      #expect(try await units.unit(id: Geo.oldCommune("long-an"))?.kind == .commune)
      #expect(
        try await units.successors(of: Geo.oldCommune("long-an"), asOf: "2025-08-01").map(\.unit.id) == [
          Geo.newCommune("phuoc-vinh-tay")
        ])
      #expect(try await units.unit(id: "vn.nowhere") == nil)
    }
  }

  @Test(
    "Splits and partial transfers carry shares in basis points and are flagged approximate", arguments: TestBackend.all)
  func partialTransfers(backend: TestBackend) async throws {
    try await withStore(backend) { store in
      let units = store.adminUnits
      let stamp = AuditStamp(subject: "tester", rpc: "/test")
      try await store.transaction { db in
        try await units.add(
          AdminUnit(id: "a", nameVi: "A", kind: .commune, validTo: "2019-12-31"), in: db, stamp: stamp)
        try await units.add(
          AdminUnit(id: "b", nameVi: "B", kind: .commune, validFrom: "2020-01-01"), in: db, stamp: stamp)
        try await units.add(
          AdminUnit(id: "c", nameVi: "C", kind: .commune, validFrom: "2020-01-01"), in: db, stamp: stamp)
        try await units.add(AdminUnit(id: "d", nameVi: "D", kind: .ward, validFrom: "2010-01-01"), in: db, stamp: stamp)
        try await units.recordSuccession(
          AdminSuccession(
            predecessorID: "a", successorID: "b", effectiveOn: "2020-01-01", kind: .split, areaShareBP: 6_000,
            populationShareBP: 7_500),
          in: db, stamp: stamp)
        try await units.recordSuccession(
          AdminSuccession(
            predecessorID: "a", successorID: "c", effectiveOn: "2020-01-01", kind: .split, areaShareBP: 4_000,
            populationShareBP: 2_500),
          in: db, stamp: stamp)
        // Later, c hands 10 % of its area to d, which goes on existing.
        try await units.recordSuccession(
          AdminSuccession(
            predecessorID: "c", successorID: "d", effectiveOn: "2022-01-01", kind: .partialTransfer, areaShareBP: 1_000,
            populationShareBP: 0),
          in: db, stamp: stamp)
      }
      let split = try await units.successors(of: "a", asOf: "2021-01-01")
      #expect(split.map(\.unit.id) == ["b", "c"])
      #expect(split.map(\.areaShareBP) == [6_000, 4_000])
      #expect(split.map(\.populationShareBP) == [7_500, 2_500])
      #expect(split.allSatisfy { $0.approximate })
      let later = try await units.successors(of: "a", asOf: "2023-01-01")
      #expect(later.map(\.unit.id) == ["b", "c", "d"])
      #expect(later.map(\.areaShareBP) == [6_000, 3_600, 400])
      let ownFact = try await units.successors(of: "c", asOf: "2023-01-01", since: "2022-06-01")
      #expect(ownFact.map(\.unit.id) == ["c"], "a transfer before the fact does not apply to it")
      #expect(ownFact.first?.areaShareBP == 10_000)
      #expect(try await store.audit.query(entity: "admin_succession").count == 3)
    }
  }

  @Test("Bad units, parents and successions are refused")
  func validation() async throws {
    try await withStore(.sqlite) { store in
      let units = store.adminUnits
      let stamp = AuditStamp(subject: "tester", rpc: "/test")
      try await units.seedReferenceGeography()
      #expect(try await units.seedReferenceGeography() == false, "seeding twice adds nothing")
      await expectRPCError(.alreadyExists) {
        try await store.transaction { db in
          try await units.add(AdminUnit(id: Geo.longAn, nameVi: "Long An", kind: .province), in: db, stamp: stamp)
        }
      }
      await expectRPCError(.invalidArgument) {
        try await store.transaction { db in
          try await units.add(
            AdminUnit(id: "x", nameVi: "X", kind: .commune, validFrom: "2025-02-30"), in: db, stamp: stamp)
        }
      }
      await expectRPCError(.invalidArgument) {
        try await store.transaction { db in
          try await units.add(
            AdminUnit(id: "x", nameVi: "X", kind: .commune, validFrom: "2025-02-01", validTo: "2025-01-01"), in: db,
            stamp: stamp)
        }
      }
      let clash = await expectRPCError(.failedPrecondition) {
        try await store.transaction { db in
          try await units.setParent(
            child: Geo.oldCommune("phuoc-ly"), parent: Geo.longAn, validFrom: "2024-01-01", validTo: nil, in: db,
            stamp: stamp)
        }
      }
      #expect(clash?.message.contains(Geo.canGiuocDistrict) == true)
      await expectRPCError(.notFound) {
        try await store.transaction { db in
          try await units.setParent(
            child: "vn.nowhere", parent: Geo.longAn, validFrom: nil, validTo: nil, in: db, stamp: stamp)
        }
      }
      await expectRPCError(.invalidArgument) {
        try await store.transaction { db in
          try await units.recordSuccession(
            AdminSuccession(
              predecessorID: Geo.longAn, successorID: Geo.tayNinh, effectiveOn: "2025-07-01", kind: .merge,
              areaShareBP: 10_001),
            in: db, stamp: stamp)
        }
      }
      await expectRPCError(.invalidArgument) { _ = try await units.hierarchy(asOf: "1/7/2025") }
    }
  }
}
