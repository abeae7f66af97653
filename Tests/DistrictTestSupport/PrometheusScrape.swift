/// A scrape in Prometheus' text format, parsed into its samples, for tests to read series by
/// name and labels.
public struct PrometheusScrape: Sendable {
  /// One sample: `name{label="value",…} value`.
  public struct Sample: Sendable, Equatable {
    public let name: String
    public let labels: [String: String]
    public let value: Double
  }

  public let samples: [Sample]

  /// Parses `text`; comment lines (`# HELP`, `# TYPE`) and blank lines are skipped, a line that
  /// is not a sample is an error.
  public init(_ text: String) throws {
    var samples: [Sample] = []
    for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
      samples.append(try Self.sample(String(line)))
    }
    self.samples = samples
  }

  /// The sum of the samples named `name` whose labels include `labels`; `nil` when there is none.
  public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
    let matching = samples.filter { sample in
      sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value }
    }
    return matching.isEmpty ? nil : matching.reduce(0) { $0 + $1.value }
  }

  /// The distinct values of `label` among the samples named `name`.
  public func labelValues(_ name: String, _ label: String) -> Set<String> {
    Set(samples.filter { $0.name == name }.compactMap { $0.labels[label] })
  }

  struct NotASample: Error, CustomStringConvertible {
    let line: String
    var description: String { "not a Prometheus sample: \(line)" }
  }

  private static func sample(_ line: String) throws -> Sample {
    guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
      throw NotASample(line: line)
    }
    let series = line[..<space]
    guard let brace = series.firstIndex(of: "{") else {
      return Sample(name: String(series), labels: [:], value: value)
    }
    guard series.hasSuffix("}") else { throw NotASample(line: line) }
    var labels: [String: String] = [:]
    var rest = series[series.index(after: brace)..<series.index(before: series.endIndex)]
    while !rest.isEmpty {
      guard let equals = rest.firstIndex(of: "="), rest[rest.index(after: equals)...].first == "\"" else {
        throw NotASample(line: line)
      }
      let key = String(rest[..<equals])
      var index = rest.index(equals, offsetBy: 2)
      var labelValue = ""
      while index < rest.endIndex, rest[index] != "\"" {
        if rest[index] == "\\" { index = rest.index(after: index) }
        guard index < rest.endIndex else { throw NotASample(line: line) }
        labelValue.append(rest[index])
        index = rest.index(after: index)
      }
      guard index < rest.endIndex else { throw NotASample(line: line) }
      labels[key] = labelValue
      rest = rest[rest.index(after: index)...]
      if rest.first == "," { rest = rest.dropFirst() }
    }
    return Sample(name: String(series[..<brace]), labels: labels, value: value)
  }
}
