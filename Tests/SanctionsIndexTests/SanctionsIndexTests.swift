import Foundation
import Testing
import Verification

@testable import SanctionsIndex

/// Matching a person against an index of listed entities: the words that find candidates, and
/// the comparison that scores them.
@Suite("Sanctions index")
struct SanctionsIndexTests {
    static let listed: [ListEntity] = [
        ListEntity(
            id: "ru-1",
            names: ["Александр Сергеевич Петров"],
            aliases: ["Aleksandr Petrov"],
            birthDates: ["1961-04-12"],
            countries: ["ru"]
        ),
        ListEntity(
            id: "ar-1",
            names: ["Mohammed bin Salem Al-Rashid"],
            aliases: ["Muhammad Al Rashid"],
            birthDates: ["1975"],
            countries: ["sa"]
        ),
        ListEntity(id: "ar-2", names: ["Mohammed Ali"], birthDates: ["1980-01-01"], countries: ["eg"]),
        ListEntity(id: "es-1", names: ["José María García Fernández"], birthDates: ["1955-07-30"], countries: ["es"]),
        ListEntity(id: "cn-1", names: ["王建国"], aliases: ["Wang Jianguo"], birthDates: ["1966-09"], countries: ["cn"]),
        ListEntity(id: "org-1", schema: "Organization", names: ["Volga Trading House LLC"], countries: ["ru"]),
    ]

    static func index(_ entities: [ListEntity] = listed) -> SanctionsIndex {
        var builder = SanctionsIndex.Builder()
        for entity in entities { builder.add(entity) }
        return builder.build()
    }

    @Test(
        "a listed person is found however the name is written",
        arguments: [
            ("Aleksandr Petrov", "ru-1"),
            ("Alexander Petrov", "ru-1"),
            ("Petrov Aleksandr Sergeevich", "ru-1"),
            ("Aleksnadr Petrov", "ru-1"),
            ("Muhammad Al-Rashid", "ar-1"),
            ("Jose Maria Garcia", "es-1"),
            ("JOSÉ MARÍA GARCÍA FERNÁNDEZ", "es-1"),
            ("Jianguo Wang", "cn-1"),
            ("Volga Trading House", "org-1"),
        ]
    )
    func found(_ name: String, _ expected: String) {
        let matches = Self.index().search(ScreeningQuery(name: name), threshold: 0.7)
        #expect(matches.first?.id == expected, "\(name): \(matches.map { ($0.id, $0.score) })")
    }

    @Test("a namesake with another birth date and country scores lower than the listed person")
    func namesakes() {
        let index = Self.index()
        let listed = index.search(ScreeningQuery(name: "Mohammed Ali", birthDate: "1980-01-01", country: "eg"), threshold: 0.5)
        let other = index.search(ScreeningQuery(name: "Mohammed Ali", birthDate: "1992-05-05", country: "fr"), threshold: 0.5)
        #expect(listed.first?.id == "ar-2")
        #expect(listed.first?.score == 1)
        #expect((other.first?.score ?? 1) < 0.7, "\(other.map(\.score))")
        #expect(listed.first?.comparison.birthDate == 1)
        #expect(other.first?.comparison.birthDate == 0)
    }

    @Test("nobody is found for a name that is not listed; bad names find nothing and cost little")
    func notFound() {
        let index = Self.index()
        for name in ["Grace Hopper", "", "   ", "🙂🙂🙂", String(repeating: "Petrov ", count: 2_000), "עברית שם", "-- ; DROP"] {
            #expect(index.search(ScreeningQuery(name: name), threshold: 0.7).allSatisfy { $0.id != "es-1" && $0.id != "cn-1" })
        }
        #expect(index.search(ScreeningQuery(name: "Grace Hopper"), threshold: 0.7).isEmpty)
    }

    @Test("an entity whose names hold no letters is left out; the rest is indexed")
    func builder() {
        var builder = SanctionsIndex.Builder()
        let empty = builder.add(ListEntity(id: "empty", names: ["---", "🙂"]))
        let ok = builder.add(ListEntity(id: "ok", names: ["Ada Lovelace"]))
        #expect(!empty)
        #expect(ok)
        let index = builder.build()
        #expect(index.count == 1)
        #expect(index.search(ScreeningQuery(name: "Ada Lovelace"), threshold: 0.9).map(\.id) == ["ok"])
    }

    @Test("a FollowTheMoney line is read; a bad line says why")
    func lines() throws {
        let line = #"""
            {"id": "NK-1", "schema": "Person", "caption": "Ivan Petrov", "properties": {"name": ["Ivan Petrov"], "alias": ["Иван Петров"],
             "weakAlias": ["Vanya"], "birthDate": ["1970-02-03", "circa 1970"], "nationality": ["RU"], "topics": ["sanction"]},
             "datasets": ["us_ofac_sdn"], "last_change": "2026-11-30T08:12:00"}
            """#
        let entity = try ListEntity(line: Array(line.utf8))
        #expect(entity.names == ["Ivan Petrov"])
        #expect(entity.aliases == ["Иван Петров", "Vanya"])
        #expect(entity.birthDates == ["1970-02-03"], "a date that is not one is dropped")
        #expect(entity.countries == ["ru"])
        #expect(entity.topics == ["sanction"])
        #expect(entity.lastChange == "2026-11-30T08:12:00")
        let parts = try ListEntity(line: Array(#"{"id": "x", "properties": {"firstName": ["Ada"], "lastName": ["Lovelace"]}}"#.utf8))
        #expect(parts.names == ["Ada Lovelace"])
        for (bad, reason) in [
            ("not json", "not a JSON object"), ("[1]", "not a JSON object"), (#"{"properties": {}}"#, "no id"),
            (#"{"id": "x", "properties": {"name": []}}"#, "no name"),
        ] {
            #expect(throws: ListLineError(reason: reason)) { try ListEntity(line: Array(bad.utf8)) }
        }
    }
}

/// An index of what a list version changed, searched with the whole list's rarity of words, as
/// ongoing monitoring searches it.
@Suite("Sanctions index of a list's changes")
struct SanctionsIndexDeltaTests {
    /// A letters-only word for a number: `bab`, `bac` … (names hold no digits).
    static func word(_ number: Int) -> String {
        var number = number
        var letters = ""
        repeat {
            letters.append(Character(UnicodeScalar(UInt8(ascii: "a") + UInt8(number % 26))))
            number /= 26
        } while number > 0
        return "Kor" + letters
    }

    /// 2,100 men called Ivan (a common word), Olga Petrenko, and what the delta adds.
    static let whole: [ListEntity] =
        (0..<2_100).map { ListEntity(id: "ivan-\($0)", names: ["Ivan \(word($0))"]) }
        + [ListEntity(id: "olga", names: ["Olga Petrenko"])]
    static let added = [
        ListEntity(id: "new-ivan", names: ["Ivan Zhukovsky"]),
        ListEntity(id: "new-petrenko", names: ["Petro Petrenko"]),
    ]

    static func index(_ entities: [ListEntity]) -> SanctionsIndex {
        var builder = SanctionsIndex.Builder()
        for entity in entities { builder.add(entity) }
        return builder.build()
    }

    @Test("a common given name alone does not bring a changed entity in when the whole list knows the query's rarer word")
    func commonWordsAreTheWholeListsCommonWords() {
        let reference = Self.index(Self.whole + Self.added)
        let delta = Self.index(Self.added)
        let rarity = delta.rarity(from: reference)
        #expect(
            delta.gather(NameMatcher.tokens("Ivan Petrenko"), rarity: rarity, memo: SanctionsIndex.WordMemo()).map { delta.ids[$0] } == [
                "new-petrenko"
            ]
        )
        let alone = delta.rarity(from: nil)
        #expect(
            Set(delta.gather(NameMatcher.tokens("Ivan Petrenko"), rarity: alone, memo: SanctionsIndex.WordMemo()).map { delta.ids[$0] })
                == [
                    "new-petrenko", "new-ivan",
                ]
        )
        #expect(
            delta.search(ScreeningQuery(name: "Ivan Zhukovsky"), threshold: 0.9, rarity: delta.rarity(from: reference), memo: nil).first?.id
                == "new-ivan"
        )
    }

    @Test("what a search of the whole list raises among the changes, the search of the changes raises too")
    func raisesWhatTheWholeListRaises() {
        let reference = Self.index(Self.whole + Self.added)
        let delta = Self.index(Self.added)
        let memo = SanctionsIndex.WordMemo()
        let changed = Set(Self.added.map(\.id))
        for name in [
            "Ivan Zhukovsky", "Ivan Zhukovski", "Zhukovsky Ivan", "Petro Petrenko", "Petro Petrenco", "Olga Petrenko", "Ivan Korbab",
        ] {
            let query = ScreeningQuery(name: name)
            let expected = Set(reference.search(query, threshold: 0.8, limit: 50).map(\.id)).intersection(changed)
            let found = Set(delta.search(query, threshold: 0.8, limit: 50, rarity: delta.rarity(from: reference), memo: memo).map(\.id))
            #expect(expected.isSubset(of: found), "\(name)")
        }
        #expect(memo.words[NameMatcher.tokens("Ivan")[0]] != nil, "a word is looked up once for every search sharing the memo")
    }
}
