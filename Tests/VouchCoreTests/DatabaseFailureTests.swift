import Postgres
import Testing
import VouchCore

/// What counts as "the database is not there" (answered 503, and retried in the background where
/// a request must leave nothing half done), and what does not.
@Suite struct DatabaseFailureTests {
    @Test func unreachableDatabaseInEveryFormIsUnavailable() {
        #expect(DatabaseFailure(VouchError.databaseUnavailable) == .unavailable, "as TenantDatabase reports it")
        #expect(DatabaseFailure(PostgresError(kind: .connectionClosed)) == .unavailable)
        #expect(DatabaseFailure(PostgresError(kind: .connectionFailed)) == .unavailable)
        #expect(DatabaseFailure(PostgresError(kind: .poolTimeout)) == .unavailable)
        #expect(
            DatabaseFailure(PostgresError(kind: .server, sqlState: .readOnlySQLTransaction)) == .unavailable,
            "a write sent to a primary that has become a standby"
        )
    }

    @Test func aCommitCutOffHasAnUnknownOutcome() {
        #expect(DatabaseFailure(VouchError.databaseOutcomeUnknown) == .outcomeUnknown)
        #expect(DatabaseFailure(PostgresError(kind: .commitOutcomeUnknown)) == .outcomeUnknown)
        #expect(DatabaseFailure(PostgresError(kind: .commitOutcomeUnknown))?.isOutage == true)
    }

    @Test func errorsInTheRequestItselfAreNot() {
        #expect(DatabaseFailure(PostgresError(kind: .server, sqlState: .uniqueViolation)) == nil)
        #expect(DatabaseFailure(PostgresError(kind: .server, sqlState: .characterNotInRepertoire)) == .unstorableText)
        #expect(DatabaseFailure(VouchError.applicantExists) == nil)
    }
}
