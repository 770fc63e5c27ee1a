import AnnuaireParsing
import ArgumentParser

/// `--as-of` and `--now` parse their ISO-8601 text once, here: a bad time is a usage error that
/// names the option and shows the forms accepted.
extension ExtractTime: ExpressibleByArgument {
    public init?(argument: String) { self.init(iso8601: argument) }

    public static var defaultCompletionKind: CompletionKind { .default }
}
