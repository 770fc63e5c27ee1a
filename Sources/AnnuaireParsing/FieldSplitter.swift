import CSimd

#if arch(x86_64)
    import _Builtin_intrinsics.intel
#endif

/// What splitting one line found.
@_spi(Internals) public struct FieldScan: Equatable, Sendable {
    /// Number of `|`-separated fields (separators + 1).
    public var fields: Int
    /// Whether any byte is ≥ 0x80 (the line then needs UTF-8 validation).
    public var hasHighBytes: Bool
    /// Offset of the first NUL byte, or -1.
    public var firstNUL: Int
    /// Whether the line is well-formed UTF-8 (`isValidUTF8`), when the split was asked to check
    /// (`split(_:validatingUTF8:)`); true when it was not.
    public var isValidUTF8 = true
}

/// Splits lines on `|`, 64 bytes at a time: the offsets of the separators, then the line's length,
/// go to `ends` (at most `capacity` entries; further separators are only counted).
///
/// Each 64-byte block becomes three 64-bit masks (separators, bytes ≥ 0x80, NULs) whose set bits
/// are walked with `trailingZeroBitCount`. Three kernels make the masks, all giving the same result
/// (`Kernel`): AVX2 in C over the whole line (`CSimd`), chosen at run time when the CPU has it;
/// SSE2 compares and `movemask` (part of the x86-64 baseline); SWAR arithmetic on 64-bit words
/// (any architecture). No byte past the line is ever read. Not `Sendable`: it owns its buffers.
@_spi(Internals) public struct FieldSplitter: ~Copyable {
    /// Which code finds the separators.
    public enum Kernel: String, Sendable, CaseIterable {
        /// AVX2, two 32-byte compares per block, in the `CSimd` C target (x86-64 with AVX2 only).
        case avx2
        /// SSE2, four 16-byte compares per block (x86-64; SWAR elsewhere).
        case sse2
        /// Portable 64-bit word arithmetic.
        case swar

        /// Whether this CPU can run the kernel.
        public var isAvailable: Bool {
            switch self {
            case .avx2: cpuHasAVX2
            case .sse2, .swar: true
            }
        }

        /// The fastest kernel this CPU can run.
        public static let best: Kernel = cpuHasAVX2 ? .avx2 : .sse2
    }

    /// The separator offsets, then the line's length, of the last line split (`capacity` entries,
    /// and scratch room after them).
    let ends: UnsafeMutablePointer<Int32>
    /// How many entries `ends` holds.
    public let capacity: Int
    /// The kernel `split(_:)` uses.
    public let kernel: Kernel
    private let scratch: UnsafeMutableRawPointer

    /// A splitter for lines of up to `capacity - 1` stored separators.
    ///
    /// - Precondition: `capacity > 0` and `kernel.isAvailable`.
    public init(capacity: Int, kernel: Kernel = .best) {
        precondition(capacity > 0, "a splitter stores at least the line's end")
        precondition(kernel.isAvailable, "the \(kernel) kernel cannot run on this CPU")
        self.capacity = capacity
        self.kernel = kernel
        // The AVX2 kernel may write a few scratch entries past the stored ones.
        ends = .allocate(capacity: capacity + Int(CSIMD_ENDS_SLACK))
        scratch = .allocate(byteCount: 64, alignment: 64)
    }

    deinit {
        ends.deallocate()
        scratch.deallocate()
    }

    /// The end offset of field `i` (its separator, or the line's length for the last field) in the
    /// last line split.
    ///
    /// - Precondition: `i < min(fields, capacity)` for that line's `FieldScan`.
    public func end(ofField i: Int) -> Int {
        precondition(i >= 0 && i < capacity)
        return Int(ends[i])
    }

    /// Splits one line (without its newline) with `kernel`; never allocates. With
    /// `validatingUTF8`, also says whether the line is well-formed UTF-8: the AVX2 kernel checks it
    /// in the same pass, the others with `isValidUTF8` when the line has high bytes.
    @inline(__always)
    public func split(_ line: UnsafeRawBufferPointer, validatingUTF8: Bool = false) -> FieldScan {
        switch kernel {
        case .avx2:
            guard let base = line.baseAddress else { return splitBlocks(line, portable: true) }
            // safe: `csimd_split_avx2` reads only `line` and writes `ends` below `capacity` plus its
            // slack (allocated in `init`); the kernel is only chosen when the CPU has AVX2 (checked
            // in `init`).
            let scan = csimd_split_avx2(
                base.assumingMemoryBound(to: UInt8.self), line.count, ends, capacity, validatingUTF8 ? 1 : 0)
            return FieldScan(
                fields: scan.separators + 1, hasHighBytes: scan.high_bytes != 0, firstNUL: scan.first_nul,
                isValidUTF8: scan.valid_utf8 != 0)
        case .sse2:
            var scan = splitBlocks(line, portable: false)
            if validatingUTF8, scan.hasHighBytes { scan.isValidUTF8 = isValidUTF8(line) }
            return scan
        case .swar:
            var scan = splitBlocks(line, portable: true)
            if validatingUTF8, scan.hasHighBytes { scan.isValidUTF8 = isValidUTF8(line) }
            return scan
        }
    }

    /// SSE2 or SWAR masks, 64 bytes at a time; the last partial block is copied into a zero-padded
    /// scratch block.
    private func splitBlocks(_ line: UnsafeRawBufferPointer, portable: Bool) -> FieldScan {
        let count = line.count
        var separators = 0
        var high: UInt64 = 0
        var firstNUL = -1
        if let base = line.baseAddress {
            var offset = 0
            while offset < count {
                let valid = count - offset
                let block: UnsafeRawPointer
                let inLine: UInt64
                if valid >= 64 {
                    block = base + offset
                    inLine = ~0
                } else {
                    // safe: copies exactly the `valid` bytes left in the line into the 64-byte scratch.
                    scratch.initializeMemory(as: UInt8.self, repeating: 0, count: 64)
                    scratch.copyMemory(from: base + offset, byteCount: valid)
                    block = UnsafeRawPointer(scratch)
                    inLine = (1 << UInt64(valid)) &- 1
                }
                let masks = portable ? swarMasks(block) : blockMasks(block)
                var pipes = masks.pipes & inLine
                high |= masks.high
                let nul = masks.nul & inLine
                if nul != 0, firstNUL < 0 { firstNUL = offset + nul.trailingZeroBitCount }
                let fast = separators + pipes.nonzeroBitCount <= capacity
                while pipes != 0 {
                    // safe: written only below `capacity`.
                    if fast || separators < capacity { ends[separators] = Int32(offset + pipes.trailingZeroBitCount) }
                    separators += 1
                    pipes &= pipes &- 1
                }
                offset += 64
            }
        }
        if separators < capacity { ends[separators] = Int32(count) }
        return FieldScan(fields: separators + 1, hasHighBytes: high != 0, firstNUL: firstNUL)
    }

    /// The byte-at-a-time reference the kernels are tested and measured against (with
    /// `validatingUTF8`, `isValidUTF8Scalar` gives the UTF-8 answer).
    public func splitScalar(_ line: UnsafeRawBufferPointer, validatingUTF8: Bool = false) -> FieldScan {
        var separators = 0
        var high = false
        var firstNUL = -1
        for (i, b) in line.enumerated() {
            if b >= 0x80 { high = true }
            if b == 0, firstNUL < 0 { firstNUL = i }
            if b == 0x7C {
                if separators < capacity { ends[separators] = Int32(i) }
                separators += 1
            }
        }
        if separators < capacity { ends[separators] = Int32(line.count) }
        return FieldScan(
            fields: separators + 1, hasHighBytes: high, firstNUL: firstNUL,
            isValidUTF8: validatingUTF8 ? isValidUTF8Scalar(line) : true)
    }
}

typealias BlockMasks = (pipes: UInt64, high: UInt64, nul: UInt64)

/// The masks of one 64-byte block: SSE2 on x86-64, SWAR elsewhere.
@inline(__always)
private func blockMasks(_ p: UnsafeRawPointer) -> BlockMasks {
    #if arch(x86_64)
        let bar = _mm_set1_epi8(0x7C)
        let zero = _mm_setzero_si128()
        var pipes: UInt64 = 0
        var high: UInt64 = 0
        var nul: UInt64 = 0
        for i in 0..<4 {
            // safe: the caller guarantees 64 readable bytes at `p`.
            let v = _mm_loadu_si128((p + 16 * i).assumingMemoryBound(to: __m128i.self))
            let shift = UInt64(16 * i)
            pipes |= UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(_mm_cmpeq_epi8(v, bar)))) << shift
            high |= UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(v))) << shift
            nul |= UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(_mm_cmpeq_epi8(v, zero)))) << shift
        }
        return (pipes, high, nul)
    #else
        return swarMasks(p)
    #endif
}

/// The masks of one 64-byte block with 64-bit word arithmetic (any architecture).
@inline(__always)
private func swarMasks(_ p: UnsafeRawPointer) -> BlockMasks {
    var pipes: UInt64 = 0
    var high: UInt64 = 0
    var nul: UInt64 = 0
    for i in 0..<8 {
        // safe: the caller guarantees 64 readable bytes at `p`.
        let w = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))
        let shift = UInt64(8 * i)
        pipes |= gather(zeroBytes(w ^ 0x7C7C_7C7C_7C7C_7C7C)) << shift
        high |= gather(w & 0x8080_8080_8080_8080) << shift
        nul |= gather(zeroBytes(w)) << shift
    }
    return (pipes, high, nul)
}

/// 0x80 in each byte of `w` that is zero, exactly (no carry between bytes).
@inline(__always)
private func zeroBytes(_ w: UInt64) -> UInt64 {
    let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    return ~(((w & low7) &+ low7) | w | low7)
}

/// Packs the top bit of each byte (0x80 flags) into 8 bits, byte 0 → bit 0.
@inline(__always)
private func gather(_ flags: UInt64) -> UInt64 {
    ((flags >> 7) &* 0x0102_0408_1020_4080) >> 56
}
