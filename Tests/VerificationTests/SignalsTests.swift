import Base
import Foundation
import Testing
import Verification

/// Gathering an applicant's signals, and the data form custom rules read and decisions store.
@Suite struct SignalsTests {
    static let today = CivilDate(year: 2026, month: 6, day: 1)!
    static let profile = ProfileFacts(
        firstName: "Anna",
        lastName: "Eriksson",
        dateOfBirth: CivilDate(year: 2000, month: 1, day: 1),
        nationality: "FR",
        residence: "de"
    )

    /// What a valid zone on an identity card contributes.
    static func zone(nationality: String = "UTO", birthDate: String = "1974-08-12", nameScore: Double? = 0.9) -> DocumentSignals {
        var signals = DocumentSignals()
        signals.fileType = "jpeg"
        signals.mrzValid = true
        signals.documentCode = "I"
        signals.issuingCountry = "UTO"
        signals.nationality = nationality
        signals.birthDate = birthDate
        signals.expiryDate = "2031-04-15"
        signals.daysToExpiry = 1779
        signals.nameScore = nameScore
        signals.birthDateMatches = true
        return signals
    }

    @Test func zoneFactsOverrideTheProfile() {
        let documents = [DocumentFacts(type: "ID_FRONT", status: "VERIFIED", signals: Self.zone())]
        let signals = DecisionSignals.assemble(documents: documents, profile: Self.profile, today: Self.today)
        #expect(signals.country == "UTO")
        #expect(signals.age == 51)
        #expect(signals.residence == "DEU")
        #expect(signals.mrzValid)
        #expect(signals.documentCode == "I")
        #expect(signals.issuingCountry == "UTO")
        #expect(signals.daysToExpiry == 1779)
        #expect(signals.nameScore == 0.9)
        #expect(signals.birthDateMatches == true)
        #expect(signals.documentStatuses == ["ID_FRONT": "VERIFIED"])
    }

    @Test func invalidZoneLeavesTheProfileInCharge() {
        var facts = Self.zone(nationality: "XXX", birthDate: "1950-01-01")
        facts.mrzValid = false
        let documents = [DocumentFacts(type: "ID_FRONT", status: "REJECTED", signals: facts)]
        let signals = DecisionSignals.assemble(documents: documents, profile: Self.profile, today: Self.today)
        #expect(signals.country == "FRA")
        #expect(signals.age == 26)
        #expect(!signals.mrzValid)
        #expect(signals.documentCode == nil)
        #expect(signals.daysToExpiry == nil)
    }

    @Test func withoutDocumentsTheProfileGivesAgeAndCountries() {
        let signals = DecisionSignals.assemble(documents: [], profile: Self.profile, today: Self.today)
        #expect(signals.age == 26)
        #expect(signals.country == "FRA")
        #expect(signals.residence == "DEU")
        #expect(signals.nameScore == nil)
        #expect(signals.birthDateMatches == nil)
        #expect(signals.documentStatuses.isEmpty)
        #expect(signals.screeningStatus == "skipped")
        #expect(signals.regulatorStatus == "skipped")
    }

    @Test func emptyProfileLeavesAgeAndCountriesUnknown() {
        let signals = DecisionSignals.assemble(documents: [], profile: ProfileFacts(nationality: "ZZ"), today: Self.today)
        #expect(signals.age == nil)
        #expect(signals.country == nil)
        #expect(signals.residence == nil)
    }

    @Test func ageCountsWholeYearsUpToTheBirthday() {
        let dayBefore = ProfileFacts(dateOfBirth: CivilDate(year: 2008, month: 6, day: 2))
        #expect(DecisionSignals.assemble(documents: [], profile: dayBefore, today: Self.today).age == 17)
        let birthday = ProfileFacts(dateOfBirth: CivilDate(year: 2008, month: 6, day: 1))
        #expect(DecisionSignals.assemble(documents: [], profile: birthday, today: Self.today).age == 18)
    }

    @Test func lowestNameScoreAndAnyBirthDateMismatchWin() {
        var back = Self.zone(nameScore: 0.7)
        back.birthDateMatches = false
        var selfie = DocumentSignals()
        selfie.fileType = "png"
        let documents = [
            DocumentFacts(type: "ID_FRONT", status: "VERIFIED", signals: Self.zone(nameScore: 0.95)),
            DocumentFacts(type: "ID_BACK", status: "IN_REVIEW", signals: back),
            DocumentFacts(type: "SELFIE", status: "VERIFIED", signals: selfie),
        ]
        let signals = DecisionSignals.assemble(documents: documents, profile: Self.profile, today: Self.today)
        #expect(signals.nameScore == 0.7)
        #expect(signals.birthDateMatches == false)
        #expect(signals.documentStatuses == ["ID_FRONT": "VERIFIED", "ID_BACK": "IN_REVIEW", "SELFIE": "VERIFIED"])
    }

    @Test func fileFindingsAndApplicantChecksAreGathered() {
        var address = DocumentSignals()
        address.proofOfAddressAgeDays = 40
        address.editingTools = ["photoshop"]
        var front = Self.zone()
        front.duplicateDocumentNumber = true
        var selfie = DocumentSignals()
        selfie.duplicateFile = true
        let documents = [
            DocumentFacts(type: "PROOF_OF_ADDRESS", status: "IN_REVIEW", signals: address),
            DocumentFacts(type: "ID_FRONT", status: "IN_REVIEW", signals: front),
            DocumentFacts(type: "SELFIE", status: "IN_REVIEW", signals: selfie),
        ]
        let screening = ScreeningSignal(status: "hit", topScore: 0.82, sanctions: true, pep: false)
        let signals = DecisionSignals.assemble(
            documents: documents,
            profile: Self.profile,
            today: Self.today,
            screening: screening,
            regulatorStatus: "no_match"
        )
        #expect(signals.tampering)
        #expect(signals.duplicateFile)
        #expect(signals.duplicateDocumentNumber)
        #expect(signals.proofOfAddressAgeDays == 40)
        #expect(signals.screeningStatus == "hit")
        #expect(signals.screeningTopScore == 0.82)
        #expect(signals.screeningSanctions)
        #expect(!signals.screeningPEP)
        #expect(signals.regulatorStatus == "no_match")
    }

    // MARK: data form

    static func populated() -> DecisionSignals {
        var signals = DecisionSignals()
        signals.age = 51
        signals.country = "UTO"
        signals.residence = "DEU"
        signals.nameScore = 0.875
        signals.mrzValid = true
        signals.documentCode = "P"
        signals.issuingCountry = "UTO"
        signals.daysToExpiry = -12
        signals.tampering = true
        signals.birthDateMatches = false
        signals.documentStatuses = ["ID_FRONT": "VERIFIED", "SELFIE": "IN_REVIEW"]
        signals.duplicateFile = false
        signals.duplicateDocumentNumber = true
        signals.proofOfAddressAgeDays = 12
        signals.screeningStatus = "hit"
        signals.screeningTopScore = 0.91
        signals.screeningSanctions = false
        signals.screeningPEP = true
        signals.regulatorStatus = "pending"
        return signals
    }

    @Test func dataFormNamesEverySignal() {
        let data = Self.populated().json(riskScore: 42)
        #expect(data["age"] == 51)
        #expect(data["country"] == "UTO")
        #expect(data["risk_score"] == 42)
        #expect(data["doc"]?["expired"] == true)
        #expect(data["doc"]?["days_to_expiry"] == -12)
        #expect(data["doc"]?["birth_date_matches"] == false)
        #expect(data["documents"]?["SELFIE"] == "IN_REVIEW")
        #expect(data["duplicate"]?["any"] == true)
        #expect(data["proof_of_address"]?["age_days"] == 12)
        #expect(data["screening"]?["pep"] == true)
        #expect(data["regulator"]?["status"] == "pending")
        let empty = DecisionSignals().json(riskScore: 0)
        #expect(empty["age"] == .null)
        #expect(empty["doc"]?["expired"] == false)
        #expect(empty["doc"]?["birth_date_matches"] == .null)
        #expect(empty["duplicate"]?["any"] == false)
        #expect(empty["screening"]?["status"] == "skipped")
    }

    @Test func readingTheDataFormBackGivesTheSameSignals() {
        let signals = Self.populated()
        #expect(DecisionSignals(json: signals.json(riskScore: 42)) == signals)
        #expect(DecisionSignals(json: DecisionSignals().json(riskScore: 0)) == DecisionSignals())
    }

    @Test func storedDataFormSurvivesEncodingAsText() throws {
        let signals = Self.populated()
        let text = try JSONEncoder().encode(signals.json(riskScore: 42))
        #expect(DecisionSignals(json: try JSONValue(parsing: text)) == signals)
    }

    @Test func unreadableDataGivesDefaultSignals() {
        #expect(DecisionSignals(json: "not an object") == DecisionSignals())
        let odd: JSONValue = ["age": "fifty", "doc": ["mrz_valid": "yes"], "screening": 3, "documents": ["SELFIE": 1]]
        #expect(DecisionSignals(json: odd) == DecisionSignals())
    }

    @Test func numbersTooLargeForWholeDaysAreDropped() {
        let data: JSONValue = ["age": 1e300, "doc": ["days_to_expiry": -1e19], "proof_of_address": ["age_days": 9.3e18]]
        let signals = DecisionSignals(json: data)
        #expect(signals.age == nil)
        #expect(signals.daysToExpiry == nil)
        #expect(signals.proofOfAddressAgeDays == nil)
    }

    @Test(arguments: [
        "age", "doc.mrz_valid", "documents.SELFIE", "screening.top_score", "regulator.status", "current", "accumulator.x", "0", "",
    ])
    func documentedNames(name: String) {
        #expect(DecisionSignals.isDocumented(name))
    }

    @Test(arguments: ["salary", "docs.type", "Age", "applicant.age"])
    func undocumentedNames(name: String) {
        #expect(!DecisionSignals.isDocumented(name))
    }
}
