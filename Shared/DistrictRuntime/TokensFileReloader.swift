internal import DistrictRPC
internal import Foundation
internal import Logging
internal import ServiceLifecycle
internal import UnixSignals

/// Puts a changed tokens file in force without a restart: on SIGHUP, and when the file's text
/// changes (looked at every ``interval``). Connections and calls in flight are untouched; each
/// call that arrives afterwards is checked against the new tokens. A file that cannot be used
/// (a malformed line, writable by others, gone) keeps the tokens in force, and the log says why;
/// so does one that holds no token at all, which would shut every caller out (it is also what a
/// file being rewritten in place looks like for a moment).
struct TokensFileReloader: Service {
  let path: String
  let tokens: TokenSource
  let logger: Logger
  /// How often the file is looked at.
  var interval: Duration = .seconds(2)
  /// Whether SIGHUP reloads too (tests that do not send signals turn it off).
  var onSIGHUP = true

  func run() async throws {
    let signals = onSIGHUP ? await UnixSignalsSequence(trapping: .sighup) : nil
    // What "changed" is measured against, read before the log line says the file is watched.
    let initial = try? Data(contentsOf: URL(fileURLWithPath: path))
    logger.info(
      "watching the tokens file", metadata: ["tokens.file": "\(path)", "tokens.sighup": "\(signals != nil)"])
    await cancelWhenGracefulShutdown {
      await withTaskGroup(of: Void.self) { group in
        if let signals {
          group.addTask {
            for await _ in signals { reload(because: "SIGHUP") }
          }
        }
        group.addTask {
          var seen = initial
          while (try? await Task.sleep(for: interval)) != nil {
            let now = try? Data(contentsOf: URL(fileURLWithPath: path))
            guard now != seen else { continue }
            seen = now
            reload(because: "the file changed")
          }
        }
        await group.waitForAll()
      }
    }
  }

  /// Reads the file and puts it in force; returns whether it did. When the file cannot be used,
  /// the tokens in force stay and the error is logged.
  @discardableResult
  func reload(because reason: String) -> Bool {
    do {
      let fresh = try TokenStore(contentsOf: path)
      guard fresh.count > 0 else { throw EmptyTokensFile() }
      for warning in fresh.warnings { logger.warning("\(warning)") }
      tokens.replace(with: fresh)
      logger.notice(
        "tokens reloaded",
        metadata: ["tokens.file": "\(path)", "tokens.count": "\(fresh.count)", "tokens.reason": "\(reason)"])
      return true
    } catch {
      logger.error(
        "kept the tokens in force: the tokens file cannot be used",
        metadata: ["tokens.file": "\(path)", "tokens.error": "\(error)", "tokens.reason": "\(reason)"])
      return false
    }
  }
}

/// A tokens file without a single token.
private struct EmptyTokensFile: Error, CustomStringConvertible {
  var description: String { "it holds no token: every caller would be refused" }
}
