import Testing

@testable import AnnuaireSync

@Test func sha1OfABC() {
    var s = SHA1(); Array("abc".utf8).withUnsafeBytes { s.update($0) }; #expect(s.hexDigest() == "a9993e364706816aba3e25717850c26c9cd0d89d")
}
