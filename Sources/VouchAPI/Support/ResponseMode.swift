/// The mode a merchant request runs in, live or test, as its key's tenant says: set by
/// `APIKeyMiddleware` for the handler's duration, so that every object written in the answer
/// carries it without each handler passing it along.
enum ResponseMode {
    @TaskLocal static var livemode = true
}

/// An object's `livemode` member: the request's mode (`ResponseMode`), unless the object says
/// otherwise (a test key created with a live one).
struct Livemode: Encodable, Sendable {
    var value: Bool?

    init(_ value: Bool? = nil) {
        self.value = value
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value ?? ResponseMode.livemode)
    }
}
