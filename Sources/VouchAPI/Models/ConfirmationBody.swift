/// What a deletion-like request answers: `{"object": …, "id": …, "<outcome>": true}`, as in
/// `{"object": "api_key", "id": "key_…", "revoked": true}`.
struct ConfirmationBody: Encodable {
    /// The one member that says what happened to the object.
    enum Outcome: String {
        case revoked, deleted
    }

    var object: String
    var id: String
    var outcome: Outcome

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyCodingKey.self)
        try container.encode(object, forKey: AnyCodingKey(stringValue: "object"))
        try container.encode(Livemode(), forKey: AnyCodingKey(stringValue: "livemode"))
        try container.encode(id, forKey: AnyCodingKey(stringValue: "id"))
        try container.encode(true, forKey: AnyCodingKey(stringValue: outcome.rawValue))
    }
}
