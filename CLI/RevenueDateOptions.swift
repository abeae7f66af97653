import ArgumentParser
import DistrictSchema

/// `--revenue-as-of DATE [--revenue-early-month]`: the date revenue is counted to, when the
/// report states revenue to an earlier date than the rest ("lũy kế đến đầu tháng 11").
struct RevenueDateOptions: ParsableArguments {
  @Option(name: .long, help: "The date revenue is counted to, YYYY-MM-DD (default: --as-of).")
  var revenueAsOf: String = ""

  @Flag(name: .long, help: "--revenue-as-of is the start of its month (\"đầu tháng\"); it must be a 1st.")
  var revenueEarlyMonth = false

  var precision: CommonV1.DatePrecision { revenueEarlyMonth ? .earlyMonth : .unspecified }
}
