internal import DistrictRPC
internal import DistrictSchema

/// Who may read the personal data of the people whose land is recovered.
///
/// Vietnam's Decree 13/2023/NĐ-CP on personal data protection: personal data is processed only by
/// those whose task needs it. Here the personal data of a household or an individual is its name
/// and the free text recorded about it (a complaint's summary and outcome, notes on its case's
/// steps and payments). The land-clearance officers who handle the case need it: editors and
/// admins, a commune-scoped one only for the parties of its commune. Readers (the leaders'
/// dashboards, the province's systems, the gateway's overview) get the case, its figures and its
/// dates, with those fields empty. An organisation is not a natural person: its name stays.
enum PersonalData {
  /// Whether the caller of `context` may read the personal data of a party of `commune`.
  static func visible(to context: ServerContext, commune: String) -> Bool {
    let principal = context.principal
    guard principal.role >= .editor else { return false }
    guard let scope = principal.communeScope else { return true }
    return scope == commune
  }

  /// `party` as the caller may see it.
  static func redacted(
    _ party: LandClearanceV1.AffectedParty, for context: ServerContext
  ) -> LandClearanceV1.AffectedParty {
    guard party.kind != .organisation, !visible(to: context, commune: party.communeID) else { return party }
    var party = party
    party.name = ""
    return party
  }

  /// `detail` as the caller may see it.
  static func redacted(_ detail: LandClearanceV1.CaseDetail, for context: ServerContext) -> LandClearanceV1.CaseDetail {
    let clearanceCase = detail.clearanceCase ?? LandClearanceV1.ClearanceCase()
    guard clearanceCase.partyKind != .organisation, !visible(to: context, commune: clearanceCase.communeID) else {
      return detail
    }
    var detail = detail
    detail.steps = detail.steps.map { step in
      var step = step
      step.note = ""
      return step
    }
    detail.payments = detail.payments.map { payment in
      var payment = payment
      payment.note = ""
      return payment
    }
    detail.complaints = detail.complaints.map { complaint in
      var complaint = complaint
      complaint.summary = ""
      complaint.outcome = ""
      return complaint
    }
    return detail
  }

  /// `blocker` as the caller may see it.
  static func redacted(_ blocker: LandClearanceV1.Blocker, for context: ServerContext) -> LandClearanceV1.Blocker {
    let clearanceCase = blocker.clearanceCase ?? LandClearanceV1.ClearanceCase()
    guard clearanceCase.partyKind != .organisation, !visible(to: context, commune: clearanceCase.communeID) else {
      return blocker
    }
    var blocker = blocker
    blocker.partyName = ""
    return blocker
  }
}
