import DistrictRPC
import DistrictSchema
import DistrictTestSupport
import Testing

@Suite("Calendar dates in requests")
struct CalendarDateParseTests {
  @Test("parse refuses a malformed date with INVALID_ARGUMENT naming the field")
  func parseThrows() async throws {
    #expect(try CalendarDate.parse("2023-11-22", field: "as_of") == CalendarDate(year: 2023, month: 11, day: 22))
    let error = await expectRPCError(.invalidArgument) { _ = try CalendarDate.parse("2023-13-01", field: "as_of") }
    #expect(error?.message == "as_of: '2023-13-01' is not a date written YYYY-MM-DD")
  }
}
