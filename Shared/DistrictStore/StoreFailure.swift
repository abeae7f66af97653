/// Why a store operation failed while serving a call, in the store's terms: a value it refuses,
/// a row that is missing or already there, a state that forbids the change, a database that
/// cannot answer now, a sum too large to keep. Each case's ``message`` says what to do.
///
/// The store knows no wire: DistrictServiceSupport gives each case its status code, once, for
/// every service (`INVALID_ARGUMENT`, `NOT_FOUND`, `ALREADY_EXISTS`, `FAILED_PRECONDITION`,
/// `UNAVAILABLE`, `ABORTED`, `OUT_OF_RANGE`, `INTERNAL`, in the order of the cases).
///
/// Failures to open or migrate a store are ``StoreError``s instead: an operator reads them at
/// start-up.
public enum StoreFailure: Error, Sendable, Hashable, CustomStringConvertible {
  /// A value the store refuses; `field` names it as the request does.
  case invalidValue(field: String, String)
  /// The `what` with this `id` does not exist.
  case notFound(String, id: String)
  /// The row is there already.
  case alreadyExists(String, details: [String: String] = [:])
  /// The change contradicts what is recorded; the message says what to change first.
  case conflictingState(String, details: [String: String] = [:])
  /// The database cannot be reached or cannot take work now: the same call may succeed later.
  case unavailable(reason: String)
  /// PostgreSQL gave the transaction up for a conflict with another (serialization, deadlock).
  case conflict(reason: String)
  /// A sum of recorded amounts does not fit 64 bits (``Amounts/overflowMessage``).
  case overflow
  /// The database holds what this code cannot read: a bug or a damaged row.
  case corrupt(String)

  /// What a person is told, in words they can act on.
  public var message: String {
    switch self {
    case .invalidValue(let field, let message): return "\(field): \(message)"
    case .notFound(let what, let id): return "\(what) '\(id)' does not exist"
    case .alreadyExists(let message, _), .conflictingState(let message, _), .corrupt(let message): return message
    case .unavailable(let reason): return "the database is unreachable: \(reason); retry later"
    case .conflict(let reason): return "the change conflicted with another made at the same time: \(reason); retry it"
    case .overflow: return Amounts.overflowMessage
    }
  }

  /// Machine-readable details: the field or id at fault, where there is one.
  public var details: [String: String] {
    switch self {
    case .invalidValue(let field, _): return ["field": field]
    case .notFound(_, let id): return ["id": id]
    case .alreadyExists(_, let details), .conflictingState(_, let details): return details
    case .unavailable, .conflict, .overflow, .corrupt: return [:]
    }
  }

  public var description: String { message }
}
