/// How long and how often a failed transfer is tried again: exponential back-off with jitter
/// within a window (`--retry-for`).
package struct RetryPolicy: Sendable, Equatable {
    /// Seconds from the first attempt after which no new attempt starts; 0 tries once.
    package var windowSeconds: Double
    /// The first delay; each next one doubles, up to `maximumDelaySeconds`.
    package var baseDelaySeconds: Double
    package var maximumDelaySeconds: Double
    /// At most this many attempts (per source, and rounds for a mixed night) even within the
    /// window; nil: as many as the window allows.
    package var maximumAttempts: Int?

    package init(
        windowSeconds: Double = 30 * 60, baseDelaySeconds: Double = 2, maximumDelaySeconds: Double = 300, maximumAttempts: Int? = nil
    ) {
        self.windowSeconds = windowSeconds
        self.baseDelaySeconds = baseDelaySeconds
        self.maximumDelaySeconds = maximumDelaySeconds
        self.maximumAttempts = maximumAttempts
    }

    /// Whether attempt `attempt + 1` may start after `delay` seconds, `now` and `deadline` on the
    /// same monotonic clock.
    package func allowsAnother(afterAttempt attempt: Int, delay: Double, now: Double, deadline: Double) -> Bool {
        now + delay <= deadline && maximumAttempts.map { attempt < $0 } ?? true
    }

    /// The delay before attempt `attempt + 1` (`attempt` ≥ 1): base × 2^(attempt−1), capped, then
    /// a uniformly random 50–100 % of it ("equal jitter"), so that many sites do not retry in step.
    package func delay(afterAttempt attempt: Int) -> Double {
        let exponential = baseDelaySeconds * Double(1 << min(attempt - 1, 30))
        let capped = min(maximumDelaySeconds, exponential)
        return capped / 2 + Double.random(in: 0...(capped / 2))
    }
}
