import Crypto
import Foundation
import Postgres
import Testing
import VouchCore

@Suite("Document bytes are encrypted at rest")
struct EncryptionTests {
    @Test("stored bytes are not the plaintext, and a blob moved to another document fails to open")
    func sealedAtRest() async throws {
        try await TestApp.withApp { app, client in
            let key = app.acme.apiKey
            let applicant = try await client.createApplicant(key: key)
            let marker = Array("PLAINTEXT-MARKER-0123456789".utf8)
            let first = try await client.upload(Samples.jpeg + marker, type: "ID_FRONT", applicant: applicant, key: key).json()
            let second = try await client.upload(Samples.png, type: "ID_BACK", applicant: applicant, key: key).json()
            let firstID = DocumentID(first["id"] as! String)!
            let secondID = DocumentID(second["id"] as! String)!

            let admin = PostgresPool(configuration: .init(conninfo: app.database.adminURL, maximumConnections: 1))
            defer { admin.close() }
            let sealed: [UInt8] = try await admin.query(
                "SELECT sealed FROM document_files WHERE document_id = \(firstID.uuid)"
            )[0].decode(column: 0)
            #expect(sealed.count == Samples.jpeg.count + marker.count + 28, "nonce and tag around the ciphertext")
            #expect(!Data(sealed).contains(Data(marker)), "the plaintext is not in the database")

            // Move the first document's blob onto the second document's row.
            try await admin.query(
                "UPDATE document_files SET sealed = \(sealed) WHERE document_id = \(secondID.uuid)"
            )
            let moved = try await client.send(.get, "/v1/documents/\(secondID)/file", key: key)
            #expect(moved.status == .internalServerError, "authentication fails: the blob is bound to its document")
            let intact = try await client.send(.get, "/v1/documents/\(firstID)/file", key: key)
            #expect(Array(intact.body.readableBytesView) == Samples.jpeg + marker)
        }
    }

    @Test("a wrapped data key opens only for its tenant under the same master key")
    func keyWrapping() throws {
        let keyring = Keyring(masterKey: SymmetricKey(size: .bits256))
        let tenant = TenantID.generate()
        let wrapped = try keyring.newWrappedDataKey(for: tenant)
        let key = try keyring.unwrap(wrapped, for: tenant)
        #expect(throws: (any Error).self) { try keyring.unwrap(wrapped, for: TenantID.generate()) }
        let otherMaster = Keyring(masterKey: SymmetricKey(size: .bits256))
        #expect(throws: (any Error).self) { try otherMaster.unwrap(wrapped, for: tenant) }
        let document = DocumentID.generate()
        let sealed = try Keyring.seal([1, 2, 3], with: key, tenant: tenant, document: document)
        #expect(try Keyring.open(sealed, with: key, tenant: tenant, document: document) == [1, 2, 3])
        #expect(throws: (any Error).self) { try Keyring.open(sealed, with: key, tenant: tenant, document: .generate()) }
    }
}
