import CCurl
import Foundation
import Synchronization

/// One request in flight: its easy handle's settings, the bytes coming back, and the caller
/// waiting for them. Everything but `cancel()` runs on the driver's thread.
final class CurlTransfer: @unchecked Sendable {
    let request: TransportRequest
    let id: Int
    let maximumBytes: Int
    private let cancelled = Atomic(false)
    private var continuation: CheckedContinuation<TransportResponse, any Error>?

    var handle: UnsafeMutableRawPointer?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var pinList: UnsafeMutablePointer<curl_slist>?
    private(set) var headers: [(name: String, value: String)] = []
    private(set) var body: [UInt8] = []
    private(set) var exceededLimit = false

    init(request: TransportRequest, id: Int, maximumBytes: Int) {
        self.request = request
        self.id = id
        self.maximumBytes = maximumBytes
    }

    deinit {
        releaseLists()
    }

    func await(_ continuation: CheckedContinuation<TransportResponse, any Error>) {
        self.continuation = continuation
    }

    /// Any thread: marks the transfer cancelled; the driver aborts it on its next turn.
    func cancel() { cancelled.store(true, ordering: .releasing) }
    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    /// Resumes the caller; the driver calls exactly one of these, once.
    func succeed(_ response: TransportResponse) {
        continuation?.resume(returning: response)
        continuation = nil
    }

    func fail(_ error: TransportError) {
        continuation?.resume(throwing: error)
        continuation = nil
    }

    /// Sets up `handle` for this request; returns false when a setting was refused.
    func configure(_ handle: UnsafeMutableRawPointer, _ configuration: HTTPTransportConfiguration) -> Bool {
        self.handle = handle
        let me = Unmanaged.passUnretained(self).toOpaque()
        var ok = true
        func long(_ option: CURLoption, _ value: Int) { ok = ok && vouch_curl_set_long(handle, option, value) == CURLE_OK }
        func text(_ option: CURLoption, _ value: String) {
            ok = ok && value.withCString { vouch_curl_set_string(handle, option, $0) } == CURLE_OK
        }
        text(CURLOPT_URL, request.url)
        text(CURLOPT_PROTOCOLS_STR, "http,https")
        long(CURLOPT_NOSIGNAL, 1)
        long(CURLOPT_FOLLOWLOCATION, 0)
        long(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        long(CURLOPT_TCP_KEEPALIVE, 1)
        long(CURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeout))
        long(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout ?? configuration.connectTimeout))
        long(CURLOPT_SSL_VERIFYPEER, configuration.verifyPeer ? 1 : 0)
        long(CURLOPT_SSL_VERIFYHOST, configuration.verifyPeer ? 2 : 0)
        if let path = configuration.caBundlePath { text(CURLOPT_CAINFO, path) }
        if let path = configuration.clientCertificatePath { text(CURLOPT_SSLCERT, path) }
        if let path = configuration.clientKeyPath { text(CURLOPT_SSLKEY, path) }
        text(CURLOPT_PROXY, configuration.proxy ?? "")
        text(CURLOPT_USERAGENT, configuration.userAgent)
        // Every encoding libcurl can decode; the size limit applies to the decoded bytes.
        text(CURLOPT_ACCEPT_ENCODING, "")
        if !request.truncatesResponse {
            ok = ok && vouch_curl_set_off_t(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(maximumBytes)) == CURLE_OK
        }
        ok = ok && vouch_curl_set_pointer(handle, CURLOPT_PRIVATE, me) == CURLE_OK
        ok = ok && vouch_curl_set_data_callback(handle, CURLOPT_WRITEFUNCTION, curlTransferReceiveBody) == CURLE_OK
        ok = ok && vouch_curl_set_pointer(handle, CURLOPT_WRITEDATA, me) == CURLE_OK
        ok = ok && vouch_curl_set_data_callback(handle, CURLOPT_HEADERFUNCTION, curlTransferReceiveHeader) == CURLE_OK
        ok = ok && vouch_curl_set_pointer(handle, CURLOPT_HEADERDATA, me) == CURLE_OK
        ok = ok && configureMethodAndBody(handle)
        ok = ok && configureLists(handle)
        return ok
    }

    private func configureMethodAndBody(_ handle: UnsafeMutableRawPointer) -> Bool {
        let method = request.method.uppercased()
        var ok = true
        switch method {
        case "GET" where request.body.isEmpty: break
        case "HEAD": ok = vouch_curl_set_long(handle, CURLOPT_NOBODY, 1) == CURLE_OK
        default:
            if method != "POST" { ok = method.withCString { vouch_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, $0) } == CURLE_OK }
            ok = ok && vouch_curl_set_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)) == CURLE_OK
            // libcurl keeps its own copy, so the request's lifetime does not matter.
            ok =
                ok
                && request.body.withUnsafeBytes { bytes in
                    vouch_curl_set_pointer(
                        handle,
                        CURLOPT_COPYPOSTFIELDS,
                        UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!)
                    )
                } == CURLE_OK
        }
        return ok
    }

    private func configureLists(_ handle: UnsafeMutableRawPointer) -> Bool {
        // No `Expect: 100-continue` pause before large bodies: the services answer at once.
        var list = curl_slist_append(nil, "Expect:")
        for (name, value) in request.headers {
            // A line break would start a header of the caller's choosing (bytes: "\r\n" is one Character).
            guard !name.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 58 }),
                !value.utf8.contains(where: { $0 == 13 || $0 == 10 })
            else { return false }
            list = curl_slist_append(list, "\(name): \(value)")
        }
        headerList = list
        var ok = vouch_curl_set_slist(handle, CURLOPT_HTTPHEADER, list) == CURLE_OK
        if !request.pinnedAddresses.isEmpty {
            var pins: UnsafeMutablePointer<curl_slist>?
            for entry in request.pinnedAddresses { pins = curl_slist_append(pins, entry) }
            pinList = pins
            ok = ok && vouch_curl_set_slist(handle, CURLOPT_RESOLVE, pins) == CURLE_OK
        }
        return ok
    }

    func releaseLists() {
        if let headerList { curl_slist_free_all(headerList) }
        if let pinList { curl_slist_free_all(pinList) }
        headerList = nil
        pinList = nil
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    // MARK: callbacks (on the driver's thread, inside curl_multi_perform)

    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if request.truncatesResponse {
            body.append(contentsOf: bytes.prefix(max(0, maximumBytes - body.count)))
            return true
        }
        guard body.count + bytes.count <= maximumBytes else {
            exceededLimit = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    func receiveHeader(_ line: UnsafeRawBufferPointer) {
        // Bytes, not Foundation: this runs for every header line of every response.
        if line.starts(with: Self.statusLinePrefix) {
            // A new response starts (after a 100 Continue, or a proxy's CONNECT): only the last counts.
            headers.removeAll(keepingCapacity: true)
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: line[..<colon]), as: UTF8.self)
        var start = colon + 1
        var end = line.count
        while start < end, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
        while end > start, [0x20, 0x09, 0x0D, 0x0A].contains(line[end - 1]) { end -= 1 }
        headers.append((name, String(decoding: UnsafeRawBufferPointer(rebasing: line[start..<end]), as: UTF8.self)))
    }

    static let statusLinePrefix: [UInt8] = Array("HTTP/".utf8)
}

private func curlTransferReceiveBody(
    _ data: UnsafeMutablePointer<CChar>?,
    _ size: Int,
    _ count: Int,
    _ context: UnsafeMutableRawPointer?
) -> Int {
    // Returning anything but the length makes libcurl abort the transfer (CURLE_WRITE_ERROR).
    deliver(data, size * count, to: context) { $0.receiveBody($1) }
}

private func curlTransferReceiveHeader(
    _ data: UnsafeMutablePointer<CChar>?,
    _ size: Int,
    _ count: Int,
    _ context: UnsafeMutableRawPointer?
) -> Int {
    deliver(data, size * count, to: context) { transfer, line in
        transfer.receiveHeader(line)
        return true
    }
}

/// Hands libcurl's bytes to the transfer its context pointer names.
private func deliver(
    _ data: UnsafeMutablePointer<CChar>?,
    _ length: Int,
    to context: UnsafeMutableRawPointer?,
    _ body: (CurlTransfer, UnsafeRawBufferPointer) -> Bool
) -> Int {
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    return body(transfer, UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}
