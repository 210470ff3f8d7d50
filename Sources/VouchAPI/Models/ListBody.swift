/// `{"object": "list", "data": [...], "has_more": …}`.
struct ListBody<Element: Encodable>: Encodable {
    var object = "list"
    var data: [Element]
    var hasMore: Bool

    enum CodingKeys: String, CodingKey {
        case object, data
        case hasMore = "has_more"
    }
}
