/// One word of a name, in the upper-case ASCII forms it may take on an identity document.
struct NameToken: Sendable {
    /// Which part of the name the word was given in; surnames weigh more when scoring.
    enum Role: Sendable {
        case surname
        case given
    }

    /// Diacritics dropped: MÜLLER → MULLER.
    var plain: [UInt8]
    /// The ICAO transliteration (MÜLLER → MUELLER), present only when it differs from `plain`.
    var icao: [UInt8]?
    var role: Role

    /// Both spellings agree on single letters, so one form is enough to recognise an initial.
    var isInitial: Bool { plain.count == 1 }
}
