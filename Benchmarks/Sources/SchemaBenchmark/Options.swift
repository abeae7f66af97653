/// Command-line options of SchemaBenchmark.
struct Options {
  /// Repetitions per measurement; the median is reported.
  var repetitions = 9
  /// The shortest time one repetition of one measurement runs, in milliseconds.
  var minimumMilliseconds = 200
  /// With `--only`: run just this measurement (for perf or valgrind), e.g. `generated.decode`.
  var only: String?
  /// With `--only`: how many operations to run.
  var iterations = 1_000_000
  /// `--help`: print the usage and stop.
  var help = false

  static let usage = """
    usage: SchemaBenchmark [--repetitions N] [--min-time-ms MS]
           SchemaBenchmark --only PATH.OP [--iterations N]

      --repetitions N   repetitions per measurement, median reported (default 9)
      --min-time-ms MS  minimum duration of one repetition (default 200)
      --only PATH.OP    run one measurement N times and print its checksum, for profilers;
                        PATH is c, hand, generated or swift-protobuf, OP is encode, decode or roundtrip
      --iterations N    operations for --only (default 1000000)
    """

  /// Parses `arguments`; `nil` after printing the usage when they are not understood.
  static func parse(_ arguments: some Sequence<String>) -> Options? {
    var options = Options()
    var iterator = arguments.makeIterator()
    while let argument = iterator.next() {
      func number() -> Int? {
        guard let text = iterator.next(), let value = Int(text), value > 0 else { return nil }
        return value
      }
      switch argument {
      case "--repetitions":
        guard let value = number() else { return nil }
        options.repetitions = value
      case "--min-time-ms":
        guard let value = number() else { return nil }
        options.minimumMilliseconds = value
      case "--iterations":
        guard let value = number() else { return nil }
        options.iterations = value
      case "--help", "-h":
        options.help = true
      case "--only":
        guard let value = iterator.next() else { return nil }
        options.only = value
      default:
        return nil
      }
    }
    return options
  }
}
