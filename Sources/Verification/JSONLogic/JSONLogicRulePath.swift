/// How error paths name object members: `$.and[1]` for operators, `$["odd key"]` for names that would
/// not read unambiguously after a dot.
enum JSONLogicRulePath {
    /// The path of member `name` of the object at `parent`.
    static func member(of parent: String, named name: String) -> String {
        let plain =
            !name.isEmpty
            && name.unicodeScalars.allSatisfy { scalar in
                scalar.value > 0x20 && scalar.value != 0x7F && !".[]\"'\\".unicodeScalars.contains(scalar)
            }
        return plain ? parent + "." + name : parent + "[" + quoted(name) + "]"
    }

    /// `name` as a JSON string literal, so control characters and quotes cannot garble a message.
    static func quoted(_ name: String) -> String {
        var text = "\""
        for scalar in name.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\t": text += "\\t"
            case "\r": text += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        return text + "\""
    }
}
