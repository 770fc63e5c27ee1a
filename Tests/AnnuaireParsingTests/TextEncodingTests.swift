import Foundation
import Testing

@_spi(Internals) @testable import AnnuaireParsing

/// `isValidUTF8` (scalar and AVX2 kernels, and the AVX2 field splitter's check) against the
/// standard library's validation, with every sequence placed at every offset of the 8-, 16-, 32-
/// and 64-byte blocks they check at once.
@Suite struct TextEncodingTests {
    private func expectAgrees(_ bytes: [UInt8], _ context: @autoclosure () -> String) {
        let reference = String(validating: bytes, as: UTF8.self) != nil
        let scalar = bytes.withUnsafeBytes { isValidUTF8Scalar($0) }
        #expect(scalar == reference, "scalar, \(context()): \(bytes.map { String($0, radix: 16) })")
        if cpuHasAVX2 {
            let avx2 = bytes.withUnsafeBytes { isValidUTF8AVX2($0) }
            #expect(avx2 == reference, "AVX2, \(context()): \(bytes.map { String($0, radix: 16) })")
            // The check the AVX2 field splitter makes in the same pass.
            let split = bytes.withUnsafeBytes { FieldSplitter(capacity: 4, kernel: .avx2).split($0, validatingUTF8: true) }
            #expect(split.isValidUTF8 == reference, "AVX2 split, \(context()): \(bytes.map { String($0, radix: 16) })")
        }
    }

    @Test func everyTwoByteSequenceAtEveryOffset() {
        for pad in [0, 1, 6, 7, 8, 9, 14, 15, 16, 17, 23, 29, 30, 31, 32, 33, 47, 62, 63, 64, 65, 66, 67, 95, 96, 126, 127, 128] {
            for b0 in 0x80...0xFF {
                for b1 in stride(from: 0, through: 0xFF, by: pad % 3 == 0 ? 1 : 7) {
                    let prefix = [UInt8](repeating: 0x61, count: pad)
                    expectAgrees(prefix + [UInt8(b0), UInt8(b1)], "pad \(pad)")
                    expectAgrees(prefix + [UInt8(b0), UInt8(b1)] + Array("|fin de ligne".utf8), "pad \(pad), then ASCII")
                }
            }
        }
    }

    @Test func threeAndFourByteBoundaries() {
        let edges: [UInt8] = [0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF]
        for b0 in [0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5] as [UInt8] {
            for b1 in edges {
                for b2 in edges {
                    for b3 in edges {
                        for pad in [0, 5, 13, 15, 16, 17, 28, 29, 30, 31, 32, 61, 62, 64, 93, 125] {
                            let prefix = [UInt8](repeating: 0x20, count: pad)
                            expectAgrees(prefix + [b0, b1, b2], "3 bytes")
                            expectAgrees(prefix + [b0, b1, b2, b3] + [0x41], "4 bytes")
                        }
                    }
                }
            }
        }
    }

    @Test func frenchTextWithRandomDamage() {
        let text = Array("Médecin|Libéral|Pharmacien adjoint d'officine|Île-de-France|Œuvre|€ 12,50|Ça va|".utf8)
        var generator = SystemRandomNumberGenerator()
        expectAgrees(text, "intact")
        for _ in 0..<20_000 {
            var damaged = text
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            expectAgrees(damaged, "damaged")
            expectAgrees(damaged + damaged + damaged, "damaged, three times")
            expectAgrees(Array(damaged.prefix(Int.random(in: 0...damaged.count, using: &generator))), "cut")
        }
    }
}
