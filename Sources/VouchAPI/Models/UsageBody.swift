import VouchCore

/// `GET /v1/usage`: billable usage by day and kind, and each kind's total over the range.
struct UsageBody: Encodable {
    /// One kind's count on one day (UTC).
    struct Day: Encodable {
        var day: String
        var kind: String
        var quantity: Int
    }

    var object = "usage"
    var livemode = Livemode()
    /// False in test mode: test usage is counted here and never billed.
    var billable = ResponseMode.livemode
    var from: String
    var to: String
    var data: [Day]
    /// Every usage kind, zero when unused, and any other kind the days hold.
    var totals: [String: Int]

    init(from: String, to: String, days: [UsageDay]) {
        self.from = from
        self.to = to
        data = days.map { Day(day: $0.day, kind: $0.kind, quantity: $0.quantity) }
        totals = Dictionary(uniqueKeysWithValues: UsageKind.allCases.map { ($0.rawValue, 0) })
        for day in days { totals[day.kind, default: 0] += day.quantity }
    }
}
