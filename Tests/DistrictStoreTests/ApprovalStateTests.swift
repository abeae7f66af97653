import DistrictSchema
import DistrictStore
import Testing

@Suite("Approval states")
struct ApprovalStateTests {
  @Test("Every state × every transition: only the four moves of the diagram")
  func table() {
    let moves: [ApprovalState: [ApprovalState.Transition: ApprovalState]] = [
      .open: [.submit: .submitted],
      .submitted: [.approve: .approved],
      .approved: [.reopen: .reopened],
      .reopened: [.submit: .submitted],
    ]
    for state in ApprovalState.allCases {
      for transition in ApprovalState.Transition.allCases {
        #expect(state.after(transition) == moves[state]?[transition], "\(state) \(transition)")
      }
      #expect(state.transitions == Array(moves[state]!.keys))
      #expect(state.acceptsWrites == (state != .approved))
    }
  }

  @Test("A unit's month: YYYY-MM of a real month only")
  func units() {
    #expect(
      ApprovalUnit(dataSet: "collections", scopeID: "", date: CalendarDate(year: 2023, month: 10, day: 31)).period
        == "2023-10")
    for period in ["2023-10"] { #expect(ApprovalUnit(dataSet: "d", scopeID: "s", period: period) != nil) }
    for period in ["2023-13", "2023-00", "2023-1", "23-10", "2023-10-01", "", "0000-01"] {
      #expect(ApprovalUnit(dataSet: "d", scopeID: "s", period: period) == nil, "\(period)")
    }
  }
}
