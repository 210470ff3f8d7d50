import Base
import FaceRecognition
import Foundation
import ImageDecoding
import Verification

/// The face check: the applicant's selfie held against the portrait on its identity document
/// (`ID_FRONT`), and against the faces of the tenant's other applicants.
///
/// Answers like an outside provider, so the decision records, bills and reuses its answer the
/// same way: `match`, `no_match`, `retake` (with the reason and the photo), or `skipped` while
/// either photo is missing. The answer's details hold boxes, sizes and distances, never a
/// descriptor; the selfie's descriptor is kept sealed with its document, for later duplicates.
public struct FaceMatcher: ApplicantCheckProvider {
    let database: TenantDatabase
    let keys: DataKeyStore
    let engine: FaceEngine
    let index: FaceIndex

    /// Photos are decoded to at most this many pixels a side: a 20-megapixel selfie costs a
    /// fraction, and a portrait on a photographed card keeps enough pixels.
    static let decodingSide = 2400
    /// Stricter than a match: among a tenant's many faces a loose threshold finds false twins.
    public static let duplicateDistance = 0.45

    public init(database: TenantDatabase, keys: DataKeyStore, engine: FaceEngine) {
        self.database = database
        self.keys = keys
        self.engine = engine
        self.index = FaceIndex(database: database, keys: keys)
    }

    public func check(_ subject: CheckSubject, rules: RuleSet) async throws -> ProviderAnswer {
        let (tenant, applicant) = (subject.tenant, subject.applicant)
        let photos = try await database.transaction(tenant) { tx in
            try DocumentRepository.facePhotos(tx, tenant: tenant, applicant: applicant)
        }
        guard let selfiePhoto = photos[.selfie], let portraitPhoto = photos[.idFront] else {
            return ProviderAnswer(status: "skipped", details: .object(["reason": .string("photos_missing")]))
        }
        let (selfie, selfieFaces) = try await observe(selfiePhoto, tenant: tenant)
        let (portrait, portraitFaces) = try await observe(portraitPhoto, tenant: tenant)
        let verdict = FaceComparison.judge(selfie: selfie, portrait: portrait, maximumDistance: rules.faceMaximumDistance)
        var duplicate: (applicant: ApplicantID, distance: Double)?
        if let descriptor = selfieFaces.face?.descriptor, FaceComparison.retakeReason(selfie) == nil {
            duplicate = try await index.nearest(to: descriptor, tenant: tenant, excluding: applicant, within: Self.duplicateDistance)
            try await keep(descriptor, of: selfiePhoto, tenant: tenant, applicant: applicant)
        }
        var details: [String: JSONValue] = [
            "threshold": .number(rules.faceMaximumDistance),
            "selfie": Self.describe(selfieFaces, document: selfiePhoto.document),
            "portrait": Self.describe(portraitFaces, document: portraitPhoto.document),
            "duplicate_of": duplicate.map { .string($0.applicant.description) } ?? .null,
        ]
        switch verdict {
        case .match(let distance), .noMatch(let distance):
            details["distance"] = .number(Self.rounded(distance))
        case .retake(let reason, let photo):
            details["reason"] = .string(reason)
            details["photo"] = .string(photo)
        }
        if let duplicate { details["duplicate_distance"] = .number(Self.rounded(duplicate.distance)) }
        return ProviderAnswer(status: verdict.status, details: .object(details))
    }

    /// What the rules read of a recorded answer.
    public static func signal(_ answer: ProviderAnswer) -> FaceSignal {
        FaceSignal(
            status: answer.status,
            distance: answer.details["distance"]?.doubleValue,
            reason: answer.details["reason"]?.stringValue,
            duplicate: answer.details["duplicate_of"]?.stringValue != nil
        )
    }

    /// The documents an answer compared.
    static func comparedPhotos(_ answer: ProviderAnswer) -> Set<String> {
        Set(["selfie", "portrait"].compactMap { answer.details[$0]?["document_id"]?.stringValue })
    }

    /// Opens, decodes and analyses one photo. A photo that does not decode as an image (a PDF,
    /// a damaged file) shows no face.
    private func observe(_ photo: FacePhoto, tenant: TenantID) async throws -> (FaceObservation, FaceAnalysis) {
        let key = try await keys.key(id: photo.dataKeyID, for: tenant)
        let bytes = try Keyring.open(photo.sealed, with: key, tenant: tenant, document: photo.document)
        guard let image = try? ImageDecoder.decode(bytes, channels: .rgb, side: Self.decodingSide) else {
            return (.noFace, .none(width: 0, height: 0))
        }
        let analysis = try await engine.analyze(image)
        guard let face = analysis.face else { return (.noFace, analysis) }
        let observation = FaceObservation(
            prominentFaces: analysis.prominentFaces,
            side: face.box.side,
            sharpness: face.sharpness,
            cropped: face.cropped,
            descriptor: face.descriptor
        )
        return (observation, analysis)
    }

    /// Seals the selfie's descriptor with its document, unless the applicant was erased meanwhile.
    /// Sealed under the key the document is sealed under when the transaction holds the
    /// applicant's lock: the sealing migration, which takes that lock, may have moved it since
    /// the photo was read.
    private func keep(_ descriptor: [Float], of photo: FacePhoto, tenant: TenantID, applicant: ApplicantID) async throws {
        let keyring = keys.keyring
        let encoded = FaceDescriptorCoding.encode(descriptor)
        try await database.transaction(tenant) { tx in
            guard try ApplicantRepository.lockUnerased(tx, tenant: tenant, applicant: applicant),
                let keyID = try DocumentRepository.sealingKeyID(tx, tenant: tenant, document: photo.document)
            else { throw ApplicantErased() }
            let key = try ApplicantKeyRepository.openingKey(tx, tenant: tenant, applicant: applicant, id: keyID, keyring: keyring)
            let sealed = try Keyring.sealFaceDescriptor(encoded, with: key, tenant: tenant, document: photo.document)
            try DocumentRepository.storeFaceDescriptor(tx, tenant: tenant, document: photo.document, sealed: sealed)
        }
    }

    /// Where the faces are in one photo, as a reviewer sees them: boxes and sizes, no descriptor.
    static func describe(_ analysis: FaceAnalysis, document: DocumentID) -> JSONValue {
        func box(_ box: FaceBox) -> JSONValue {
            .object([
                "left": .number(Double(box.left)), "top": .number(Double(box.top)),
                "width": .number(Double(box.width)), "height": .number(Double(box.height)),
            ])
        }
        return .object([
            "document_id": .string(document.description),
            "image": .object(["width": .number(Double(analysis.imageWidth)), "height": .number(Double(analysis.imageHeight))]),
            "faces": .number(Double(analysis.boxes.count)),
            "box": analysis.face.map { box($0.box) } ?? .null,
            "sharpness": analysis.face.map { .number(rounded($0.sharpness)) } ?? .null,
        ])
    }

    static func rounded(_ value: Double) -> Double {
        value.isFinite ? (value * 10_000).rounded() / 10_000 : 0
    }
}

/// A descriptor as stored (sealed): 128 little-endian 32-bit floats.
public enum FaceDescriptorCoding {
    public static func encode(_ descriptor: [Float]) -> [UInt8] {
        descriptor.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
    }

    public static func decode(_ bytes: [UInt8]) -> [Float] {
        stride(from: 0, to: bytes.count - bytes.count % 4, by: 4).map { at in
            Float(bitPattern: UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24)
        }
    }
}
