/// Free text from the services (names, titles, messages) as the report may carry it.
///
/// The report is an official document; the text in it comes partly from whoever could write a
/// record (a clerk names a party or a project). Such text is data: it may not break a line, start
/// a paragraph, or hide characters, and a name is quoted so that it reads as a name, not as the
/// report's own words.
enum ReportText {
  /// The longest name the report quotes; a longer one is cut with "…".
  static let maximumQuotedLength = 80

  /// `text` on one line: every control, format (bidirectional overrides, zero-width), line or
  /// paragraph separator character becomes a space, runs of white space one space.
  static func oneLine(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    var pendingSpace = false
    for scalar in text.unicodeScalars {
      let breaksLine: Bool
      switch scalar.properties.generalCategory {
      case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator: breaksLine = true
      default: breaksLine = scalar.properties.isWhitespace
      }
      if breaksLine {
        pendingSpace = !result.isEmpty
        continue
      }
      if pendingSpace {
        result.unicodeScalars.append(" ")
        pendingSpace = false
      }
      result.unicodeScalars.append(scalar)
    }
    return result
  }

  /// A name as the report quotes it: on one line, at most ``maximumQuotedLength`` characters,
  /// between quotation marks: “Khu công nghiệp Tân Tập”.
  static func quoted(_ name: String) -> String {
    let line = oneLine(name)
    let cut = line.count > maximumQuotedLength ? line.prefix(maximumQuotedLength - 1) + "…" : Substring(line)
    return "“\(cut)”"
  }
}
