import DistrictStore
import Testing

@Suite("Database URLs")
struct DatabaseURLTests {
  @Test("sqlite:///absolute and sqlite://relative paths")
  func sqlite() throws {
    #expect(
      try DatabaseURL(parsing: "sqlite:///var/lib/district/finance.db") == .sqlite(path: "/var/lib/district/finance.db")
    )
    #expect(try DatabaseURL(parsing: "sqlite://.data/finance.db") == .sqlite(path: ".data/finance.db"))
    #expect(try DatabaseURL(parsing: "SQLite:///tmp/a%20b.db") == .sqlite(path: "/tmp/a b.db"))
    #expect(DatabaseURL.defaultSQLite(service: "finance", dataDirectory: "/data/") == .sqlite(path: "/data/finance.db"))
    #expect(try DatabaseURL(parsing: "sqlite:///tmp/x.db").dialect == .sqlite)
  }

  @Test("postgres:// and postgresql:// with user, password, host, port and database")
  func postgres() throws {
    let url = try DatabaseURL(parsing: "postgres://district:s3cret@db.internal:6543/finance")
    guard case .postgres(_, let host, let port, let database, let user) = url else {
      Issue.record("not PostgreSQL: \(url)")
      return
    }
    #expect(host == "db.internal")
    #expect(port == 6543)
    #expect(database == "finance")
    #expect(user == "district")
    #expect(url.description == "postgres://district:***@db.internal:6543/finance")
    #expect(!url.description.contains("s3cret"))
    let defaultPort = try DatabaseURL(parsing: "postgresql://u@localhost/db")
    guard case .postgres(_, _, 5432, "db", "u") = defaultPort else {
      Issue.record("expected port 5432: \(defaultPort)")
      return
    }
  }

  @Test(
    "Bad URLs are refused with a message that says what to write",
    arguments: [
      (
        "mysql://u:p@h/db",
        "unsupported scheme 'mysql' in DISTRICT_DATABASE_URL; use sqlite:///path or postgres://user:pass@host:port/db"
      ),
      ("/var/lib/finance.db", "has no scheme"),
      ("sqlite:/tmp/x.db", "is not a file URL"),
      ("sqlite://", "names no file"),
      ("sqlite:///tmp/dir/", "names no file"),
      ("sqlite:///tmp/x.db?mode=ro", "has a query"),
      ("sqlite://:memory:", "needs a durable file"),
      ("postgres://u:p@/db", "names no host"),
      ("postgres://h:5432/db", "names no user"),
      ("postgres://u:p@h:5432", "names no database"),
      ("postgres://u:p@h:5432/", "names no database"),
      ("postgres://u:p@h:99999/db", "outside 1–65535"),
    ])
  func invalid(url: String, message: String) {
    do {
      _ = try DatabaseURL(parsing: url)
      Issue.record("accepted \(url)")
    } catch {
      #expect(error.description.contains(message), "\(error)")
      #expect(error.description.hasPrefix("invalid database URL: "))
    }
  }

  @Test("A refused URL never shows its password")
  func redacted() {
    do {
      _ = try DatabaseURL(parsing: "mysql://admin:hunter2@h/db", source: "--database-url")
      Issue.record("accepted a mysql URL")
    } catch {
      #expect(!error.description.contains("hunter2"))
      #expect(error.description.contains("--database-url"))
    }
  }
}
