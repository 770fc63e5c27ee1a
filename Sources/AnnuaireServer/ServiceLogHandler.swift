import Logging

/// The service's log handler: lines as swift-log's `StreamLogHandler` writes them, on standard
/// error, with the logger's metadata formatted when a line is written rather than each time it
/// is set.
///
/// Hummingbird gives every request a logger of its own carrying the request's id: with the
/// stream handler, that one assignment formatted the metadata on every request, logged or not
/// (5 % of a lookup's time on the request's thread).
package struct ServiceLogHandler: LogHandler {
    private var stream: StreamLogHandler
    package var metadata: Logger.Metadata = [:]

    package init(label: String) {
        stream = StreamLogHandler.standardError(label: label)
    }

    package var logLevel: Logger.Level {
        get { stream.logLevel }
        set { stream.logLevel = newValue }
    }

    package var metadataProvider: Logger.MetadataProvider? {
        get { stream.metadataProvider }
        set { stream.metadataProvider = newValue }
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var event = event
        if !metadata.isEmpty { event.metadata = metadata.merging(event.metadata ?? [:]) { _, explicit in explicit } }
        stream.log(event: event)
    }
}
