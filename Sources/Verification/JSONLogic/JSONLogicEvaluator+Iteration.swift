import Base

/// `map`, `filter`, `all`, `none`, `some` and `reduce`: a body evaluated with each element as its data.
///
/// A source that is not an array counts as an empty one, as in the reference implementation.
extension JSONLogicEvaluator {
    mutating func iterate(_ kind: JSONLogicIteration, over source: JSONValue, body: JSONLogicNode, at path: String)
        throws(JSONLogicError) -> JSONValue
    {
        let elements: [JSONValue]
        if case .array(let listed) = source { elements = listed } else { elements = [] }
        try spend(elements.count, at: path)
        switch kind {
        case .map:
            var results: [JSONValue] = []
            results.reserveCapacity(elements.count)
            for element in elements { results.append(try evaluate(body, element)) }
            return .array(results)
        case .filter:
            var kept: [JSONValue] = []
            for element in elements where JSONLogic.truthy(try evaluate(body, element)) { kept.append(element) }
            return .array(kept)
        case .all:
            guard !elements.isEmpty else { return .bool(false) }
            for element in elements where !JSONLogic.truthy(try evaluate(body, element)) { return .bool(false) }
            return .bool(true)
        case .none, .some:
            let wanted = kind == .some
            for element in elements where JSONLogic.truthy(try evaluate(body, element)) { return .bool(wanted) }
            return .bool(!wanted)
        }
    }

    /// Folds the elements through the body, which sees `{"current": element, "accumulator": sofar}`.
    mutating func reduce(_ source: JSONValue, body: JSONLogicNode, seed: JSONValue, at path: String) throws(JSONLogicError)
        -> JSONValue
    {
        guard case .array(let elements) = source else { return seed }
        try spend(elements.count, at: path)
        var accumulator = seed
        for element in elements {
            accumulator = try evaluate(body, .object(["current": element, "accumulator": accumulator]))
        }
        return accumulator
    }
}
