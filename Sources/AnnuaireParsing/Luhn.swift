/// The Luhn (mod 10) check used by RPPS, ADELI, FINESS, SIREN and SIRET numbers.
public enum Luhn {
    /// Whether `digits` (ASCII `0`–`9` only) passes the Luhn check, the last digit being the key.
    /// Returns `false` when a byte is not a digit.
    @inlinable
    public static func isValid(_ digits: some Collection<UInt8>) -> Bool {
        sum(digits, doublingTheLast: false).map { $0 % 10 == 0 } ?? false
    }

    /// The digit that completes `payload` (ASCII digits) into a Luhn-valid number.
    public static func checkDigit(for payload: some Collection<UInt8>) -> UInt8 {
        // The payload's last digit is doubled once the key is appended.
        UInt8(48 + (10 - (sum(payload, doublingTheLast: true) ?? 0) % 10) % 10)
    }

    /// The Luhn sum of `digits`, every second digit from the right doubled (the last one first
    /// when `doublingTheLast`); nil when a byte is not a digit.
    @inlinable
    static func sum(_ digits: some Collection<UInt8>, doublingTheLast: Bool) -> Int? {
        var sum = 0
        // Read from the left (no reversed copy): the first digit is doubled when the last one is
        // and the count is odd, or when it is not and the count is even.
        var double = (digits.count % 2 == 0) != doublingTheLast
        for byte in digits {
            let d = Int(byte) &- 48
            guard d >= 0 && d <= 9 else { return nil }
            sum += double ? (d < 5 ? d * 2 : d * 2 - 9) : d
            double.toggle()
        }
        return sum
    }
}
