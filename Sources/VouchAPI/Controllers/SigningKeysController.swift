import Hummingbird
import VouchCore

/// `/.well-known/vouch-keys`: the instance's public signing keys as a JWKS (RFC 7517), every key
/// ever used, so that a deletion certificate verifies offline after any rotation. Public.
struct SigningKeysController {
    let signingKeys: SigningKeyRepository

    struct KeySet: Encodable {
        var keys: [[String: String]]
    }

    func addRoutes(to router: Router<VouchRequestContext>, registry: RouteRegistry) {
        router.on(.get, "/.well-known/vouch-keys", in: registry) { _, _ in
            // The key in force exists before anything it signs: made here on a new database.
            _ = try await signingKeys.current()
            var response = try JSONCoding.response(KeySet(keys: try await signingKeys.published().map(\.jwk)))
            response.headers[.cacheControl] = "public, max-age=300"
            return response
        }
    }
}
