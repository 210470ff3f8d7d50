import Crypto
import Foundation

extension Keyring {
    /// Seals a stored response under a tenant's data key, bound to the API key and the
    /// `Idempotency-Key` it answers: a body copied to another record fails to open.
    public static func sealResponse(
        _ bytes: [UInt8],
        with key: SymmetricKey,
        tenant: TenantID,
        apiKey: APIKeyID,
        idempotencyKey: String
    ) throws -> [UInt8] {
        let box = try AES.GCM.seal(bytes, using: key, authenticating: responseContext(tenant, apiKey, idempotencyKey))
        return Array(box.combined!)
    }

    /// Opens a response sealed by `sealResponse`.
    public static func openResponse(
        _ sealed: [UInt8],
        with key: SymmetricKey,
        tenant: TenantID,
        apiKey: APIKeyID,
        idempotencyKey: String
    ) throws -> [UInt8] {
        let box = try AES.GCM.SealedBox(combined: sealed)
        return Array(try AES.GCM.open(box, using: key, authenticating: responseContext(tenant, apiKey, idempotencyKey)))
    }

    private static func responseContext(_ tenant: TenantID, _ apiKey: APIKeyID, _ idempotencyKey: String) -> Data {
        Data("vouch/idempotent-response/\(tenant)/\(apiKey)/\(idempotencyKey)".utf8)
    }
}
