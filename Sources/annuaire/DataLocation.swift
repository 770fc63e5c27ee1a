import ArgumentParser
import Foundation

/// Where the current snapshot lives: `--data-dir`, else `$ANNUAIRE_DATA`, else
/// `$XDG_DATA_HOME/annuaire`, else `~/.local/share/annuaire`; the snapshot is `current.annuaire`
/// inside, unless `--snapshot` names a file.
struct DataLocation: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Directory holding the current snapshot (default: $ANNUAIRE_DATA, else ~/.local/share/annuaire).", valueName: "dir"))
    var dataDir: String?

    @Option(help: ArgumentHelp("A snapshot file to use instead of the one in the data directory.", valueName: "file"))
    var snapshot: String?

    var directory: String {
        let env = ProcessInfo.processInfo.environment
        if let dataDir { return dataDir }
        if let dir = env["ANNUAIRE_DATA"], !dir.isEmpty { return dir }
        if let xdg = env["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/annuaire" }
        return (env["HOME"] ?? ".") + "/.local/share/annuaire"
    }

    var snapshotPath: String { snapshot ?? directory + "/current.annuaire" }
}
