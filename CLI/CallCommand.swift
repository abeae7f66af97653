import ArgumentParser
import DistrictRPC
import DistrictSchema
import Foundation

/// `district call ADDR METHOD [JSON]`: calls any method, JSON in and JSON out; a server stream
/// prints each message as it arrives.
struct CallCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "call",
    abstract: "Call a method with a JSON request and print the JSON response.",
    discussion: """
      METHOD is the full name (/district.finance.v1.Finance/GetRevenueSummary) or its tail
      (Finance/GetRevenueSummary). JSON uses protobuf's JSON names; 64-bit numbers may be
      strings or numbers. A server stream (a watch) prints each message as it arrives, until it
      ends, --timeout passes or Ctrl-C. Examples:

        district call 127.0.0.1:7103 Finance/GetRevenueSummary '{"year": 2023}'
        district call 127.0.0.1:7100 Gateway/WatchOverview '{"asOf": "2023-11-22"}'
      """)

  @Argument(help: "HOST:PORT of the service.")
  var address: String

  @Argument(help: "The method to call.")
  var method: String

  @Argument(help: "The request as JSON (default {}).")
  var json: String = "{}"

  @OptionGroup var options: CallOptionsGroup

  func run() async throws {
    let descriptor = try Self.resolve(method)
    let request = try Self.encodeRequest(descriptor.requestType, json: json)
    let client = try RPCClient(address: address)
    defer { client.close() }
    switch descriptor.kind {
    case .unary:
      let callOptions = try options.callOptions(defaultTimeout: .seconds(10))
      let response = try await client.unary(method: descriptor.fullName, payload: request, options: callOptions)
      print(try Self.renderResponse(descriptor.responseType, bytes: response))
    case .serverStreaming:
      let callOptions = try options.callOptions(defaultTimeout: nil)
      try await Self.printStream(
        descriptor.requestType, descriptor.responseType, fullName: descriptor.fullName, request: request,
        client: client,
        options: callOptions)
    }
  }

  /// Prints each message of a server stream as it arrives.
  static func printStream<Request: SchemaMessage, Response: SchemaMessage>(
    _ requestType: Request.Type, _ responseType: Response.Type, fullName: String, request: [UInt8], client: RPCClient,
    options: CallOptions
  ) async throws {
    let method = MethodDescriptor<Request, Response>(fullName: fullName, kind: .serverStreaming)
    for try await message in try await client.serverStream(
      method, try Request(serializedBytes: request), options: options)
    {
      Console.line(try renderJSON(message))
    }
  }

  /// The method whose full name is `name` or ends with `/name`.
  static func resolve(_ name: String) throws -> AnyMethodDescriptor {
    let candidates = SchemaServices.methods.filter {
      $0.fullName == name || $0.fullName.hasSuffix("/" + name) || $0.fullName.hasSuffix("." + name)
    }
    guard candidates.count == 1, let method = candidates.first else {
      let hint = candidates.isEmpty ? "no method is called '\(name)'" : "'\(name)' is ambiguous"
      let known = SchemaServices.methods.map(\.fullName).joined(separator: "\n  ")
      throw ValidationError("\(hint); known methods:\n  \(known)")
    }
    return method
  }

  static func encodeRequest<Request: SchemaMessage>(_ type: Request.Type, json: String) throws -> [UInt8] {
    do {
      return try JSONDecoder().decode(Request.self, from: Data(json.utf8)).serializedBytes()
    } catch {
      throw ValidationError(
        "the request is not a valid \(Request.protoName) in JSON: \(ProtoJSONDecodingFailure(error))")
    }
  }

  static func renderResponse<Response: SchemaMessage>(_ type: Response.Type, bytes: [UInt8]) throws -> String {
    try renderJSON(try Response(serializedBytes: bytes))
  }

  /// A message as pretty-printed protobuf JSON with sorted keys.
  static func renderJSON(_ response: some SchemaMessage) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(response), as: UTF8.self)
  }
}
