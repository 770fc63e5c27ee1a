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
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var packed = key.rawValue % 177_917_621_779_460_413  // 37¹¹, the type's place
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while packed > 0, count < 12 {
                let c = UInt8(packed % 37)
                d[count] = c <= 10 ? c + 47 : c + 54
                packed /= 37
                count += 1
            }
        }
        let code = key.typeCode
        var at = 0
        func put(_ b: UInt8) {
            // safe: at most 2 + 1 + 11 + 1 + 2 + 11 = 28 bytes are written, within `capacity`.
            out.storeBytes(of: b, toByteOffset: at, as: UInt8.self)
            at += 1
        }
        func putType() {
            if code >= 10 { put(UInt8(48 + code / 10 % 10)) }
            put(UInt8(48 + code % 10))
        }
        func putIdentifier() {
            withUnsafeBytes(of: &digits) { d in for i in stride(from: count - 1, through: 0, by: -1) { put(d[i]) } }
        }
        putType()
        let typeLength = at
        put(0x7C)
        putIdentifier()
        put(0x7C)
        putType()
        putIdentifier()
        return (typeLength, count, at)
    }
}
