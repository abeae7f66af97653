import DistrictDemo
import DistrictSchema
import DistrictTestSupport
import Finance
import Gateway
import LandClearance
import Testing

@Suite("Gateway report")
struct ReportTests {
  @Test("the Vietnamese report states the article's figures, written the Vietnamese way")
  func vietnamese() async throws {
    try await withDistrict { district in
      let report = try await district.report(.vi)
      #expect(report.language == .vi)
      #expect(report.title.contains("22/11/2023"))
      let text = report.text
      #expect(text.contains("ước đến cuối năm đạt và vượt 15/15 chỉ tiêu"))
      #expect(text.contains("lũy kế đến đầu tháng 11/2023 đạt 96% dự toán tỉnh giao (trên 610/636 tỉ đồng)"))
      #expect(text.contains("đạt 95% dự toán HĐND huyện giao (644 tỉ đồng)"))
      #expect(text.contains("Phước Vĩnh Đông, Tân Tập, Đông Thạnh"))
      #expect(
        text.contains(
          "đã chi trả tiền bồi thường cho \(LandClearanceDemoData.householdsPaid) hộ, 2 tổ chức với gần 113 ha, số tiền trên 1.200 tỉ đồng"
        ))
      #expect(text.contains("vướng mắc cần tháo gỡ"))
    }
  }

  @Test("the English report states the same figures, written the English way")
  func english() async throws {
    try await withDistrict { district in
      let text = try await district.report(.en).text
      #expect(text.contains("estimated to meet or exceed 15 of 15 targets"))
      #expect(
        text.contains("by early November 2023: 96% of the province's estimate (over VND 610 billion of 636 billion)"))
      #expect(text.contains("95% of the district council's (VND 644 billion)"))
      #expect(
        text.contains(
          "compensation had been paid to \(LandClearanceDemoData.householdsPaid) households and 2 organisations for nearly 113 ha, over VND 1,200 billion"
        ))
    }
  }

  @Test("change the data and the report changes")
  func followsTheData() async throws {
    try await withDistrict { district in
      // 25 tỉ more collected in October: 635.7 of 636 tỉ (9,995 bp, shown as 100 %), 98.7 % of 644 tỉ.
      try await district.collect(25 * FinanceDemoData.billion, on: "2023-10-30")
      let vi = try await district.report(.vi).text
      #expect(vi.contains("đạt 100% dự toán tỉnh giao (trên 635/636 tỉ đồng)"))
      #expect(vi.contains("đạt 99% dự toán HĐND huyện giao (644 tỉ đồng)"))
      #expect(!vi.contains("610"))
    }
  }

  @Test("a section whose backend is down is reported as missing, with why, never with invented figures")
  func missingSection() async throws {
    try await withDistrict { district in
      try? await district.landClearance.stop()
      let vi = try await district.report(.vi).text
      #expect(
        vi.contains(
          "Bồi thường, giải phóng mặt bằng: chưa có số liệu (UNAVAILABLE: land-clearance is unavailable; retry later"))
      #expect(!vi.contains("127.0.0.1"), "the backend's address stays in the gateway's log")
      #expect(!vi.contains("1.200"))
      let en = try await district.report(.en).text
      #expect(en.contains("Land clearance: figures unavailable (UNAVAILABLE"))
      #expect(en.contains("15 of 15 targets"))
    }
  }

  @Test("a language that is neither is refused, naming the field")
  func unknownLanguage() async throws {
    try await withDistrict { district in
      await expectRPCError(.invalidArgument, field: "language") {
        _ = try await district.report(.unspecified)
      }
    }
  }
}
