/// Plain-text formatting of the results.
enum Report {
  /// `value` with `decimals` digits after the point.
  static func fixed(_ value: Double, _ decimals: Int = 1) -> String {
    guard value.isFinite else { return "n/a" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = Int((abs(value) * scale).rounded())
    let whole = String(scaled / Int(scale))
    let sign = value < 0 && scaled != 0 ? "-" : ""
    guard decimals > 0 else { return sign + whole }
    let fraction = String(scaled % Int(scale))
    return sign + whole + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
  }

  /// A ratio such as `1.07×`.
  static func ratio(_ numerator: Double, _ denominator: Double) -> String {
    fixed(numerator / denominator, 2) + "×"
  }

  /// Left-aligns `text` in `width` columns.
  static func left(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(width - text.count, 0))
  }

  /// Right-aligns `text` in `width` columns.
  static func right(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(width - text.count, 0)) + text
  }

  /// A table with a header row, first column left-aligned and the others right-aligned.
  static func table(_ header: [String], _ rows: [[String]]) -> String {
    let all = [header] + rows
    let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { column, cell in
        column == 0 ? left(cell, widths[column]) : right(cell, widths[column])
      }.joined(separator: "   ")
    }
    let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "   ")
    return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
  }
}
