import DistrictRPC
import DistrictSchema
import DistrictServiceSupport
import DistrictStore
import Testing

/// The store's failures reach callers with the codes and messages they had when the store threw
/// RPCErrors itself: DistrictServiceSupport maps them once.
@Suite struct StoreFailureStatusTests {
  @Test func eachFailureHasItsCanonicalCode() {
    let cases: [(StoreFailure, StatusCode)] = [
      (.invalidValue(field: "as_of", "'x' is not a date written YYYY-MM-DD"), .invalidArgument),
      (.notFound("administrative unit", id: "xa-1"), .notFound),
      (.alreadyExists("administrative unit 'xa-1' already exists", details: ["id": "xa-1"]), .alreadyExists),
      (.conflictingState("end that parentage first"), .failedPrecondition),
      (.unavailable(reason: "the connection was cut"), .unavailable),
      (.conflict(reason: "deadlock detected (SQLSTATE 40P01)"), .aborted),
      (.overflow, .outOfRange),
      (.corrupt("admin_succession holds an unknown kind 'x'"), .internal),
    ]
    for (failure, code) in cases {
      #expect(RPCError(converting: failure)?.code == code, "\(failure)")
    }
  }

  @Test func messagesAndDetailsAreTheOnesCallersKnow() {
    let invalid = StoreFailure.invalidValue(field: "valid_to", "2020-01-01 is before valid_from 2021-01-01").rpcError
    #expect(invalid == RPCError.invalidArgument(field: "valid_to", "2020-01-01 is before valid_from 2021-01-01"))
    #expect(
      StoreFailure.notFound("administrative unit", id: "xa-1").rpcError
        == RPCError.notFound("administrative unit", id: "xa-1"))
    #expect(
      StoreFailure.unavailable(reason: "the store was shut down").rpcError.message
        == "the database is unreachable: the store was shut down; retry later")
    #expect(StoreFailure.overflow.rpcError.message == Amounts.overflowMessage)
  }

  @Test func anErrorOfNoKnownKindConvertsToNothing() {
    struct Plain: Error {}
    #expect(RPCError(converting: Plain()) == nil)
  }
}
