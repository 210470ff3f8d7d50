import Crypto
import Foundation

/// A tenant data key, wrapped for storage.
public struct WrappedDataKey: Sendable {
    public var id: UUID
    public var wrapped: [UInt8]
}

/// Envelope encryption: the operator's master key wraps one data key per tenant, and data keys
/// seal document bytes (AES-256-GCM).
///
/// Associated data binds every ciphertext to where it belongs — a wrapped key to its tenant, a
/// sealed file to its tenant and document — so a blob copied to another row fails to open.
///
/// During a master key rotation the keyring also holds other accepted master keys: what they
/// wrapped still opens, while everything new is wrapped by the current one (see `rewrap`).
public struct Keyring: Sendable {
    private let masterKey: SymmetricKey
    private let acceptedMasterKeys: [SymmetricKey]

    /// Every key must be 32 bytes.
    public init(masterKey: SymmetricKey, acceptedMasterKeys: [SymmetricKey] = []) {
        precondition(masterKey.bitCount == 256, "the master key must be 256 bits")
        precondition(acceptedMasterKeys.allSatisfy { $0.bitCount == 256 }, "the master keys must be 256 bits")
        self.masterKey = masterKey
        self.acceptedMasterKeys = acceptedMasterKeys
    }

    /// Runs `open` with the master key, then with each accepted one, until one opens.
    private func withEachMasterKey<T>(_ open: (SymmetricKey) throws -> T) throws -> T {
        do {
            return try open(masterKey)
        } catch {
            for previous in acceptedMasterKeys {
                if let opened = try? open(previous) { return opened }
            }
            throw error
        }
    }

    /// A fresh random data key for `tenant`, wrapped by the master key.
    public func newWrappedDataKey(for tenant: TenantID) throws -> WrappedDataKey {
        let id = UUID.version7()
        let key = SymmetricKey(size: .bits256)
        let sealed = try key.withUnsafeBytes { raw in
            try AES.GCM.seal(Data(raw), using: masterKey, authenticating: Self.keyContext(tenant, id))
        }
        return WrappedDataKey(id: id, wrapped: Array(sealed.combined!))
    }

    /// The data key wrapped by the current master key, or nil when it is already: what a master
    /// key rotation writes back.
    public func rewrap(_ wrapped: WrappedDataKey, for tenant: TenantID) throws -> WrappedDataKey? {
        let box = try AES.GCM.SealedBox(combined: wrapped.wrapped)
        if (try? AES.GCM.open(box, using: masterKey, authenticating: Self.keyContext(tenant, wrapped.id))) != nil { return nil }
        let key = try unwrap(wrapped, for: tenant)
        let sealed = try key.withUnsafeBytes { raw in
            try AES.GCM.seal(Data(raw), using: masterKey, authenticating: Self.keyContext(tenant, wrapped.id))
        }
        return WrappedDataKey(id: wrapped.id, wrapped: Array(sealed.combined!))
    }

    /// Unwraps a stored data key; fails if it was stored for another tenant or tampered with.
    public func unwrap(_ wrapped: WrappedDataKey, for tenant: TenantID) throws -> SymmetricKey {
        let box = try AES.GCM.SealedBox(combined: wrapped.wrapped)
        let raw = try withEachMasterKey { try AES.GCM.open(box, using: $0, authenticating: Self.keyContext(tenant, wrapped.id)) }
        return SymmetricKey(data: raw)
    }

    /// Seals a document's bytes under a tenant's data key.
    public static func seal(_ bytes: [UInt8], with key: SymmetricKey, tenant: TenantID, document: DocumentID) throws -> [UInt8] {
        try seal(bytes, with: key, context: documentContext(tenant, document))
    }

    /// Opens sealed document bytes; fails if they belong to another document or tenant.
    public static func open(_ sealed: [UInt8], with key: SymmetricKey, tenant: TenantID, document: DocumentID) throws -> [UInt8] {
        try open(sealed, with: key, context: documentContext(tenant, document))
    }

    /// Seals what was read from a document (its extraction) under the document's data key,
    /// bound to the document and kept apart from its bytes (another associated context).
    public static func sealExtraction(_ bytes: [UInt8], with key: SymmetricKey, tenant: TenantID, document: DocumentID) throws -> [UInt8] {
        try seal(bytes, with: key, context: extractionContext(tenant, document))
    }

    /// Opens a sealed extraction; fails if it belongs to another document or tenant.
    public static func openExtraction(_ sealed: [UInt8], with key: SymmetricKey, tenant: TenantID, document: DocumentID) throws -> [UInt8] {
        try open(sealed, with: key, context: extractionContext(tenant, document))
    }

    /// Seals a selfie's face descriptor (biometric data) under the document's data key, bound to
    /// the document in a context of its own.
    public static func sealFaceDescriptor(_ bytes: [UInt8], with key: SymmetricKey, tenant: TenantID, document: DocumentID) throws
        -> [UInt8]
    {
        try seal(bytes, with: key, context: faceDescriptorContext(tenant, document))
    }

    /// Opens a sealed face descriptor; fails if it belongs to another document or tenant.
    public static func openFaceDescriptor(_ sealed: [UInt8], with key: SymmetricKey, tenant: TenantID, document: DocumentID) throws
        -> [UInt8]
    {
        try open(sealed, with: key, context: faceDescriptorContext(tenant, document))
    }

    /// AES-256-GCM with `context` as associated data: nonce, ciphertext and tag in one array.
    static func seal(_ bytes: [UInt8], with key: SymmetricKey, context: Data) throws -> [UInt8] {
        Array(try AES.GCM.seal(bytes, using: key, authenticating: context).combined!)
    }

    static func open(_ sealed: [UInt8], with key: SymmetricKey, context: Data) throws -> [UInt8] {
        Array(try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key, authenticating: context))
    }

    /// Seals a webhook endpoint's signing secret, bound to its tenant and endpoint.
    public func sealWebhookSecret(_ secret: String, tenant: TenantID, endpoint: WebhookEndpointID) throws -> [UInt8] {
        let box = try AES.GCM.seal(Array(secret.utf8), using: webhookKey, authenticating: webhookContext(tenant, endpoint))
        return Array(box.combined!)
    }

    public func openWebhookSecret(_ sealed: [UInt8], tenant: TenantID, endpoint: WebhookEndpointID) throws -> String {
        let box = try AES.GCM.SealedBox(combined: sealed)
        let bytes = try withEachMasterKey {
            try AES.GCM.open(box, using: Self.webhookKey($0), authenticating: webhookContext(tenant, endpoint))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The secret sealed under the current master key, or nil when it is already.
    public func rewrapWebhookSecret(_ sealed: [UInt8], tenant: TenantID, endpoint: WebhookEndpointID) throws -> [UInt8]? {
        let box = try AES.GCM.SealedBox(combined: sealed)
        if (try? AES.GCM.open(box, using: webhookKey, authenticating: webhookContext(tenant, endpoint))) != nil { return nil }
        return try sealWebhookSecret(try openWebhookSecret(sealed, tenant: tenant, endpoint: endpoint), tenant: tenant, endpoint: endpoint)
    }

    private var webhookKey: SymmetricKey { Self.webhookKey(masterKey) }

    private static func webhookKey(_ masterKey: SymmetricKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: masterKey, info: Data("vouch/webhook-secrets".utf8), outputByteCount: 32)
    }

    private func webhookContext(_ tenant: TenantID, _ endpoint: WebhookEndpointID) -> Data {
        Data("webhook-secret:\(tenant):\(endpoint)".utf8)
    }

    /// Seals the secret half of one of the instance's signing keys, bound to its key id.
    public func sealSigningKey(_ raw: Data, keyID: String) throws -> [UInt8] {
        let box = try AES.GCM.seal(raw, using: signingKeysKey, authenticating: Data("vouch/signing-key/\(keyID)".utf8))
        return Array(box.combined!)
    }

    public func openSigningKey(_ sealed: [UInt8], keyID: String) throws -> Data {
        let box = try AES.GCM.SealedBox(combined: sealed)
        return try withEachMasterKey {
            try AES.GCM.open(box, using: Self.signingKeysKey($0), authenticating: Data("vouch/signing-key/\(keyID)".utf8))
        }
    }

    /// The signing key sealed under the current master key, or nil when it is already.
    public func rewrapSigningKey(_ sealed: [UInt8], keyID: String) throws -> [UInt8]? {
        let box = try AES.GCM.SealedBox(combined: sealed)
        let context = Data("vouch/signing-key/\(keyID)".utf8)
        if (try? AES.GCM.open(box, using: signingKeysKey, authenticating: context)) != nil { return nil }
        return try sealSigningKey(try openSigningKey(sealed, keyID: keyID), keyID: keyID)
    }

    private var signingKeysKey: SymmetricKey { Self.signingKeysKey(masterKey) }

    private static func signingKeysKey(_ masterKey: SymmetricKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: masterKey, info: Data("vouch/signing-keys".utf8), outputByteCount: 32)
    }

    private static func keyContext(_ tenant: TenantID, _ keyID: UUID) -> Data {
        Data("vouch/data-key/\(tenant)/\(keyID.uuidString)".utf8)
    }

    private static func faceDescriptorContext(_ tenant: TenantID, _ document: DocumentID) -> Data {
        Data("vouch/face-descriptor/\(tenant)/\(document)".utf8)
    }

    private static func documentContext(_ tenant: TenantID, _ document: DocumentID) -> Data {
        Data("vouch/document/\(tenant)/\(document)".utf8)
    }

    private static func extractionContext(_ tenant: TenantID, _ document: DocumentID) -> Data {
        Data("vouch/document-extraction/\(tenant)/\(document)".utf8)
    }
}
