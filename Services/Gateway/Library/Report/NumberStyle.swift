/// How a language writes whole numbers: "1.200" in Vietnamese, "1,200" in English.
struct NumberStyle: Sendable {
  let groupSeparator: Character

  static let vietnamese = NumberStyle(groupSeparator: ".")
  static let english = NumberStyle(groupSeparator: ",")

  /// `value` with its thousands grouped.
  func integer(_ value: Int64) -> String {
    let digits = String(value.magnitude)
    var grouped = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(groupSeparator) }
      grouped.append(digit)
    }
    return value < 0 ? "-" + grouped : grouped
  }
}
