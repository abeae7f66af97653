internal import DistrictSchemaCore

extension Metadata {
  /// The metadata carried by a frame.
  init(_ entries: [RPCV1.MetadataEntry]) {
    self.init()
    for entry in entries { add(entry.key, entry.value) }
  }

  /// The metadata as a frame carries it.
  var frameEntries: [RPCV1.MetadataEntry] {
    map { entry in
      RPCV1.MetadataEntry().with {
        $0.key = entry.key
        $0.value = entry.value
      }
    }
  }
}
