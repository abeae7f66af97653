internal import DistrictSchema

/// How far back a case may be dated: land is recovered for a project only once the province has
/// approved the district's annual land-use plan that includes it ("kế hoạch sử dụng đất hằng năm
/// cấp huyện", a ground for recovery under Land Law 2013, 45/2013/QH13, art. 63, and its 2024
/// successor), so no case of the project is notified before that date. A project that does not
/// say when is bounded by the day the procedure the service follows became law.
enum LandUsePlan {
  /// 2014-07-01: Land Law 2013 took effect, with the notice → inventory → plan → decision →
  /// payment → hand-over procedure the steps model.
  static let procedureInForce = CalendarDate(year: 2014, month: 7, day: 1)

  /// The earliest date a case of `project` may be notified.
  static func earliestNotice(_ project: LandClearanceV1.Project) -> CalendarDate {
    CalendarDate(project.landUsePlanOn).map { max($0, procedureInForce) } ?? procedureInForce
  }
}
