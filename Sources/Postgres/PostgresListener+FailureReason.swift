import CLibPQ
import Foundation
import Glibc

extension PostgresListener {
    /// Says why a connection attempt failed in words fit for a log.
    ///
    /// libpq's reasons ("connection refused", "password authentication failed for user …") are
    /// what an operator needs, but when it cannot parse the connection string it quotes pieces of
    /// it, password included. Such strings get a fixed reason instead, and the password is masked
    /// in every other reason as well.
    struct ConnectionFailureDescriber: Sendable {
        private let isWellFormed: Bool
        private let password: String?

        init(conninfo: String) {
            var parseError: UnsafeMutablePointer<CChar>?
            guard let options = PQconninfoParse(conninfo, &parseError) else {
                if let parseError { PQfreemem(parseError) }
                self.isWellFormed = false
                self.password = nil
                return
            }
            defer { PQconninfoFree(options) }
            var password: String?
            var option = options
            while let keyword = option.pointee.keyword {
                if strcmp(keyword, "password") == 0, let value = option.pointee.val { password = String(cString: value) }
                option += 1
            }
            self.isWellFormed = true
            self.password = password
        }

        func reason(for error: any Error) -> String {
            guard isWellFormed else { return "the connection string could not be parsed" }
            guard let error = error as? PostgresError else { return "\(error)" }
            var reason = error.serverMessage.trimmingCharacters(in: .whitespacesAndNewlines)
            if let password, !password.isEmpty { reason = reason.replacingOccurrences(of: password, with: "***") }
            return reason.isEmpty ? error.description : reason
        }
    }
}
