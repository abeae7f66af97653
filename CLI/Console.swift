import Foundation

/// Standard output written at once, also into a pipe or a file (where `print` buffers): the
/// lines of `district up` and `seed` show while the command runs, in order.
enum Console {
  static func line(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
  }
}
