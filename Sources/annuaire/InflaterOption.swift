import AnnuaireParsing
import ArgumentParser

extension InflateBackend: ExpressibleByArgument {}

/// `--inflater auto|zlib|isal`: what inflates gzip files and zip entries.
struct InflaterOption: ParsableArguments {
    @Option(help: ArgumentHelp("Inflater for .gz and .zip; auto is ISA-L when installed, else zlib.", valueName: "name"))
    var inflater: InflateBackend = .automatic

    func validate() throws {
        if inflater == .isal, let reason = InflateBackend.isalUnavailableReason {
            throw ValidationError(
                "--inflater isal: ISA-L cannot be used: \(reason). Install libisal-dev (Debian: apt-get install libisal-dev), or use --inflater zlib or auto."
            )
        }
    }

    /// The backend that runs: `auto` resolved.
    var resolved: InflateBackend { (try? inflater.resolved()) ?? .zlib }
}
