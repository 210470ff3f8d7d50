import VouchCore

extension StatusBody {
    /// The same JSON as `JSONCoding.encoder` gives for this object, written directly: clients
    /// poll it, and `JSONEncoder`'s generic machinery cost more than the rest of the request.
    /// `StatusJSONTests` holds the two to the same output.
    var json: [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("applicant_id", applicantID)
        writer.field("user_id", userID)
        writer.field("status", status)
        writer.field("submission_status", submissionStatus)
        writer.beginArray("doc_status")
        for doc in docStatus {
            writer.beginObject()
            writer.field("doc_type", doc.docType)
            writer.field("doc_status", doc.docStatus)
            if let documentID = doc.documentID { writer.field("document_id", documentID) }
            if let version = doc.version { writer.field("version", version) }
            writer.field("rejection_reasons", strings: doc.rejectionReasons)
            writer.field("retake", doc.retake)
            if let updatedAt = doc.updatedAt { writer.field("updated_at", updatedAt.rfc3339) }
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }
}
