import Foundation
import Testing

@Suite("Generated code")
struct GeneratedCodeFreshnessTests {
  private func files(under directory: URL) throws -> [String: Data] {
    var result: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
    while let url = enumerator?.nextObject() as? URL {
      guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
      let relative = String(url.standardizedFileURL.path.dropFirst(directory.standardizedFileURL.path.count))
      result[relative] = try Data(contentsOf: url)
    }
    return result
  }

  @Test("The committed generated files are what scripts/generate writes from proto/")
  func generatedCodeIsFresh() throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("district-generate-\(UUID())")
    defer { try? FileManager.default.removeItem(at: scratch) }
    _ = try run("bash", ["scripts/generate", scratch.path])
    for target in ["Shared/DistrictSchemaC", "Shared/DistrictSchema/Generated", "Services/Gateway/HTTPEdge/Generated"] {
      let fresh = try files(under: scratch.appendingPathComponent(target))
      let committed = try files(under: repositoryRoot.appendingPathComponent(target))
      #expect(!fresh.isEmpty)
      for (path, data) in fresh where committed[path] != data {
        Issue.record("\(target)\(path) is stale: run scripts/generate and commit the result")
      }
      for path in Set(committed.keys).subtracting(fresh.keys) {
        Issue.record("\(target)\(path) is no longer generated: delete it")
      }
    }
  }
}
