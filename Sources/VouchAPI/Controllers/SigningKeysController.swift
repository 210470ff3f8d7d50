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
            // A public route: one query, unless the database has no key yet (then it is made here,
            // before anything it signs).
            var keys = try await signingKeys.published()
            if keys.isEmpty {
                _ = try await signingKeys.current()
                keys = try await signingKeys.published()
            }
            var response = try JSONCoding.response(KeySet(keys: keys.map(\.jwk)))
            response.headers[.cacheControl] = "public, max-age=300"
            return response
        }
    }
}
