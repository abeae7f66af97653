// store-crash-writer DATABASE_URL
//
// The durability test's writer: opens the store at DATABASE_URL and writes rows 1, 2, 3, … to
// `crash_row`, each in its own transaction, and prints "ACK n" on stdout only after row n's
// transaction committed. The test kills it with SIGKILL mid-stream and checks that every
// acknowledged row is there. Stdout is written with write(2), so nothing waits in a buffer.
import DistrictStore
import Logging
import SQLKit

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

func say(_ line: String, to descriptor: Int32) {
  var bytes = Array((line + "\n").utf8)
  var offset = 0
  while offset < bytes.count {
    let written = bytes.withUnsafeMutableBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
    if written <= 0 { exit(3) }
    offset += written
  }
}

let arguments = CommandLine.arguments
guard arguments.count == 2 else {
  say("usage: store-crash-writer DATABASE_URL", to: 2)
  exit(2)
}

let migrations = ServiceMigrations(
  service: "crash-writer",
  [
    Migration(
      version: 1, name: "rows",
      statements: ["CREATE TABLE crash_row (n BIGINT PRIMARY KEY, payload TEXT NOT NULL)"])
  ])

var logger = Logger(label: "store-crash-writer")
logger.logLevel = .warning

do {
  let url = try DatabaseURL(parsing: arguments[1], source: "the command line")
  let store = try await Store.open(url: url, logger: logger, migrations: migrations)
  let last = try await store.read { db in
    try await db.raw("SELECT MAX(n) AS n FROM crash_row").first()?.decode(column: "n", as: Int64?.self)
  }
  var n = (last ?? 0) + 1
  say("READY", to: 1)
  while true {
    let payload = "row \(n): " + String(repeating: "x", count: 200)
    try await store.transaction { db in
      try await db.raw("INSERT INTO crash_row (n, payload) VALUES (\(bind: n), \(bind: payload))").run()
    }
    say("ACK \(n)", to: 1)
    n += 1
  }
} catch {
  say("store-crash-writer: \(error)", to: 2)
  exit(1)
}
