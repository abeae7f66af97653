import DistrictSchema
import Foundation

/// Fuzz target 3: bytes → one message type of the schema → protobuf-c's decoder and the
/// generated conversion to Swift, under AddressSanitizer and LeakSanitizer (this target checks
/// leaks after every input that allocated more than it freed).
///
/// Input: one byte that picks the message type (modulo ``types``'s count), then its encoding.
///
/// Checked, besides "nothing crashes and nothing leaks": a decode fails only with a
/// `SchemaError`; what decodes encodes again, and that encoding decodes to an equal message;
/// and its JSON (protobuf's JSON names, as `district call` writes it) decodes to an equal
/// message too. (A message holding a NaN is unequal to itself: it is only encoded.)
public enum SchemaHarness {
  /// Every request and response type of every method in proto/, the frame and the conformance
  /// messages, once each, in a fixed order (so that a saved input means the same type again).
  public static let types: [any SchemaMessage.Type] = {
    var byName: [String: any SchemaMessage.Type] = [
      RPCV1.Frame.protoName: RPCV1.Frame.self, ConformanceV1.Shapes.protoName: ConformanceV1.Shapes.self,
      ConformanceV1.Scalars.protoName: ConformanceV1.Scalars.self,
    ]
    for method in SchemaServices.methods {
      byName[method.requestType.protoName] = method.requestType
      byName[method.responseType.protoName] = method.responseType
    }
    return byName.sorted { $0.key < $1.key }.map(\.value)
  }()

  public static func run(_ input: UnsafeRawBufferPointer) {
    guard let selector = input.first else { return }
    let type = types[Int(selector) % types.count]
    check(type, UnsafeRawBufferPointer(rebasing: input.dropFirst()))
  }

  private static func check<M: SchemaMessage>(_: M.Type, _ bytes: UnsafeRawBufferPointer) {
    let message: M
    do {
      message = try M(serializedBytes: bytes)
    } catch is SchemaError {
      return
    } catch {
      fuzzFailure("decoding \(M.protoName) threw \(type(of: error)), not a SchemaError: \(error)")
    }
    let encoded: [UInt8]
    do {
      encoded = try message.serializedBytes()
    } catch {
      fuzzFailure("a \(M.protoName) that decoded does not encode: \(error)")
    }
    // Whether equality means anything for this message: two decodes of the same bytes, with
    // storage of their own, are equal unless a NaN is inside. (`message == message` cannot tell:
    // an array is equal to itself by identity before its elements are compared.)
    let comparable = (try? M(serializedBytes: bytes)) == message
    do {
      let again = try M(serializedBytes: encoded)
      if comparable, again != message { fuzzFailure("\(M.protoName) changed in a binary round trip") }
    } catch {
      fuzzFailure("the encoding of a decoded \(M.protoName) does not decode: \(error)")
    }
    let json: Data
    do {
      json = try JSONEncoder().encode(message)
    } catch is EncodingError {
      return  // a float JSON cannot write (NaN, infinity)
    } catch {
      fuzzFailure("encoding a \(M.protoName) as JSON threw \(error)")
    }
    do {
      let back = try JSONDecoder().decode(M.self, from: json)
      if comparable, back != message {
        fuzzFailure("\(M.protoName) changed in a JSON round trip: \(String(decoding: json, as: UTF8.self))")
      }
    } catch {
      fuzzFailure(
        "the JSON of a decoded \(M.protoName) does not decode: \(error): \(String(decoding: json, as: UTF8.self))")
    }
  }
}
