public import DistrictRPC
internal import DistrictSchema
public import DistrictStore

/// `district.changes.v1.Changes` over a store's ``ChangeFeed``: the current version of the data,
/// then a new one after each committed write. Served next to every service with a database
/// (``ServiceRunner`` adds it), so that a watcher such as the gateway's overview
/// watch learns of a change at once.
public struct ChangesService: RPCService {
  let feed: ChangeFeed

  /// The feed of `store`.
  public init(store: Store) {
    feed = store.changes
  }

  public func register(in router: inout RPCRouter) {
    router.register(ChangesV1.ChangesService.watch, requiredRole: .reader) { _, writer, _ in
      for await version in feed.versions() {
        try await writer.write(
          ChangesV1.DataVersion().with {
            $0.epoch = feed.epoch
            $0.version = version
          })
      }
    }
  }
}
