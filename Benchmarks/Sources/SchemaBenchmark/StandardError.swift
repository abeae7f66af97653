#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes `message` and a newline to standard error, unbuffered.
func printError(_ message: String) {
  var line = message + "\n"
  line.withUTF8 { utf8 in
    var offset = 0
    while offset < utf8.count {
      let written = write(2, utf8.baseAddress! + offset, utf8.count - offset)
      if written <= 0 { return }
      offset += written
    }
  }
}
