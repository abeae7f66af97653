// http-bench: the HTTP edge against the calls it forwards, with the demo stack running
// (scripts/bench-http starts it from release executables and runs this):
//   ListResolutions (a small read answered by indicators) and GetOverview (the gateway's own,
//   three backends behind it) through the edge with JSON and with proto bodies (wrk), the
//   same calls over DistrictRPC directly (a client process of this executable), and
//   Hummingbird's plain JSON echo, the ceiling of the HTTP stack; at 1 and 64 callers.
//
//   http-bench run [SECONDS]                                     the comparison
//   http-bench echo                                              the echo server; prints "PORT n"
//   http-bench direct CALL HOST PORT IN_FLIGHT SECONDS [TOKEN]   one direct closed loop
import BenchmarkSupport
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "run":
  try await runComparison(seconds: arguments.count > 1 ? Int(arguments[1]) ?? 3 : 3)
case "echo":
  try await EchoServer.serve()
case "direct" where arguments.count == 6 || arguments.count == 7:
  guard let call = Call(rawValue: arguments[1]), let port = Int(arguments[3]), let inFlight = Int(arguments[4]),
    let seconds = Double(arguments[5])
  else { usage() }
  try await DirectLoad.run(
    call, host: arguments[2], port: port, token: arguments.count == 7 ? arguments[6] : nil, inFlight: inFlight,
    seconds: seconds)
default:
  usage()
}

func usage() -> Never {
  FileHandle.standardError.write(
    Data(
      "usage: http-bench run [SECONDS] | echo | direct CALL HOST PORT IN_FLIGHT SECONDS [TOKEN]\n".utf8))
  exit(2)
}
