import Base
import CCurl
import Foundation
import Synchronization

/// The thread that owns a libcurl multi handle and moves every transfer on it.
///
/// Callers hand transfers over through `submit` and `cancel` (any thread); the driver's thread
/// adds them to the multi handle, lets libcurl do the I/O with `curl_multi_perform`, sleeps in
/// `curl_multi_poll` until a socket is ready or `curl_multi_wakeup` says there is news, and
/// resumes each caller when its transfer ends. No libcurl call happens on any other thread.
final class CurlDriver: @unchecked Sendable {
    private struct Inbox {
        var submitted: [CurlTransfer] = []
        var cancelled: [Int] = []
        var closed = false
    }

    let configuration: HTTPTransportConfiguration
    private let multi: UnsafeMutableRawPointer
    private let inbox = Mutex(Inbox())
    private let nextID = Atomic(0)
    /// In flight, by id. Driver thread only.
    private var active: [Int: CurlTransfer] = [:]
    /// Easy handles of finished transfers, reset and kept for the next ones. Driver thread only.
    private var spareHandles: [UnsafeMutableRawPointer] = []
    private let inFlight = Atomic(0)

    init(configuration: HTTPTransportConfiguration, threadName: String) {
        CurlGlobal.initialize()
        self.configuration = configuration
        multi = curl_multi_init()
        if configuration.maximumConnectionsPerHost > 0 {
            _ = vouch_curl_multi_set_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, configuration.maximumConnectionsPerHost)
        }
        let thread = Thread { [self] in
            ThreadName.setCurrent(threadName)
            ThreadPriority.lowerCurrent(to: configuration.threadNiceness)
            run()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Transfers submitted and not yet finished.
    var transfersInFlight: Int { inFlight.load(ordering: .relaxed) }

    func makeTransfer(_ request: TransportRequest) -> CurlTransfer {
        let id = nextID.add(1, ordering: .relaxed).newValue
        return CurlTransfer(
            request: request,
            id: id,
            maximumBytes: request.maximumResponseBytes ?? configuration.maximumResponseBytes
        )
    }

    /// Any thread. The transfer's caller is resumed when it ends; after `close()`, at once.
    func submit(_ transfer: CurlTransfer) {
        let accepted = inbox.withLock { inbox in
            guard !inbox.closed else { return false }
            inbox.submitted.append(transfer)
            return true
        }
        guard accepted else { return transfer.fail(TransportError(kind: .shutdown)) }
        inFlight.add(1, ordering: .relaxed)
        curl_multi_wakeup(multi)
    }

    /// Any thread: aborts the transfer if it is still running.
    func cancel(_ transfer: CurlTransfer) {
        transfer.cancel()
        inbox.withLock { $0.cancelled.append(transfer.id) }
        curl_multi_wakeup(multi)
    }

    /// Any thread: fails what is in flight with `shutdown` and ends the thread.
    func close() {
        inbox.withLock { $0.closed = true }
        curl_multi_wakeup(multi)
    }

    // MARK: the driver's thread

    private func run() {
        while true {
            let (submitted, cancelled, closed) = inbox.withLock { inbox in
                defer {
                    inbox.submitted.removeAll(keepingCapacity: true)
                    inbox.cancelled.removeAll(keepingCapacity: true)
                }
                return (inbox.submitted, inbox.cancelled, inbox.closed)
            }
            for transfer in submitted { start(transfer) }
            for id in cancelled {
                if let transfer = active[id] { finish(transfer, .failure(TransportError(kind: .cancelled))) }
            }
            if closed { break }
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            collectFinished()
            // The timeout only bounds the wait; libcurl wakes earlier for its own timers.
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        shutDown()
    }

    private func start(_ transfer: CurlTransfer) {
        guard !transfer.isCancelled else {
            return settle(transfer, .failure(TransportError(kind: .cancelled)))
        }
        guard let handle = spareHandles.popLast() ?? curl_easy_init() else {
            return settle(transfer, .failure(TransportError(kind: .other)))
        }
        guard transfer.configure(handle, configuration) else {
            recycle(handle, of: transfer)
            return settle(transfer, .failure(TransportError(kind: .invalidRequest)))
        }
        guard curl_multi_add_handle(multi, handle) == CURLM_OK else {
            recycle(handle, of: transfer)
            return settle(transfer, .failure(TransportError(kind: .other)))
        }
        active[transfer.id] = transfer
    }

    private func collectFinished() {
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
            let code = message.pointee.data.result
            var context: UnsafeMutableRawPointer?
            _ = vouch_curl_get_pointer(handle, CURLINFO_PRIVATE, &context)
            guard let context else { continue }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            if code == CURLE_OK {
                finish(transfer, .success(response(of: transfer, handle: handle)))
            } else {
                finish(transfer, .failure(TransportError(curl: code, tooLarge: transfer.exceededLimit)))
            }
        }
    }

    private func response(of transfer: CurlTransfer, handle: UnsafeMutableRawPointer) -> TransportResponse {
        var status = 0
        var version = 0
        var microseconds: curl_off_t = 0
        _ = vouch_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        _ = vouch_curl_get_long(handle, CURLINFO_HTTP_VERSION, &version)
        _ = vouch_curl_get_off_t(handle, CURLINFO_TOTAL_TIME_T, &microseconds)
        let versionText =
            switch version {
            case Int(CURL_HTTP_VERSION_2_0): "2"
            case Int(CURL_HTTP_VERSION_3): "3"
            case Int(CURL_HTTP_VERSION_1_0): "1.0"
            default: "1.1"
            }
        return TransportResponse(
            status: status,
            headers: transfer.headers,
            body: transfer.body,
            httpVersion: versionText,
            duration: .microseconds(Int64(microseconds))
        )
    }

    /// Takes a running transfer off the multi handle and resumes its caller.
    private func finish(_ transfer: CurlTransfer, _ result: Result<TransportResponse, TransportError>) {
        active[transfer.id] = nil
        if let handle = transfer.handle {
            curl_multi_remove_handle(multi, handle)
            recycle(handle, of: transfer)
        }
        settle(transfer, result)
    }

    private func settle(_ transfer: CurlTransfer, _ result: Result<TransportResponse, TransportError>) {
        inFlight.subtract(1, ordering: .relaxed)
        switch result {
        case .success(let response): transfer.succeed(response)
        case .failure(let error): transfer.fail(error)
        }
    }

    /// Keeps a few handles for reuse: `curl_easy_reset` clears their settings but keeps caches.
    private func recycle(_ handle: UnsafeMutableRawPointer, of transfer: CurlTransfer) {
        transfer.handle = nil
        transfer.releaseLists()
        if spareHandles.count < 64 {
            curl_easy_reset(handle)
            spareHandles.append(handle)
        } else {
            curl_easy_cleanup(handle)
        }
    }

    private func shutDown() {
        for transfer in Array(active.values) { finish(transfer, .failure(TransportError(kind: .shutdown))) }
        let late = inbox.withLock { inbox in
            defer { inbox.submitted.removeAll() }
            return inbox.submitted
        }
        for transfer in late { settle(transfer, .failure(TransportError(kind: .shutdown))) }
        for handle in spareHandles { curl_easy_cleanup(handle) }
        spareHandles.removeAll()
        curl_multi_cleanup(multi)
    }
}

/// `curl_global_init` must run once, before any other libcurl call, and is not thread-safe.
enum CurlGlobal {
    private static let initialized: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
    }()

    static func initialize() { _ = initialized }
}
