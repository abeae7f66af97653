internal import Crypto

/// What identifies a request for its idempotency key: SHA-256 over a version tag, the method, the
/// caller's subject and the request's bytes (each separated, so no two different triples hash
/// alike by concatenation), written `sha256:<hex>`.
///
/// The subject is part of it so that a key one caller used cannot replay that caller's response
/// to another. Requests are compared by their encoded bytes; a client that retries sends the
/// same bytes.
enum RequestFingerprint {
  static func of(method: String, subject: String, request: [UInt8]) -> String {
    var hash = SHA256()
    hash.update(data: Array("district.idempotency.v1".utf8) + [0])
    hash.update(data: Array(method.utf8) + [0])
    hash.update(data: Array(subject.utf8) + [0])
    hash.update(data: request)
    return "sha256:"
      + hash.finalize().map { byte in
        let hex = String(byte, radix: 16)
        return byte < 16 ? "0" + hex : hex
      }.joined()
  }
}
