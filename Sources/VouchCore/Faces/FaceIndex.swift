import Base
import Foundation
import Synchronization
import Verification

/// Each tenant's stored faces, opened once and kept in this worker's memory as one contiguous
/// array of 32-bit floats, so that a duplicate search is a scan of memory rather than a read and
/// an AES-GCM opening of every stored face.
///
/// Kept current by reading, before each search, only the faces stored since the last look (with
/// an overlap of `overlap`, for transactions that commit after a later one). Faces that stop
/// counting — a selfie replaced by a newer one, an applicant erased — are not pushed out: each
/// candidate is re-read before it is reported, and dropped from the index when it no longer holds.
public final class FaceIndex: Sendable {
    /// One tenant's faces: `vectors` holds `owners.count` descriptors of `FaceIndex.dimensions`.
    public struct Faces: Sendable {
        public init() {}

        var owners: [(applicant: ApplicantID, document: DocumentID)] = []
        var vectors: [Float] = []
        var known: Set<DocumentID> = []
        var dropped: Set<DocumentID> = []

        /// How many faces it holds.
        public var count: Int { owners.count }
        var syncedThrough: Date?

        public mutating func add(_ applicant: ApplicantID, _ document: DocumentID, _ descriptor: [Float]) {
            guard descriptor.count == FaceIndex.dimensions, known.insert(document).inserted else { return }
            owners.append((applicant, document))
            vectors.append(contentsOf: descriptor)
        }
    }

    public static let dimensions = 128
    /// How far back each look reaches before the newest face it has seen.
    static let overlap: TimeInterval = 60

    let database: TenantDatabase
    let keys: DataKeyStore
    private let tenants = Mutex<[TenantID: Faces]>([:])

    public init(database: TenantDatabase, keys: DataKeyStore) {
        self.database = database
        self.keys = keys
    }

    /// The nearest face within `limit` that belongs to another applicant of `tenant` and is still
    /// that applicant's current selfie.
    func nearest(to descriptor: [Float], tenant: TenantID, excluding applicant: ApplicantID, within limit: Double) async throws
        -> (applicant: ApplicantID, distance: Double)?
    {
        try await sync(tenant)
        while true {
            let faces = tenants.withLock { $0[tenant] } ?? Faces()
            guard let (index, distance) = Self.closest(to: descriptor, in: faces, within: limit, excluding: applicant) else {
                return nil
            }
            let owner = faces.owners[index]
            let holds = try await database.transaction(tenant) { tx in
                try DocumentRepository.isCurrentFace(tx, tenant: tenant, document: owner.document)
            }
            if holds { return (owner.applicant, distance) }
            _ = tenants.withLock { $0[tenant]?.dropped.insert(owner.document) }
        }
    }

    /// Reads and opens the faces stored since the last look.
    private func sync(_ tenant: TenantID) async throws {
        let since = tenants.withLock { $0[tenant]?.syncedThrough }.map { $0.addingTimeInterval(-Self.overlap) }
        // The overlap reads recent faces again: only those not yet indexed are opened. A face
        // whose key an erasure has destroyed is left out.
        let known = tenants.withLock { $0[tenant]?.known } ?? []
        let keyring = keys.keyring
        let stored = try await database.transaction(tenant) { tx in
            try DocumentRepository.storedFaces(tx, tenant: tenant, since: since, keyring: keyring)
        }
        var opened: [(ApplicantID, DocumentID, [Float])] = []
        for face in stored where !known.contains(face.document) {
            guard let key = face.key,
                let bytes = try? Keyring.openFaceDescriptor(face.sealed, with: key, tenant: tenant, document: face.document)
            else { continue }
            opened.append((face.applicant, face.document, FaceDescriptorCoding.decode(bytes)))
        }
        let newest = stored.map(\.storedAt).max()
        tenants.withLock { all in
            var faces = all[tenant] ?? Faces()
            for (applicant, document, descriptor) in opened { faces.add(applicant, document, descriptor) }
            faces.syncedThrough = [faces.syncedThrough, newest].compactMap { $0 }.max()
            all[tenant] = faces
        }
    }

    /// The index and distance of the closest descriptor within `limit`, leaving out `applicant`'s
    /// own faces and dropped ones. Squared distances in 32-bit floats, eight lanes at a time.
    public static func closest(to query: [Float], in faces: Faces, within limit: Double, excluding applicant: ApplicantID)
        -> (index: Int, distance: Double)?
    {
        guard query.count == dimensions, !faces.owners.isEmpty else { return nil }
        var best: (index: Int, squared: Float)?
        var bound = Float(limit * limit)
        query.withUnsafeBufferPointer { q in
            faces.vectors.withUnsafeBufferPointer { all in
                let lanes = (0..<dimensions / 8).map { SIMD8<Float>(q[($0 * 8)..<($0 * 8 + 8)]) }
                for index in faces.owners.indices {
                    let base = index * dimensions
                    var sum = SIMD8<Float>()
                    for lane in 0..<lanes.count {
                        let start = base + lane * 8
                        let difference = SIMD8<Float>(all[start..<(start + 8)]) - lanes[lane]
                        sum += difference * difference
                    }
                    let squared = sum.sum()
                    guard squared <= bound else { continue }
                    let owner = faces.owners[index]
                    guard owner.applicant != applicant, !faces.dropped.contains(owner.document) else { continue }
                    best = (index, squared)
                    bound = squared
                }
            }
        }
        return best.map { ($0.index, Double($0.squared).squareRoot()) }
    }
}
