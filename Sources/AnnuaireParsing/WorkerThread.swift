#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A function running on a thread of its own, until `join`.
package final class WorkerThread {
    private var thread = pthread_t()
    private var running = true

    private init() {}

    /// Starts `work` on a new thread; nil when no thread can be made (the caller then does the
    /// work some other way).
    package static func start(_ work: @escaping @Sendable () -> Void) -> WorkerThread? {
        let worker = WorkerThread()
        let box = Unmanaged.passRetained(Box(work)).toOpaque()
        let status = pthread_create(
            &worker.thread, nil,
            { raw in
                Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue().work()
                return nil
            }, box)
        guard status == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            return nil
        }
        return worker
    }

    /// Waits for the work to end (at once after the first call).
    package func join() {
        if running { pthread_join(thread, nil) }
        running = false
    }

    private final class Box {
        let work: @Sendable () -> Void
        init(_ work: @escaping @Sendable () -> Void) { self.work = work }
    }
}
