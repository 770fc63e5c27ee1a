import AnnuaireParsing
import Foundation

extension SectionWriter {
    /// Writes the provenance section (the last) and the header. With `review`, the snapshot so
    /// written is opened (still unnamed) and given to it; the summary it returns is stored in the
    /// provenance, which is cut off and written again; an error it throws refuses the snapshot,
    /// which is then never named.
    mutating func finish(
        _ provenance: inout SnapshotProvenance, created: ExtractTime, review: ((Snapshot) throws -> ChangeSummary?)?
    ) throws {
        let start = file.size
        try writeProvenance(provenance, created: created)
        guard let review else { return }
        // The mapping is gone when `reviewed` returns: nothing reads the file while it is cut.
        func reviewed() throws -> ChangeSummary? { try review(try Snapshot(path: file.procPath)) }
        guard let summary = try reviewed() else { return }
        provenance.changes = summary
        // Written last, the provenance is cut off and written again; were a section written after
        // it, the new provenance goes at the end and the old bytes are left unreferenced.
        guard let index = table.lastIndex(where: { $0.kind == SnapshotFormat.Section.provenance.rawValue }) else {
            throw IngestError.internalFailure("no provenance section was written")
        }
        if index == table.count - 1 { try file.truncate(to: start) }
        removeSection(at: index)
        try writeProvenance(provenance, created: created)
    }

    private mutating func writeProvenance(_ provenance: SnapshotProvenance, created: ExtractTime) throws {
        let json = try JSONEncoder().encode(provenance)
        try section(.provenance) { (out) throws in
            try json.withUnsafeBytes { b in try out.bytes(b) }
        }
        try finishHeader(created: created)
    }
}
