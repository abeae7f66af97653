/// The one definition of "paid" the views use ("đã chi trả bồi thường").
///
/// A case is paid as of a date when the net of its payments dated on or before it (reversals
/// subtracted, deposits excluded) is above zero: "any payment", as the article counts
/// households paid. A party is paid when one of its cases is. The area paid is the recovered
/// area of the paid cases; the amount paid is the net of those payments.
public enum PaidDefinition {
  /// The text the views return in `paid_definition`.
  public static let text =
    "any payment: a case counts once the net of its payments dated on or before as_of (reversals "
    + "subtracted, deposits excluded) is above 0; a party counts once, area is the recovered area of those cases"
}
