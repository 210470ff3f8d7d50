/// `/healthz` and `/readyz`: `{"status": …}`.
struct HealthBody: Encodable {
    var status: String
}
