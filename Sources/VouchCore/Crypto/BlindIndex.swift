import Crypto
import Foundation

/// Keyed blind indexes: HMAC-SHA256 of a normalised value under a key of the tenant's, so an
/// equality lookup (an email, a full name, a document number) finds a row without the value
/// being stored, and an index is useless without the key and to any other tenant.
///
/// The key is derived from the tenant's first data key, which neither a master key rotation (it
/// re-wraps the same key) nor a data key rotation (it adds a key, keeps the first) changes.
public struct BlindIndex: Sendable {
    private let key: SymmetricKey

    init(firstDataKey: SymmetricKey) {
        key = HKDF<SHA256>.deriveKey(inputKeyMaterial: firstDataKey, info: Data("vouch/blind-index".utf8), outputByteCount: 32)
    }

    /// Emails compare without case or surrounding space.
    public func email(_ email: String) -> [UInt8] {
        mac("email", email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased())
    }

    /// Names compare without case, accents, punctuation, extra space or word order: "José  O'Neil"
    /// is "oneil jose" (a name given as "last first" still finds its applicant).
    public func name(first: String?, last: String?) -> [UInt8]? {
        let words = [first, last].compactMap { $0 }.joined(separator: " ")
            .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .split(whereSeparator: { $0.isWhitespace || $0 == "-" })
            .map { $0.filter { $0.isLetter || $0.isNumber } }
            .filter { !$0.isEmpty }
        guard !words.isEmpty else { return nil }
        return mac("name", words.sorted().joined(separator: " "))
    }

    /// Document numbers compare on their letters and digits, upper case.
    public func documentNumber(_ number: String) -> [UInt8] {
        mac("document-number", number.uppercased().filter { $0.isLetter || $0.isNumber })
    }

    /// The purpose is part of the input, so equal values of different kinds never collide.
    private func mac(_ purpose: String, _ normalised: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Data("\(purpose)\u{0}\(normalised)".utf8), using: key))
    }
}
