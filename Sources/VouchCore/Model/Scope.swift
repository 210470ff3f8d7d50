/// What an API key may do. The names are part of the API contract.
public enum Scope: String, CaseIterable, Sendable, Codable {
    case applicantsRead = "applicants:read"
    case applicantsWrite = "applicants:write"
    case documentsReadFile = "documents:read_file"
    case eventsRead = "events:read"
    case webhooksManage = "webhooks:manage"
    case rulesRead = "rules:read"
    case rulesManage = "rules:manage"
    case reviewsManage = "reviews:manage"
    case keysManage = "keys:manage"
    case billingRead = "billing:read"
    case auditRead = "audit:read"
    case watchlistManage = "watchlist:manage"
}
