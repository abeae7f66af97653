import ArgumentParser
import Testing

@testable import DistrictRuntime

@Suite("The gateway's HTTP edge settings")
struct HTTPEdgeSettingsTests {
  @Test("--http-listen: HOST:PORT or off; anything else is refused naming the setting")
  func listen() throws {
    let given = try HTTPEdgeSettings.parse(["--http-listen", "0.0.0.0:9100"]).listenAddress()
    #expect(given?.host == "0.0.0.0")
    #expect(given?.port == 9100)
    #expect(try HTTPEdgeSettings.parse(["--http-listen", "off"]).listenAddress() == nil)
    let error = #expect(throws: ValidationError.self) {
      try HTTPEdgeSettings.parse(["--http-listen", "8100"]).listenAddress()
    }
    #expect(error?.message.contains("--http-listen / DISTRICT_HTTP_LISTEN: '8100'") == true)
  }

  @Test("--http-cors-origin takes origins only: a path, a wildcard or another scheme is refused")
  func corsOrigins() throws {
    let origins = try HTTPEdgeSettings.parse([
      "--http-cors-origin", "https://dashboard.longan.gov.vn", "--http-cors-origin", "http://127.0.0.1:3000",
    ]).corsOrigins()
    #expect(origins == ["https://dashboard.longan.gov.vn", "http://127.0.0.1:3000"])
    for bad in [
      "*", "https://a.vn/", "ftp://a.vn", "https://", "http://a.vn:0", "http://a.vn:99999", "https://user@a.vn",
    ] {
      #expect(throws: ValidationError.self, "\(bad)") {
        try HTTPEdgeSettings.parse(["--http-cors-origin", bad]).corsOrigins()
      }
    }
  }

  @Test("A non-loopback HTTP listener without a tokens file is refused, naming the HTTP setting")
  func anonymousHTTP() throws {
    let open = try ServerSettings.parse([])
    guard open.tokensFile == nil, !open.anonymousAllowed else { return }
    let error = #expect(throws: ValidationError.self) {
      try open.checkAnonymous(host: "0.0.0.0", setting: "--http-listen / DISTRICT_HTTP_LISTEN")
    }
    #expect(error?.message.contains("--http-listen / DISTRICT_HTTP_LISTEN is 0.0.0.0") == true)
  }
}
