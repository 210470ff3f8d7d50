import FaceRecognition
import Hummingbird
import Logging
import ServiceLifecycle
import VouchCore

/// The long-lived parts of the server, built once from the configuration.
public struct AppServices: Sendable {
    public let database: TenantDatabase
    /// The workers', the webhook sender's and the sweeper's own connections: however much
    /// background work a tenant causes, requests never queue behind it for a connection.
    public let backgroundDatabase: TenantDatabase
    /// The one door across tenants, over the background pool: for the workers, the webhook
    /// sender, the sweepers, the metrics sampler and the regulator callbacks' reference lookup
    /// (see `UnscopedDatabase`). Made once, here; never given to a controller.
    public let unscoped: UnscopedDatabase
    public let tenants: TenantRepository
    public let apiKeys: APIKeyRepository
    public let authenticator: APIKeyAuthenticator
    public let applicants: ApplicantRepository
    /// The instance's keys for what it signs (deletion certificates), published as a JWKS.
    public let signingKeys: SigningKeyRepository
    public let documentRepository: DocumentRepository
    public let documents: DocumentService
    public let idempotency: IdempotencyRepository
    public let sessions: ApplicantSessions
    public let migrator: Migrator?
    public let dataKeys: DataKeyStore
    public let rules: RuleSetRepository
    public let reviews: ReviewRepository
    public let checks: ApplicantCheckRepository
    public let ruleSimulator: RuleSimulator
    /// The job queue, for the workers and for operators' tools.
    public let jobs: JobRepository
    public let jobRunner: JobRunner
    public let providers: ApplicantCheckProviders
    public let webhooks: WebhookRepository
    public let egress: EgressPolicy
    /// Sends endpoints a `ping` on request (`POST /v1/webhook-endpoints/{id}/test`).
    public let pinger: WebhookPinger
    /// Long polls of applicants' status, let go by changes announced from anywhere.
    public let applicantChanges: ApplicantChangeWaiters
    public let rateLimits: RateLimitSettings
    public let rateLimiter: any RateLimiter
    public let regulatorCallbacks: RegulatorCallbackService
    /// Uploads in flight on this instance.
    public let uploadGate: UploadGate

    /// What job and delivery leases are measured against: the database's clock but in tests.
    public let leaseClock: LeaseClock

    /// - Parameters:
    ///   - providers: the outside checks; by default, those the configuration names.
    ///   - leaseClock: what leases are measured against; a test moves it past a lease instead of
    ///     waiting for the lease to run out.
    public init(configuration: AppConfiguration, providers: ApplicantCheckProviders? = nil, leaseClock: LeaseClock = .database) async {
        // Before any metric is made, or it would report nowhere.
        PrometheusExport.bootstrap()
        var providers = providers ?? configuration.providers.makeProviders()
        self.leaseClock = leaseClock
        database = TenantDatabase(
            url: configuration.databaseURL,
            maximumConnections: configuration.poolSize,
            pipelineConnections: configuration.pipelineConnections
        )
        backgroundDatabase = TenantDatabase(
            url: configuration.databaseURL,
            maximumConnections: configuration.poolSize,
            pipelineConnections: 1,
            threadNiceness: BackgroundExecutor.shared.niceness
        )
        unscoped = UnscopedDatabase(sharing: backgroundDatabase)
        (providers.screening, providers.localLists) = Self.screening(
            remote: providers.screening,
            settings: configuration.providers,
            database: unscoped
        )
        tenants = TenantRepository(database: database, keyring: configuration.keyring)
        apiKeys = APIKeyRepository(database: database)
        authenticator = APIKeyAuthenticator(
            repository: apiKeys,
            cacheLifetime: configuration.apiKeyCacheLifetime,
            listenerURL: configuration.databaseURL,
            touchInterval: configuration.apiKeyTouchInterval
        )
        applicants = ApplicantRepository(database: database, keyring: configuration.keyring)
        signingKeys = SigningKeyRepository(database: database, keyring: configuration.keyring)
        documentRepository = DocumentRepository(database: database)
        dataKeys = DataKeyStore(database: database, keyring: configuration.keyring)
        documents = DocumentService(repository: documentRepository, keys: dataKeys, limits: configuration.uploadLimits)
        if providers.face == nil, let models = configuration.faceModels {
            let engine = FaceEngine(models: models, threads: configuration.faceChecks.threads, niceness: BackgroundExecutor.shared.niceness)
            providers.face = FaceMatcher(database: backgroundDatabase, keys: dataKeys, engine: engine)
        }
        if providers.testMode == nil {
            providers.testMode = TestModeProviders(database: backgroundDatabase, callbackDelay: configuration.testModeCallbackDelay)
        }
        self.providers = providers
        rules = RuleSetRepository(database: database)
        reviews = ReviewRepository(database: database)
        checks = ApplicantCheckRepository(database: database)
        ruleSimulator = RuleSimulator(checks: checks, budget: configuration.ruleSimulationBudget)
        jobs = JobRepository(database: unscoped, clock: leaseClock)
        jobRunner = JobRunner(
            database: unscoped,
            keys: dataKeys,
            keyring: configuration.keyring,
            providers: providers,
            logger: Logger(label: "vouch.worker")
        )
        webhooks = WebhookRepository(database: database, keyring: configuration.keyring)
        egress = configuration.egress
        pinger = WebhookPinger(store: webhooks, egress: configuration.egress, configuration: configuration.webhooks)
        applicantChanges = ApplicantChangeWaiters(listenerURL: configuration.databaseURL)
        rateLimits = configuration.rateLimits
        rateLimiter = configuration.rateLimits.shared ? PostgresRateLimiter(database: database) : InMemoryRateLimiter()
        regulatorCallbacks = RegulatorCallbackService(database: unscoped, secret: providers.regulatorCallbackSecret)
        idempotency = IdempotencyRepository(database: database, keys: dataKeys)
        uploadGate = UploadGate(settings: configuration.uploadAdmission)
        sessions = await ApplicantSessions(secret: configuration.sessionSecret, lifetime: configuration.sessionLifetime)
        migrator = configuration.migrationsDirectory.map(Migrator.init(directory:))
    }

    /// The lists screening asks (`VOUCH_SCREENING`): the remote service's, those loaded locally, or
    /// both; with the local ones apart when asked, for monitoring.
    static func screening(
        remote: (any ScreeningSource)?,
        settings: ProviderSettings,
        database: UnscopedDatabase
    ) -> (source: (any ScreeningSource)?, local: LocalListScreening?) {
        let local = LocalListScreening(
            database: database,
            recheck: settings.localListsRecheck,
            waitsForNewVersions: settings.localListsRecheck == .zero
        )
        switch settings.screeningLists {
        case .remote: return (remote, nil)
        case .local: return (local, local)
        case .both: return (remote.map { CombinedScreening(remote: $0, local: local) } ?? local, local)
        }
    }
}

/// Builds the router: public health routes, the merchant API behind API keys, and the seed's
/// end-user API behind applicant session tokens.
public func buildRouter(_ services: AppServices, registry: RouteRegistry = RouteRegistry()) -> Router<VouchRequestContext> {
    let router = operationsRouter(services, registry: registry)
    CallbacksController(callbacks: services.regulatorCallbacks).addRoutes(to: router, registry: registry)

    let rateLimits =
        services.rateLimits.enabled
        ? RateLimitGate(limiter: services.rateLimiter, perKey: services.rateLimits.perKey, perTenant: services.rateLimits.perTenant)
        : nil
    let idempotency = IdempotencyMiddleware(
        repository: services.idempotency,
        routes: registry,
        maximumBodyBytes: services.documents.limits.maximumRequestBytes,
        maximumFileBytes: services.documents.limits.maximumFileBytes
    )
    let authenticated = router.group()
        .add(middleware: APIKeyMiddleware(authenticator: services.authenticator, rateLimits: rateLimits))
        .group(context: TenantContext.self)
    let merchant = authenticated.group().add(middleware: idempotency)
    // Uploads take a permit before the idempotency check reads their body.
    let merchantUploads = authenticated.group()
        .add(middleware: UploadAdmissionMiddleware<TenantContext>(gate: services.uploadGate))
        .add(middleware: idempotency)
    ApplicantsController(applicants: services.applicants, sessions: services.sessions, changes: services.applicantChanges)
        .addRoutes(to: merchant, registry: registry)
    DocumentsController(documents: services.documents, repository: services.documentRepository)
        .addRoutes(to: merchant, uploads: merchantUploads, registry: registry)
    ChecksController(checks: services.checks).addRoutes(to: merchant, registry: registry)
    SubjectAccessController(
        applicants: services.applicants,
        documents: services.documents,
        repository: services.documentRepository,
        checks: services.checks,
        webhooks: services.webhooks
    ).addRoutes(to: merchant, registry: registry)
    RulesController(rules: services.rules, simulator: services.ruleSimulator).addRoutes(to: merchant, registry: registry)
    ReviewsController(reviews: services.reviews).addRoutes(to: merchant, registry: registry)
    ScreeningController(screening: ScreeningRepository(database: services.database)).addRoutes(to: merchant, registry: registry)
    WebhookEndpointsController(webhooks: services.webhooks, egress: services.egress, pinger: services.pinger)
        .addRoutes(to: merchant, registry: registry)
    EventsController(webhooks: services.webhooks).addRoutes(to: merchant, registry: registry)
    AuditController(log: AuditRepository(database: services.database)).addRoutes(to: merchant, registry: registry)
    APIKeysController(keys: services.apiKeys, tenants: services.tenants, authenticator: services.authenticator).addRoutes(
        to: merchant,
        registry: registry
    )
    UsageController(usage: UsageRepository(database: services.database)).addRoutes(to: merchant, registry: registry)
    TestDataController(tenants: services.tenants).addRoutes(to: merchant, registry: registry)
    BillingController(database: services.database).addRoutes(to: merchant, registry: registry)
    WatchlistController(watchlist: WatchlistRepository(database: services.database)).addRoutes(to: merchant, registry: registry)
    MonitoringController(monitoring: MonitoringRepository(database: services.database)).addRoutes(to: merchant, registry: registry)

    let applicantLimits =
        services.rateLimits.enabled
        ? ApplicantRateLimits(
            limiter: services.rateLimiter,
            uploads: services.rateLimits.perApplicantUploads,
            reads: services.rateLimits.perApplicantReads
        )
        : nil
    let endUser = router.group()
        .add(middleware: SeedEnvelopeMiddleware())
        .add(
            middleware: ApplicantSessionMiddleware(
                sessions: services.sessions,
                authenticator: services.authenticator,
                rateLimits: applicantLimits
            )
        )
        .group(context: ApplicantSessionContext.self)
    let endUserUploads = endUser.group().add(middleware: UploadAdmissionMiddleware<ApplicantSessionContext>(gate: services.uploadGate))
    UserKYCController(applicants: services.applicants, documents: services.documents)
        .addRoutes(to: endUser, uploads: endUserUploads, registry: registry)
    return router
}

/// A worker's router: health, readiness and metrics only, for its orchestrator.
public func buildHealthRouter(_ services: AppServices, registry: RouteRegistry = RouteRegistry()) -> Router<VouchRequestContext> {
    operationsRouter(services, registry: registry)
}

/// What every role serves: request metrics around everything, request ids and problem
/// documents, `/healthz`, `/readyz` and `/metrics`.
func operationsRouter(_ services: AppServices, registry: RouteRegistry) -> Router<VouchRequestContext> {
    let router = Router(context: VouchRequestContext.self)
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: ProblemMiddleware(registry: registry))
    HealthController(database: services.database, migrator: services.migrator).addRoutes(to: router, registry: registry)
    MetricsController(registry: PrometheusExport.registry).addRoutes(to: router, registry: registry)
    SigningKeysController(signingKeys: services.signingKeys).addRoutes(to: router, registry: registry)
    return router
}

/// Builds the whole server as `vouch serve` runs it.
public func buildApplication(
    _ configuration: AppConfiguration,
    logger: Logger? = nil
) async throws -> some ApplicationProtocol {
    buildApplication(services: await AppServices(configuration: configuration), configuration: configuration, logger: logger)
}

/// Builds the server around services the caller already holds (tests reach into them).
public func buildApplication(
    services: AppServices,
    configuration: AppConfiguration,
    logger: Logger? = nil
) -> some ApplicationProtocol {
    let logger = logger ?? Logger(label: "vouch")
    var background: [any Service] = [services.database, services.backgroundDatabase]
    if let interval = configuration.operationalMetricsInterval {
        background.append(OperationalMetrics(database: services.database, unscoped: services.unscoped, interval: interval, logger: logger))
    }
    if configuration.role.servesHTTP { background.append(services.authenticator) }
    if configuration.role.servesHTTP, let interval = configuration.heapTrimInterval {
        background.append(HeapTrimmer(gate: services.uploadGate, interval: interval))
    }
    background += services.providers.callers.map { $0 as any Service }
    if configuration.role.servesHTTP { background += [services.pinger, services.applicantChanges] }
    if configuration.role.runsWorkers {
        background.append(
            RetentionSweeper(
                database: services.unscoped,
                keyring: configuration.keyring,
                interval: configuration.retentionInterval,
                logger: logger
            )
        )
        background.append(
            MonitoringScheduler(database: services.unscoped, interval: configuration.monitoringScheduleInterval, logger: logger)
        )
        background.append(
            WebhookSender(
                database: services.unscoped,
                keyring: configuration.keyring,
                egress: services.egress,
                listenerURL: configuration.databaseURL,
                configuration: configuration.webhooks,
                clock: services.leaseClock,
                logger: logger
            )
        )
        background.append(
            JobWorker(
                database: services.unscoped,
                runner: services.jobRunner,
                listenerURL: configuration.databaseURL,
                configuration: configuration.worker,
                clock: services.leaseClock,
                logger: logger
            )
        )
    }
    return Application(
        router: configuration.role.servesHTTP ? buildRouter(services) : buildHealthRouter(services),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "vouch"),
        services: background,
        logger: logger
    )
}
