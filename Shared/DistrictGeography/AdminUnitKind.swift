/// The level and type of an administrative unit, by its Vietnamese short name. No level is
/// built into the store: the tree is whatever the parentage says on a date, so the 2025 reform
/// (no districts) needs no new kind.
public struct AdminUnitKind: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral,
  CustomStringConvertible
{
  public var rawValue: String

  public init(rawValue: String) { self.rawValue = rawValue }
  public init(stringLiteral value: String) { self.rawValue = value }

  public var description: String { rawValue }

  public init(from decoder: any Decoder) throws {
    self.rawValue = try decoder.singleValueContainer().decode(String.self)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }

  /// Tỉnh: province.
  public static let province: AdminUnitKind = "tinh"
  /// Thành phố trực thuộc trung ương: centrally governed city.
  public static let centralCity: AdminUnitKind = "tp_tw"
  /// Huyện: rural district (abolished 1 July 2025).
  public static let district: AdminUnitKind = "huyen"
  /// Quận: urban district (abolished 1 July 2025).
  public static let urbanDistrict: AdminUnitKind = "quan"
  /// Thị xã: district-level town.
  public static let town: AdminUnitKind = "thi_xa"
  /// Thành phố thuộc tỉnh: provincial city.
  public static let provincialCity: AdminUnitKind = "tp_thuoc_tinh"
  /// Xã: commune.
  public static let commune: AdminUnitKind = "xa"
  /// Phường: ward.
  public static let ward: AdminUnitKind = "phuong"
  /// Thị trấn: township (abolished 1 July 2025).
  public static let township: AdminUnitKind = "thi_tran"
  /// Đặc khu: special zone (from 1 July 2025).
  public static let specialZone: AdminUnitKind = "dac_khu"
}
