import Base
import Foundation

/// What an endpoint receives of each event. `full` carries the event's data as recorded (the
/// applicant's status object as of the event's transaction); `thin` carries only its ids, so a
/// receiver fetches the current state and a late or retried delivery can never make it apply
/// an older one. Both carry the applicant's `sequence`, and `livemode` (false for a test-mode
/// event, which only the test-mode twin's endpoints receive).
public enum WebhookPayload: String, Sendable, CaseIterable {
    case full
    case thin

    /// The signed body of one delivery. The stored data is spliced in as stored (it is already
    /// JSON) for `full`; `thin` keeps the data's `…_id` fields only.
    static func body(
        eventID: String,
        type: String,
        createdAt: Date,
        livemode: Bool,
        applicant: ApplicantID?,
        sequence: Int?,
        data: String,
        thin: Bool
    ) throws -> [UInt8] {
        var body = #"{"id":"\#(eventID)","type":"\#(type)","created_at":"\#(createdAt.rfc3339)","livemode":\#(livemode)"#
        if let applicant, let sequence {
            body += #","applicant_id":"\#(applicant.description)","sequence":\#(sequence)"#
        }
        if thin {
            body += #","payload":"thin","data":"# + (try ids(of: data))
        } else {
            body += #","payload":"full","data":"# + data
        }
        body += "}"
        return Array(body.utf8)
    }

    /// The top-level `…_id` fields of the recorded data, as a JSON object.
    static func ids(of data: String) throws -> String {
        guard case .object(let fields) = try JSONValue(parsing: Data(data.utf8)) else { return "{}" }
        let ids = fields.filter { $0.key.hasSuffix("_id") }
        // Sorted, so that every attempt of a delivery carries the same bytes.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(JSONValue.object(ids)), as: UTF8.self)
    }
}
