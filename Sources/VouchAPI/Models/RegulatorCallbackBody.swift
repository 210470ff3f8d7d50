/// The answer to a regulator callback: which check it finished, and whether this delivery did
/// it or an earlier one had.
struct RegulatorCallbackBody: Encodable {
    var reference: String
    var status: String
    var applied: Bool
    var replay: Bool
}
