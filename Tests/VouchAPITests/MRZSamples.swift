import Verification

/// Builds valid TD1 (identity card) zones for the pipeline tests, check digits computed.
enum MRZSamples {
    /// `birth` and `expiry` as YYMMDD.
    static func td1(
        documentNumber: String = "L898902C3",
        surname: String = "LOVELACE",
        givenNames: String = "ADA",
        birth: String = "901210",
        expiry: String = "341231",
        nationality: String = "GBR",
        sex: String = "F"
    ) -> String {
        func pad(_ text: String, _ length: Int) -> String {
            text.replacingOccurrences(of: " ", with: "<") + String(repeating: "<", count: max(0, length - text.count))
        }
        func digit(_ text: String) -> String { String(MRZ.checkDigit(Array(text.utf8))) }
        let number = pad(documentNumber, 9)
        let optional1 = pad("", 15)
        let line1 = "I<" + nationality + number + digit(number) + optional1
        let line2Head = birth + digit(birth) + sex + expiry + digit(expiry) + nationality + pad("", 11)
        let composite =
            String(line1.dropFirst(5)) + String(line2Head.prefix(7)) + String(line2Head.dropFirst(8).prefix(7))
            + String(line2Head.dropFirst(18).prefix(11))
        let line2 = line2Head + digit(composite)
        let line3 = pad(surname + "<<" + givenNames.replacingOccurrences(of: " ", with: "<"), 30)
        return [line1, line2, line3].joined(separator: "\n")
    }
}
