// rpc-bench: an echo method with a 100-byte payload over loopback, client and server in
// separate processes, for three stacks side by side in one run:
//   raw       a raw SwiftNIO length-prefixed echo (the floor)
//   district  DistrictRPC: protobuf-c frames, the runtime the services use
//   grpc      grpc-swift-2 2.4.3 unary over HTTP/2, a service registered by hand with raw bytes
//
//   rpc-bench run [SECONDS]                          the whole comparison (what scripts/bench-rpc runs)
//   rpc-bench server KIND                            serves on a free port, prints "PORT n"
//   rpc-bench client KIND PORT CONNECTIONS IN_FLIGHT SECONDS
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "server" where arguments.count == 2:
  guard let kind = Stack(rawValue: arguments[1]) else { usage() }
  try await serve(kind)
case "client" where arguments.count == 6:
  guard let kind = Stack(rawValue: arguments[1]), let port = Int(arguments[2]), let connections = Int(arguments[3]),
    let inFlight = Int(arguments[4]), let seconds = Double(arguments[5])
  else { usage() }
  try await runClient(kind, port: port, connections: connections, inFlight: inFlight, seconds: seconds)
case "run":
  let seconds = arguments.count > 1 ? Double(arguments[1]) ?? 3 : 3
  try await runComparison(seconds: seconds)
default:
  usage()
}

func usage() -> Never {
  FileHandle.standardError.write(
    Data("usage: rpc-bench run [SECONDS] | server KIND | client KIND PORT CONNECTIONS IN_FLIGHT SECONDS\n".utf8))
  exit(2)
}
