import Hummingbird
import Logging
import VouchCore

/// The context every request starts with: its id and, once a key is checked, who is calling.
public struct VouchRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The request's id, echoed in `X-Request-Id` and in every problem document and log line.
    public var requestID: String = ""
    /// Set by `APIKeyMiddleware` when the request carries a valid API key.
    public var apiKey: AuthenticatedKey?
    /// Set by `ApplicantSessionMiddleware` when the request carries a valid session token.
    public var session: ApplicantSessionClaims?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }

    /// Uploads are checked against their own limit by the upload parser.
    public var maxUploadSize: Int { 64 * 1024 }
}

/// A request authenticated by an API key. It cannot be made without one, so handlers get a
/// tenant, never an optional to unwrap.
public struct TenantContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let requestID: String
    public let key: AuthenticatedKey
    public var tenant: TenantID { key.tenant }

    public init(context: VouchRequestContext) throws {
        guard let key = context.apiKey else { throw APIError.unauthorized }
        self.coreContext = context.coreContext
        self.requestID = context.requestID
        self.key = key
    }

    /// Throws 403 unless the key holds `scope`.
    public func require(_ scope: Scope) throws {
        guard key.scopes.contains(scope) else { throw APIError.missingScope(scope) }
    }

    /// Throws 403 naming the first missing scope (in `Scope`'s order) unless the key holds all.
    public func require(_ scopes: Set<Scope>) throws {
        for scope in Scope.allCases where scopes.contains(scope) { try require(scope) }
    }

    public var maxUploadSize: Int { 64 * 1024 }
}

/// A request from an end-user app, authenticated by an applicant session token: one tenant and
/// one applicant, nothing else.
public struct ApplicantSessionContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let requestID: String
    public let tenant: TenantID
    public let applicant: ApplicantID

    public init(context: VouchRequestContext) throws {
        guard let session = context.session else { throw APIError.invalidSessionToken }
        self.coreContext = context.coreContext
        self.requestID = context.requestID
        self.tenant = session.tenant
        self.applicant = session.applicant
    }

    public var maxUploadSize: Int { 64 * 1024 }
}
