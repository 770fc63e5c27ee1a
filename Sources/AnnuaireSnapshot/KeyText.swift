import AnnuaireParsing

/// The identity columns of a practitioner as its key gives them, `T|I|TI`: the type code in
/// decimal, the identifier (upper case), then both together (the national identifier). A row whose
/// identity columns are exactly these bytes is stored without them (`RowLayout`); the reader puts
/// these back.
///
/// The bytes are owned (a row's values may point into them while the `KeyText` lives).
final class KeyText {
    /// The key.
    let key: PractitionerKey
    /// `T|I|TI`.
    let span: UnsafeRawBufferPointer
    /// The three values.
    let type: UnsafeRawBufferPointer
    let identifier: UnsafeRawBufferPointer
    let national: UnsafeRawBufferPointer
    private let storage: UnsafeMutableRawPointer

    init(_ key: PractitionerKey) {
        self.key = key
        storage = .allocate(byteCount: Self.capacity, alignment: 8)
        let n = Self.write(key, into: storage)
        span = UnsafeRawBufferPointer(start: storage, count: n.span)
        type = UnsafeRawBufferPointer(start: storage, count: n.type)
        identifier = UnsafeRawBufferPointer(start: storage + n.type + 1, count: n.identifier)
        national = UnsafeRawBufferPointer(start: storage + n.type + n.identifier + 2, count: n.type + n.identifier)
    }

    deinit { storage.deallocate() }

    /// Room for `T|I|TI`: a type of at most 2 digits, an identifier of at most 11 characters.
    static let capacity = 32

    /// Writes `T|I|TI` for `key` at `out` (`capacity` bytes); returns the lengths of the type, the
    /// identifier and the whole.
    static func write(_ key: PractitionerKey, into out: UnsafeMutableRawPointer) -> (type: Int, identifier: Int, span: Int) {
        // The identifier's characters, last first, at the end of the buffer's room.
        var packed = key.rawValue % 177_917_621_779_460_413  // 37¹¹, the type's place
        var count = 0
        // safe, every store below: at most 2 + 1 + 11 + 1 + 2 + 11 = 28 bytes are written, within
        // `capacity` (32); the identifier's 11 characters are first put at 20..<31.
        while packed > 0, count < 11 {
            let c = UInt8(packed % 37)
            out.storeBytes(of: c <= 10 ? c + 47 : c + 54, toByteOffset: 31 - count, as: UInt8.self)
            packed /= 37
            count += 1
        }
        let code = key.typeCode
        let type = code >= 10 ? 2 : 1
        func putType(at at: Int) {
            if code >= 10 { out.storeBytes(of: UInt8(48 + code / 10 % 10), toByteOffset: at, as: UInt8.self) }
            out.storeBytes(of: UInt8(48 + code % 10), toByteOffset: at + type - 1, as: UInt8.self)
        }
        // `T|` then the identifier moved down, `|`, `T` again and the identifier again.
        putType(at: 0)
        out.storeBytes(of: 0x7C, toByteOffset: type, as: UInt8.self)
        (out + type + 1).copyMemory(from: out + 32 - count, byteCount: count)
        out.storeBytes(of: 0x7C, toByteOffset: type + 1 + count, as: UInt8.self)
        putType(at: type + 2 + count)
        (out + 2 * type + 2 + count).copyMemory(from: out + type + 1, byteCount: count)
        return (type, count, 2 * type + 2 + 2 * count)
    }
}
