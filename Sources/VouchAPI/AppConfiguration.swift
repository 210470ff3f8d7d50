import Configuration
import Crypto
import FaceRecognition
import Foundation
import Logging
import VouchCore

/// Why the server cannot start with the configuration it was given.
public struct ConfigurationError: Error, CustomStringConvertible {
    public var description: String
}

/// Everything the server reads from its environment. Each setting comes from the command line,
/// else the environment (`VOUCH_PORT` for `vouch.port`), else its default.
public struct AppConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The application role's connection string (row-level security applies to it).
    public var databaseURL: String
    /// The owner's connection string, for migrations and operator commands.
    public var adminDatabaseURL: String?
    public var keyring: Keyring
    public var sessionSecret: SymmetricKey
    public var sessionLifetime: TimeInterval
    public var uploadLimits: DocumentUploadLimits
    /// Uploads taken in at once by this instance, and how long one more waits for a turn.
    public var uploadAdmission = UploadAdmissionSettings()
    /// How often, once uploads have finished and none is in flight, freed heap is handed back
    /// to the system (`VOUCH_HEAP_TRIM_MS`; 0 or nil: never).
    public var heapTrimInterval: Duration? = .seconds(1)
    public var poolSize: Int
    /// Connections that serve single-statement reads, all driven by one thread.
    public var pipelineConnections: Int
    public var migrationsDirectory: URL?
    public var apiKeyCacheLifetime: TimeInterval
    public var logLevel: Logger.Level
    /// What this process runs: the HTTP API, the verification workers, or both.
    public var role: ServerRole = .all
    public var worker = JobWorkerConfiguration()
    /// Sanctions screening and the regulator; neither is called until configured.
    public var providers = ProviderSettings()
    /// Where merchant-supplied URLs may point (`VOUCH_EGRESS_ALLOW`: CIDRs let through).
    public var egress = EgressPolicy()
    public var webhooks = WebhookSenderConfiguration()
    /// Requests per API key and per tenant (GCRA, in memory; `VOUCH_RATE_LIMIT=off` turns it off).
    public var rateLimits = RateLimitSettings()
    /// How often applicants past their tenant's retention period are looked for and erased.
    public var retentionInterval: Duration = .seconds(3600)
    /// How often the monitoring tenants' full re-screen schedules are read.
    public var monitoringScheduleInterval: Duration = .seconds(3600)
    /// How often API keys' `last_used_at` is written (a batch per tenant, not a write per request).
    public var apiKeyTouchInterval: Duration = .seconds(10)
    /// On SIGTERM: how long in-flight requests, jobs and deliveries may take to finish before
    /// what remains is cancelled and handed back to its queue (`VOUCH_SHUTDOWN_GRACE_SECONDS`).
    public var shutdownGrace: Duration = .seconds(25)
    /// How long test mode's regulator takes to call back after a `PENDING…` document number
    /// (`VOUCH_TEST_MODE_CALLBACK_SECONDS`).
    public var testModeCallbackDelay: Duration = .seconds(3)
    /// Work units one `POST /v1/rules/simulate` may spend across all the decisions it replays
    /// (`VOUCH_RULE_SIMULATION_BUDGET`); each decision gets at most `DecisionEngine.decisionBudget`.
    public var ruleSimulationBudget = RuleSimulator.defaultBudget
    /// The face check (`VOUCH_FACE_CHECKS`, on by default): where dlib's models are and how
    /// many inference threads the workers run.
    public var faceChecks = FaceCheckSettings()
    /// The face models, loaded by `vouch serve` before it starts (nil: no face checks run and
    /// each is recorded as skipped).
    public var faceModels: FaceModels?
    /// How often the queue, backlog and pool gauges of `/metrics` are sampled (nil: never).
    public var operationalMetricsInterval: Duration? = .seconds(5)

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        databaseURL: String,
        adminDatabaseURL: String? = nil,
        keyring: Keyring,
        sessionSecret: SymmetricKey? = nil,
        sessionLifetime: TimeInterval = 900,
        uploadLimits: DocumentUploadLimits = DocumentUploadLimits(),
        poolSize: Int = 4,
        pipelineConnections: Int = 1,
        migrationsDirectory: URL? = nil,
        apiKeyCacheLifetime: TimeInterval = 5,
        logLevel: Logger.Level = .info
    ) {
        self.host = host
        self.port = port
        self.databaseURL = databaseURL
        self.adminDatabaseURL = adminDatabaseURL
        self.keyring = keyring
        self.sessionSecret = sessionSecret ?? SymmetricKey(size: .bits256)
        self.sessionLifetime = sessionLifetime
        self.uploadLimits = uploadLimits
        self.poolSize = poolSize
        self.pipelineConnections = pipelineConnections
        self.migrationsDirectory = migrationsDirectory
        self.apiKeyCacheLifetime = apiKeyCacheLifetime
        self.logLevel = logLevel
    }

    /// Reads the configuration. The master key (base64, 32 bytes) from exactly one of
    /// `VOUCH_MASTER_KEY`, `VOUCH_MASTER_KEY_FILE` and `VOUCH_MASTER_KEY_COMMAND`, and
    /// `VOUCH_DATABASE_URL` are required. During a master key rotation,
    /// `VOUCH_ACCEPTED_MASTER_KEYS` (base64, comma-separated) still open what they wrapped.
    public init(reader: ConfigReader) throws {
        let masterKey = try Self.masterKeySource(reader).masterKey()
        let acceptedMasterKeys = try (reader.string(forKey: "vouch.accepted.master.keys", isSecret: true) ?? "")
            .split(separator: ",")
            .map { try MasterKeyText.decode(String($0), from: "VOUCH_ACCEPTED_MASTER_KEYS") }
        guard let databaseURL = reader.string(forKey: "vouch.database.url", isSecret: true) else {
            throw ConfigurationError(description: "VOUCH_DATABASE_URL is required")
        }
        // Session tokens are signed with a key of their own, derived from the master key unless
        // one is given, so every instance with the same master key accepts the same tokens.
        let givenSessionSecret = try reader.string(forKey: "vouch.session.secret", isSecret: true).map { text in
            guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
                data.count >= ProviderSettings.minimumSecretBytes
            else {
                throw ConfigurationError(description: "VOUCH_SESSION_SECRET must be at least 32 bytes in base64")
            }
            return SymmetricKey(data: data)
        }
        let sessionSecret =
            givenSessionSecret
            ?? HKDF<SHA256>.deriveKey(
                inputKeyMaterial: masterKey,
                info: Data("vouch/applicant-session-tokens".utf8),
                outputByteCount: 32
            )
        self.init(
            host: reader.string(forKey: "vouch.host", default: "127.0.0.1"),
            port: reader.int(forKey: "vouch.port", default: 8080),
            databaseURL: databaseURL,
            adminDatabaseURL: reader.string(forKey: "vouch.admin.database.url", isSecret: true),
            keyring: Keyring(masterKey: masterKey, acceptedMasterKeys: acceptedMasterKeys),
            sessionSecret: sessionSecret,
            sessionLifetime: TimeInterval(reader.int(forKey: "vouch.session.ttl.seconds", default: 900)),
            uploadLimits: DocumentUploadLimits(
                maximumFileBytes: reader.int(forKey: "vouch.max.upload.bytes", default: 10 * 1024 * 1024),
                maximumVersions: reader.int(forKey: "vouch.max.document.versions", default: 20)
            ),
            poolSize: reader.int(forKey: "vouch.database.pool.size", default: 4),
            pipelineConnections: reader.int(forKey: "vouch.database.pipeline.connections", default: 1),
            migrationsDirectory: URL(fileURLWithPath: reader.string(forKey: "vouch.migrations.dir", default: "migrations")),
            apiKeyCacheLifetime: TimeInterval(reader.int(forKey: "vouch.api.key.cache.seconds", default: 5)),
            logLevel: Logger.Level(rawValue: reader.string(forKey: "vouch.log.level", default: "info")) ?? .info
        )
        guard let role = ServerRole(rawValue: reader.string(forKey: "vouch.role", default: "all")) else {
            throw ConfigurationError(description: "VOUCH_ROLE must be api, worker or all")
        }
        self.role = role
        providers = try ProviderSettings(reader: reader)
        let window = Double(max(1, reader.int(forKey: "vouch.rate.limit.window.seconds", default: 1)))
        let limitMode = reader.string(forKey: "vouch.rate.limit", default: "on")
        guard ["on", "off", "shared"].contains(limitMode) else {
            throw ConfigurationError(description: "VOUCH_RATE_LIMIT must be on, off or shared")
        }
        rateLimits = RateLimitSettings(
            enabled: limitMode != "off",
            shared: limitMode == "shared",
            perKey: RateLimitPolicy(name: "default", quota: reader.int(forKey: "vouch.rate.limit.key", default: 100), window: window),
            perTenant: RateLimitPolicy(name: "tenant", quota: reader.int(forKey: "vouch.rate.limit.tenant", default: 300), window: window),
            perApplicantUploads: RateLimitPolicy(
                name: "applicant_uploads",
                quota: reader.int(forKey: "vouch.session.uploads.per.minute", default: 10),
                window: 60
            ),
            perApplicantReads: RateLimitPolicy(
                name: "applicant_reads",
                quota: reader.int(forKey: "vouch.session.reads.per.minute", default: 60),
                window: 60
            )
        )
        let trimMilliseconds = reader.int(forKey: "vouch.heap.trim.ms", default: 1000)
        heapTrimInterval = trimMilliseconds > 0 ? .milliseconds(trimMilliseconds) : nil
        uploadAdmission = UploadAdmissionSettings(
            inFlight: reader.int(forKey: "vouch.uploads.in.flight", default: UploadAdmissionSettings().inFlight),
            wait: .milliseconds(max(0, reader.int(forKey: "vouch.upload.wait.ms", default: 2000))),
            perTenant: reader.int(forKey: "vouch.uploads.in.flight.per.tenant"),
            fullUploadBytes: uploadLimits.maximumRequestBytes
        )
        do {
            egress = try EgressPolicy(allowList: reader.string(forKey: "vouch.egress.allow", default: ""))
        } catch {
            throw ConfigurationError(description: "VOUCH_EGRESS_ALLOW must be comma-separated CIDRs, e.g. 127.0.0.0/8,::1/128")
        }
        faceChecks = try FaceCheckSettings(reader: reader)
        worker.concurrency = max(1, reader.int(forKey: "vouch.worker.concurrency", default: 4))
        // A job whose worker died waits out its lease before another worker takes it.
        let lease = max(2, reader.int(forKey: "vouch.worker.lease.seconds", default: 120))
        worker.lease = .seconds(lease)
        worker.recoveryInterval = .seconds(min(15, max(1, lease / 2)))
        ruleSimulationBudget = max(1, reader.int(forKey: "vouch.rule.simulation.budget", default: RuleSimulator.defaultBudget))
        shutdownGrace = .seconds(max(1, reader.int(forKey: "vouch.shutdown.grace.seconds", default: 25)))
        testModeCallbackDelay = .seconds(min(3600, max(0, reader.int(forKey: "vouch.test.mode.callback.seconds", default: 3))))
        worker.drainTimeout = shutdownGrace
        webhooks.drainTimeout = shutdownGrace
    }
}

/// Which parts of Vouch a process runs; both are stateless, so any number of each can run.
public enum ServerRole: String, Sendable, CaseIterable {
    case api
    case worker
    case all

    public var servesHTTP: Bool { self != .worker }
    public var runsWorkers: Bool { self != .api }
}

/// The request limits every API key, every tenant and every applicant session gets.
public struct RateLimitSettings: Sendable {
    public var enabled: Bool
    /// Decided in Postgres, so every instance shares one limit (`VOUCH_RATE_LIMIT=shared`).
    public var shared: Bool
    public var perKey: RateLimitPolicy
    public var perTenant: RateLimitPolicy
    /// One applicant's uploads through its session tokens (`VOUCH_SESSION_UPLOADS_PER_MINUTE`).
    public var perApplicantUploads: RateLimitPolicy
    /// One applicant's other requests through its session tokens (`VOUCH_SESSION_READS_PER_MINUTE`).
    public var perApplicantReads: RateLimitPolicy

    public init(
        enabled: Bool = true,
        shared: Bool = false,
        perKey: RateLimitPolicy = RateLimitPolicy(name: "default", quota: 100),
        perTenant: RateLimitPolicy = RateLimitPolicy(name: "tenant", quota: 300),
        perApplicantUploads: RateLimitPolicy = RateLimitPolicy(name: "applicant_uploads", quota: 10, window: 60),
        perApplicantReads: RateLimitPolicy = RateLimitPolicy(name: "applicant_reads", quota: 60, window: 60)
    ) {
        self.enabled = enabled
        self.shared = shared
        self.perKey = perKey
        self.perTenant = perTenant
        self.perApplicantUploads = perApplicantUploads
        self.perApplicantReads = perApplicantReads
    }
}

extension AppConfiguration {
    /// The one master key source the configuration names.
    static func masterKeySource(_ reader: ConfigReader) throws -> any MasterKeySource {
        var sources: [any MasterKeySource] = []
        if let text = reader.string(forKey: "vouch.master.key", isSecret: true) {
            sources.append(InlineMasterKey(text: text, name: "VOUCH_MASTER_KEY"))
        }
        if let path = reader.string(forKey: "vouch.master.key.file") { sources.append(FileMasterKey(path: path)) }
        if let command = reader.string(forKey: "vouch.master.key.command", isSecret: true) {
            sources.append(CommandMasterKey(command: command))
        }
        guard sources.count == 1 else {
            throw ConfigurationError(
                description: "give the master key in exactly one of VOUCH_MASTER_KEY, VOUCH_MASTER_KEY_FILE and VOUCH_MASTER_KEY_COMMAND"
            )
        }
        return sources[0]
    }
}
