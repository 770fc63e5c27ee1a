/// The Luhn (mod 10) check used by RPPS, ADELI, FINESS, SIREN and SIRET numbers.
public enum Luhn {
    /// Whether `digits` (ASCII `0`–`9` only) passes the Luhn check, the last digit being the key.
    /// Returns `false` when a byte is not a digit.
    @inlinable
    public static func isValid(_ digits: some Collection<UInt8>) -> Bool {
        var sum = 0
        var double = false
        for byte in digits.reversed() {
            let d = Int(byte) &- 48
            guard d >= 0 && d <= 9 else { return false }
            if double {
                let twice = d * 2
                sum += twice > 9 ? twice - 9 : twice
            } else {
                sum += d
            }
            double.toggle()
        }
        return sum % 10 == 0
    }

    /// The digit that completes `payload` (ASCII digits) into a Luhn-valid number.
    public static func checkDigit(for payload: some Collection<UInt8>) -> UInt8 {
        var sum = 0
        var double = true  // the payload's last digit is doubled once the key is appended
        for byte in payload.reversed() {
            let d = Int(byte) - 48
            if double {
                let twice = d * 2
                sum += twice > 9 ? twice - 9 : twice
            } else {
                sum += d
            }
            double.toggle()
        }
        return UInt8(48 + (10 - sum % 10) % 10)
    }
}
