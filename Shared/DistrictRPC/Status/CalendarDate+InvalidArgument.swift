public import DistrictSchemaCore

extension CalendarDate {
  /// The date `text` names, or `INVALID_ARGUMENT` naming `field` unless it is a real date
  /// written `YYYY-MM-DD`.
  public static func parse(_ text: String, field: String) throws(RPCError) -> CalendarDate {
    guard let date = CalendarDate(text) else {
      throw RPCError.invalidArgument(field: field, notADate(text))
    }
    return date
  }
}
