/// How `vouch-simulator` runs, and where it sends the regulator's callbacks.
public struct SimulatorSettings: Sendable {
    public var host: String
    /// 0 picks a free port (tests read it back from `ProviderSimulator.port`).
    public var port: Int
    /// Vouch's `POST /v1/callbacks/regulator`; without it, `pending` checks are never finished.
    public var callbackURL: String?
    public var callbackSecret: [UInt8]?
    /// How long after a `pending` answer the callback with `match` is sent.
    public var callbackDelay: Duration
    /// How long a `SLOW…` document number takes to answer.
    public var slowDelay: Duration

    public init(
        host: String = "127.0.0.1",
        port: Int = 8090,
        callbackURL: String? = nil,
        callbackSecret: [UInt8]? = nil,
        callbackDelay: Duration = .seconds(3),
        slowDelay: Duration = .seconds(20)
    ) {
        self.host = host
        self.port = port
        self.callbackURL = callbackURL
        self.callbackSecret = callbackSecret
        self.callbackDelay = callbackDelay
        self.slowDelay = slowDelay
    }
}
