import Base
import Foundation
import Hummingbird
import VouchCore

/// `/v1/applicants`: create, read, list, the status object, and session tokens.
struct ApplicantsController {
    let applicants: ApplicantRepository
    let sessions: ApplicantSessions
    /// Long polls of the status object.
    let changes: ApplicantChangeWaiters

    func addRoutes(to group: RouterGroup<TenantContext>, registry: RouteRegistry) {
        group.on(.post, "/v1/applicants", requiring: [.applicantsWrite], in: registry, use: create)
        group.on(.get, "/v1/applicants", requiring: [.applicantsRead], in: registry, use: list)
        group.on(.get, "/v1/applicants/{id}", requiring: [.applicantsRead], in: registry, use: get)
        group.on(.get, "/v1/applicants/{id}/status", requiring: [.applicantsRead], in: registry, use: status)
        group.on(.post, "/v1/applicants/{id}/sessions", requiring: [.applicantsWrite], in: registry, use: createSession)
        group.on(.delete, "/v1/applicants/{id}", requiring: [.applicantsWrite], in: registry, use: erase)
        group.on(.get, "/v1/applicants/{id}/deletion-certificate", requiring: [.applicantsRead], in: registry, use: certificate)
    }

    /// Erases the applicant's documents and personal data; the tombstone keeps its id, the
    /// merchant's `external_user_id`, its verdict and its events.
    /// Answers with the signed deletion certificate; erasing again answers the same one.
    @Sendable func erase(_ request: Request, context: TenantContext) async throws -> Response {
        guard let text = context.parameters.get("id"), let id = ApplicantID(text) else { throw APIError.notFound("applicant") }
        var jws = try await applicants.erase(tenant: context.tenant, id: id)?.certificate
        if jws == nil { jws = try await applicants.deletionCertificate(tenant: context.tenant, applicant: id) }
        guard let jws else { throw APIError.notFound("applicant") }
        return try JSONCoding.response(ErasureBody(id: id.description, deletionCertificate: try DeletionCertificateBody(jws: jws)))
    }

    @Sendable func certificate(_ request: Request, context: TenantContext) async throws -> Response {
        guard let text = context.parameters.get("id"), let id = ApplicantID(text),
            let jws = try await applicants.deletionCertificate(tenant: context.tenant, applicant: id)
        else { throw APIError.notFound("deletion certificate") }
        return try JSONCoding.response(try DeletionCertificateBody(jws: jws))
    }

    @Sendable func create(_ request: Request, context: TenantContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 64 * 1024)
        let profile = try JSONCoding.decode(CreateApplicantRequest.self, from: body).validatedProfile()
        let applicant = try await applicants.create(tenant: context.tenant, profile: profile)
        return try JSONCoding.response(ApplicantBody(applicant), status: .created)
    }

    @Sendable func list(_ request: Request, context: TenantContext) async throws -> Response {
        let query = request.uri.queryParameters
        let page = try Pagination(query)
        let startingAfter = try page.cursor(ApplicantID.self, "an applicant id")
        let (found, hasMore) = try await applicants.list(
            tenant: context.tenant,
            filter: try Self.listFilter(query),
            limit: page.limit,
            startingAfter: startingAfter
        )
        return try JSONCoding.response(ListBody(data: found.map(ApplicantBody.init), hasMore: hasMore))
    }

    /// At most one lookup: by the merchant's user id, by email or by full name (the last two
    /// compare as the blind indexes normalise them: case, accents and spacing aside).
    static func listFilter(_ query: Parameters) throws -> ApplicantRepository.ListFilter {
        let given: [(String, ApplicantRepository.ListFilter)] = [
            query["external_user_id"].map { ("external_user_id", .externalUserID(String($0))) },
            query["email"].map { ("email", .email(String($0))) },
            query["name"].map { ("name", .name(String($0))) },
        ].compactMap { $0 }
        guard given.count <= 1 else {
            throw APIError.invalidField(given[1].0, "filter by one of external_user_id, email and name at a time")
        }
        if case .name(let name)? = given.first?.1, name.allSatisfy({ !$0.isLetter && !$0.isNumber }) {
            throw APIError.invalidField("name", "must contain a letter or a digit")
        }
        return given.first?.1 ?? .all
    }

    @Sendable func get(_ request: Request, context: TenantContext) async throws -> Response {
        let id = try context.applicantID()
        guard let applicant = try await applicants.get(tenant: context.tenant, id: id) else {
            throw APIError.notFound("applicant")
        }
        return try JSONCoding.response(ApplicantBody(applicant))
    }

    /// With `?wait=N` (1 to 30 seconds), a long poll: unless the applicant is verified or
    /// rejected already, the answer waits until its status object changes, or N seconds pass.
    @Sendable func status(_ request: Request, context: TenantContext) async throws -> Response {
        let id = try context.applicantID()
        let wait = try Self.waitSeconds(request.uri.queryParameters["wait"])
        let deadline = ContinuousClock.now + .seconds(wait ?? 0)
        // Each place is taken before the read it follows, so a change just after that read is
        // not missed. A wake-up may be late news of a change already seen (notifications
        // arrive after their commit): the poll answers only once the object differs.
        var ticket = wait == nil ? nil : changes.register(tenant: context.tenant, applicant: id)
        defer { ticket.map(changes.cancel) }
        guard let first = try await applicants.status(tenant: context.tenant, id: id) else { throw APIError.notFound("applicant") }
        var report = first
        while let waiting = ticket, report == first, report.status != .verified, report.status != .rejected,
            ContinuousClock.now < deadline
        {
            await changes.wait(waiting, upTo: deadline - ContinuousClock.now)
            changes.cancel(waiting)
            ticket = changes.register(tenant: context.tenant, applicant: id)
            report = try await applicants.status(tenant: context.tenant, id: id) ?? report
        }
        return JSONCoding.response(json: StatusBody(report).json)
    }

    static func waitSeconds(_ text: Substring?) throws -> Int? {
        guard let text else { return nil }
        guard let seconds = Int(text), (0...30).contains(seconds) else {
            throw APIError.invalidField("wait", "must be a whole number of seconds, 0 to 30")
        }
        return seconds == 0 ? nil : seconds
    }

    @Sendable func createSession(_ request: Request, context: TenantContext) async throws -> Response {
        let id = try context.applicantID()
        let (token, expires) = try await sessions.issue(tenant: context.tenant, applicant: id)
        // The token is handed out only once its audit row is written.
        guard try await applicants.recordSessionIssued(tenant: context.tenant, id: id, expiresAt: expires) else {
            throw APIError.notFound("applicant")
        }
        return try JSONCoding.response(
            SessionBody(applicantID: id.description, token: token, expiresAt: expires),
            status: .created
        )
    }
}

extension TenantContext {
    /// The `{id}` path parameter as an applicant id; a malformed id is simply not found.
    func applicantID() throws -> ApplicantID {
        guard let text = parameters.get("id"), let id = ApplicantID(text) else { throw APIError.notFound("applicant") }
        return id
    }

    func documentID() throws -> DocumentID {
        guard let text = parameters.get("id"), let id = DocumentID(text) else { throw APIError.notFound("document") }
        return id
    }
}

/// `?limit=` (1–100, default 20) and `?starting_after=`.
struct Pagination {
    var limit: Int
    var startingAfter: String?

    init(_ query: Parameters) throws {
        if let text = query["limit"] {
            guard let value = Int(text), (1...100).contains(value) else {
                throw APIError.invalidField("limit", "must be an integer from 1 to 100")
            }
            limit = value
        } else {
            limit = 20
        }
        startingAfter = query["starting_after"].map(String.init)
    }

    /// `starting_after` as an id of the listed kind; anything else is `422 invalid_field`.
    func cursor<ID: PrefixedID>(_ type: ID.Type, _ what: String) throws -> ID? {
        try startingAfter.map { text in
            guard let id = ID(text) else { throw APIError.invalidField("starting_after", "must be \(what)") }
            return id
        }
    }
}
