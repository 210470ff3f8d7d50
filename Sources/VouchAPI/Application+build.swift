import Hummingbird
import Logging
import Postgres
import ServiceLifecycle
import VouchCore

/// The long-lived parts of the server, built once from the configuration.
public struct AppServices: Sendable {
    public let pool: PostgresPool
    public let database: TenantDatabase
    public let tenants: TenantRepository
    public let apiKeys: APIKeyRepository
    public let authenticator: APIKeyAuthenticator
    public let applicants: ApplicantRepository
    public let documentRepository: DocumentRepository
    public let documents: DocumentService
    public let idempotency: IdempotencyRepository
    public let sessions: ApplicantSessions
    public let migrator: Migrator?

    public init(configuration: AppConfiguration) async {
        pool = PostgresPool(
            configuration: PostgresPoolConfiguration(
                conninfo: configuration.databaseURL,
                maximumConnections: configuration.poolSize,
                pipelineConnections: configuration.pipelineConnections
            )
        )
        database = TenantDatabase(pool: pool)
        tenants = TenantRepository(database: database, keyring: configuration.keyring)
        apiKeys = APIKeyRepository(database: database)
        authenticator = APIKeyAuthenticator(repository: apiKeys, cacheLifetime: configuration.apiKeyCacheLifetime)
        applicants = ApplicantRepository(database: database)
        documentRepository = DocumentRepository(database: database)
        documents = DocumentService(
            repository: documentRepository,
            keys: DataKeyStore(database: database, keyring: configuration.keyring),
            limits: configuration.uploadLimits
        )
        idempotency = IdempotencyRepository(database: database)
        sessions = await ApplicantSessions(secret: configuration.sessionSecret, lifetime: configuration.sessionLifetime)
        migrator = configuration.migrationsDirectory.map(Migrator.init(directory:))
    }
}

/// Builds the router: public health routes, the merchant API behind API keys, and the seed's
/// end-user API behind applicant session tokens.
public func buildRouter(_ services: AppServices, registry: RouteRegistry = RouteRegistry()) -> Router<VouchRequestContext> {
    let router = Router(context: VouchRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: ProblemMiddleware())
    HealthController(pool: services.pool, migrator: services.migrator).addRoutes(to: router, registry: registry)

    let merchant = router.group()
        .add(middleware: APIKeyMiddleware(authenticator: services.authenticator))
        .group(context: TenantContext.self)
        .add(
            middleware: IdempotencyMiddleware(
                repository: services.idempotency,
                maximumBodyBytes: services.documents.limits.maximumRequestBytes,
                maximumFileBytes: services.documents.limits.maximumFileBytes
            )
        )
    ApplicantsController(applicants: services.applicants, sessions: services.sessions)
        .addRoutes(to: merchant, registry: registry)
    DocumentsController(documents: services.documents, repository: services.documentRepository)
        .addRoutes(to: merchant, registry: registry)

    let endUser = router.group()
        .add(middleware: SeedEnvelopeMiddleware())
        .add(middleware: ApplicantSessionMiddleware(sessions: services.sessions))
        .group(context: ApplicantSessionContext.self)
    UserKYCController(applicants: services.applicants, documents: services.documents)
        .addRoutes(to: endUser, registry: registry)
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
    Application(
        router: buildRouter(services),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "vouch"),
        services: [services.pool],
        logger: logger ?? Logger(label: "vouch")
    )
}
