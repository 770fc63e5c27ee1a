import AnnuaireFHIR
import AnnuaireSnapshot
import Foundation
import Logging
import Synchronization

/// The `StructureIndex` of the snapshot that answers, built in the background the first time a
/// snapshot is seen (seconds at national scale); `nil` until it is ready. It keeps the snapshot
/// it was built for, so that an old mapping is released when the next index replaces it.
final class StructureIndexCache: Sendable {
    private struct State {
        var built: (snapshot: Snapshot, index: StructureIndex)?
        var building: ObjectIdentifier?
    }
    private let state = Mutex(State())
    let logger: Logger

    init(logger: Logger) { self.logger = logger }

    /// The index of `snapshot` when ready; else starts building it and answers `nil`.
    func index(for snapshot: Snapshot) -> StructureIndex? {
        let id = ObjectIdentifier(snapshot)
        let start = state.withLock { s -> Bool in
            if let built = s.built, built.snapshot === snapshot { return false }
            guard s.building != id else { return false }
            s.building = id
            return true
        }
        if start {
            let logger = self.logger
            // A thread of its own: the build blocks for seconds at national scale, and the
            // cooperative pool's few threads are the ones that answer requests.
            let thread = Thread { [self] in
                let clock = ContinuousClock.now
                do {
                    let index = try StructureIndex(snapshot)
                    state.withLock { s in
                        s.built = (snapshot, index)
                        if s.building == id { s.building = nil }
                    }
                    logger.info(
                        "structure index built", metadata: ["pairs": "\(index.count)", "elapsed": "\(ContinuousClock.now - clock)"])
                } catch {
                    state.withLock { s in if s.building == id { s.building = nil } }
                    logger.error("structure index not built", metadata: ["error": "\(error)"])
                }
            }
            thread.name = "structure index"
            thread.start()
        }
        return state.withLock { s in s.built.flatMap { $0.snapshot === snapshot ? $0.index : nil } }
    }
}
