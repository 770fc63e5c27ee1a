import AnnuaireSynth
import Testing

@_spi(Internals) @testable import AnnuaireParsing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite struct FieldSplitterTests {
    /// The kernels this CPU can run: AVX2 is tested only where the CPU has it.
    static let kernels = FieldSplitter.Kernel.allCases.filter(\.isAvailable)

    /// Every kernel must give the scalar reference's `FieldScan` and separator offsets, with and
    /// without the UTF-8 check.
    private func expectAgreement(_ line: [UInt8], capacity: Int, _ note: String) {
        let reference = FieldSplitter(capacity: capacity, kernel: .swar)
        line.withUnsafeBytes { bytes in
            for validating in [false, true] {
                let expected = reference.splitScalar(bytes, validatingUTF8: validating)
                let stored = min(expected.fields, capacity)
                let expectedEnds = Array(UnsafeBufferPointer(start: reference.ends, count: stored))
                for kernel in Self.kernels {
                    let splitter = FieldSplitter(capacity: capacity, kernel: kernel)
                    let scan = splitter.split(bytes, validatingUTF8: validating)
                    #expect(scan == expected, "\(kernel) \(note), UTF-8 checked: \(validating)")
                    #expect(
                        Array(UnsafeBufferPointer(start: splitter.ends, count: stored)) == expectedEnds,
                        "\(kernel) \(note), UTF-8 checked: \(validating)")
                }
            }
        }
    }

    /// Lines of every length 0…300 (and a few long ones) with separators, high bytes and NULs in
    /// random places, with capacities below and above the separator count.
    @Test func kernelsAgreeWithScalarOnRandomLines() {
        var rng = SplitMix64(seed: 7)
        let alphabet: [UInt8] = [0x7C, 0x7C, 0x7C, 0x41, 0x20, 0x22, 0xC3, 0xA9, 0x00, 0x0D, 0x39, 0xFF, 0x80, 0x7F]
        for capacity in [1, 3, 8, 80] {
            for length in Array(0...300) + [511, 512, 513, 4095] {
                for _ in 0..<3 {
                    let line = (0..<length).map { _ in
                        rng.next() % 5 == 0 ? alphabet[Int(rng.next() % UInt64(alphabet.count))] : UInt8(0x61 + rng.next() % 26)
                    }
                    expectAgreement(line, capacity: capacity, "length \(length) capacity \(capacity)")
                }
            }
        }
    }

    /// Lines of valid French UTF-8 (accents, `€`, `Œ`) of every length 0…300, intact and with one
    /// to three bytes damaged, cut or not inside a sequence: the split's own UTF-8 check (which
    /// checks the last, overlapping block of a line again) must say what `isValidUTF8Scalar` says.
    @Test func utf8CheckedInTheSplitAgreesWithTheScalarCheck() {
        var rng = SplitMix64(seed: 11)
        let words = ["Médecin", "libéral", "Île-de-France", "Œuvre", "€", "Ça", "GÉNÉRALISTE", "ﬁ", "𝄞", "a", "|", "||", " "]
        for length in 0...300 {
            for round in 0..<4 {
                var line: [UInt8] = []
                while line.count < length { line += Array(words[Int(rng.next() % UInt64(words.count))].utf8) }
                if round > 0 { line = Array(line.prefix(length)) }
                if round > 1, !line.isEmpty {
                    for _ in 0..<(round - 1) { line[Int(rng.next() % UInt64(line.count))] = UInt8(truncatingIfNeeded: rng.next()) }
                }
                expectAgreement(line, capacity: 80, "French text, length \(line.count), round \(round)")
            }
        }
    }

    /// One multi-byte sequence, whole or cut, at every offset around the block edges of lines of
    /// 64 to 200 bytes, where the last block overlaps the one before.
    @Test func utf8SequencesAcrossTheOverlappingLastBlock() {
        let sequences: [[UInt8]] = [
            [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9D, 0x84, 0x9E], [0xC3], [0xE2, 0x82], [0xF0, 0x9D, 0x84], [0xA9],
            [0xED, 0xA0, 0x80],
        ]
        for length in [64, 65, 66, 67, 68, 70, 95, 96, 97, 100, 127, 128, 129, 131, 150, 191, 192, 193, 200] {
            for sequence in sequences {
                for position in 0...(length - sequence.count) {
                    var line = [UInt8](repeating: 0x62, count: length)
                    line.replaceSubrange(position..<(position + sequence.count), with: sequence)
                    expectAgreement(line, capacity: 8, "\(sequence) at \(position) of \(length)")
                }
            }
        }
    }

    /// Separators on the first and last byte, on block edges, and lines made only of separators.
    @Test func separatorsAtTheEdges() {
        for length in 0...300 {
            var line = [UInt8](repeating: 0x61, count: length)
            if length > 0 {
                line[0] = 0x7C
                line[length - 1] = 0x7C
            }
            for edge in [31, 32, 63, 64, 65, 127, 128] where edge < length { line[edge] = 0x7C }
            for capacity in [1, 2, 4, 400] {
                expectAgreement(line, capacity: capacity, "edges, length \(length) capacity \(capacity)")
                expectAgreement([UInt8](repeating: 0x7C, count: length), capacity: capacity, "all separators, length \(length)")
            }
        }
    }

    /// One high byte or one NUL at every position (first NUL wins when there are two).
    @Test func highBytesAndNULsEverywhere() {
        for length in [1, 31, 32, 33, 63, 64, 65, 100, 128, 129, 200, 300] {
            for position in 0..<length {
                var high = [UInt8](repeating: 0x62, count: length)
                high[position] = 0x80
                expectAgreement(high, capacity: 8, "high byte at \(position) of \(length)")
                var nul = [UInt8](repeating: 0x7C, count: length)
                nul[position] = 0
                if position + 40 < length { nul[position + 40] = 0 }
                expectAgreement(nul, capacity: 8, "NUL at \(position) of \(length)")
            }
        }
    }

    /// Lines that end just before an unreadable page: no kernel reads past the line.
    @Test func noReadPastTheLine() {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard let region = mmap(nil, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            region != MAP_FAILED
        else { return }
        defer { munmap(region, 2 * page) }
        mprotect(region + page, page, PROT_NONE)
        for length in 0...300 {
            let start = region + page - length
            for i in 0..<length {
                // Separators, ASCII and two-byte sequences (é), so that the UTF-8 check runs too.
                let byte: UInt8 = i % 7 == 0 ? 0x7C : i % 5 == 1 ? 0xC3 : i % 5 == 2 ? 0xA9 : 0x61
                start.storeBytes(of: byte, toByteOffset: i, as: UInt8.self)
            }
            let bytes = UnsafeRawBufferPointer(start: start, count: length)
            for validating in [false, true] {
                let reference = FieldSplitter(capacity: 64, kernel: .swar).splitScalar(bytes, validatingUTF8: validating)
                for kernel in Self.kernels {
                    #expect(
                        FieldSplitter(capacity: 64, kernel: kernel).split(bytes, validatingUTF8: validating) == reference,
                        "\(kernel) length \(length)")
                }
            }
        }
    }

    @Test func bestKernelIsAvailable() {
        #expect(FieldSplitter.Kernel.best.isAvailable)
        #expect(FieldSplitter(capacity: 4).kernel == .best)
    }
}
