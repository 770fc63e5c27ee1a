/// One of the parts a large plain text file is cut into, to be read on several threads
/// (`ExtractionReader.plan(_:options:parts:)`): the lines that start in `bytes`.
///
/// The cuts fall just after a newline, so a part holds whole lines; the first part starts after
/// the header, the last one ends at the end of the file. A part other than the first is read
/// exactly as a read of the whole file reads those lines (same line numbers, same encoding, same
/// offsets), and the parts' reports join into the whole file's (`ScanReport.joined(_:)`).
public struct TextPart: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Byte offsets in the file of the lines of this part: its first line starts at
    /// `bytes.lowerBound`, and its last line ends just before `bytes.upperBound`.
    public var bytes: Range<Int64>
    /// Where the part comes in the file: 0 for the first.
    public var index: Int
    /// How many parts the file was cut into.
    public var count: Int

    /// Part `index` of `count`, holding the lines that start in `bytes`.
    public init(bytes: Range<Int64>, index: Int, count: Int) {
        precondition(index >= 0 && index < count, "part \(index) of \(count)")
        self.bytes = bytes
        self.index = index
        self.count = count
    }

    /// E.g. `part 2 of 2 (bytes 425281140..<850562280)`.
    public var description: String { "part \(index + 1) of \(count) (bytes \(bytes.lowerBound)..<\(bytes.upperBound))" }
}
