import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A request as a `LocalHTTPServer` received it.
public struct ReceivedRequest: Sendable {
    public var method: String
    public var uri: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Which connection it came on (1 for the server's first connection, 2 for the next…).
    public var connection: Int

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// What a `LocalHTTPServer` does with a request.
public enum ServerAction: Sendable {
    case respond(status: Int, headers: [(String, String)] = [], body: [UInt8] = [])
    /// Answers after a pause, as a slow service does.
    case respondAfter(Duration, status: Int, body: [UInt8] = [])
    /// Keeps the connection open and never answers.
    case hang
    /// Promises a body, sends part of it, and closes the connection.
    case closeMidResponse
    /// A redirect to elsewhere.
    case redirect(to: String)
}

/// A real HTTP/1.1 server on 127.0.0.1 (SwiftNIO) whose every answer, or failure to answer, a
/// test chooses: the peer for the transport's and the providers' fault tests.
public final class LocalHTTPServer: Sendable {
    public let port: Int
    private let channel: any Channel
    private let state: SharedState

    final class SharedState: Sendable {
        let behaviour: @Sendable (ReceivedRequest) -> ServerAction
        let requests = Mutex<[ReceivedRequest]>([])
        let opened = Atomic(0)
        let closed = Atomic(0)

        init(behaviour: @escaping @Sendable (ReceivedRequest) -> ServerAction) {
            self.behaviour = behaviour
        }
    }

    private init(port: Int, channel: any Channel, state: SharedState) {
        self.port = port
        self.channel = channel
        self.state = state
    }

    /// Starts listening on a free port of 127.0.0.1.
    public static func start(_ behaviour: @escaping @Sendable (ReceivedRequest) -> ServerAction) async throws -> LocalHTTPServer {
        let state = SharedState(behaviour: behaviour)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMapThrowing {
                    try channel.pipeline.syncOperations.addHandler(ScriptedHTTPHandler(state: state))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return LocalHTTPServer(port: channel.localAddress?.port ?? 0, channel: channel, state: state)
    }

    public var url: String { "http://127.0.0.1:\(port)" }
    public var requests: [ReceivedRequest] { state.requests.withLock { $0 } }
    public var connectionsOpened: Int { state.opened.load(ordering: .relaxed) }
    public var connectionsClosed: Int { state.closed.load(ordering: .relaxed) }

    public func shutdown() async {
        try? await channel.close()
    }
}

final class ScriptedHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let state: LocalHTTPServer.SharedState
    var connection = 0
    var head: HTTPRequestHead?
    var body: [UInt8] = []

    init(state: LocalHTTPServer.SharedState) {
        self.state = state
    }

    func channelActive(context: ChannelHandlerContext) {
        connection = state.opened.add(1, ordering: .relaxed).newValue
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        state.closed.add(1, ordering: .relaxed)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = []
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            let request = ReceivedRequest(
                method: head.method.rawValue,
                uri: head.uri,
                headers: head.headers.map { ($0.name, $0.value) },
                body: body,
                connection: connection
            )
            state.requests.withLock { $0.append(request) }
            perform(state.behaviour(request), context: context)
        }
    }

    func perform(_ action: ServerAction, context: ChannelHandlerContext) {
        switch action {
        case .respond(let status, let headers, let body):
            respond(context: context, status: status, headers: headers, body: body)
        case .respondAfter(let delay, let status, let body):
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            let (seconds, attoseconds) = delay.components
            let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
            context.eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) {
                let (handler, context) = loopBound.value
                guard context.channel.isActive else { return }
                handler.respond(context: context, status: status, headers: [], body: body)
            }
        case .hang:
            break
        case .closeMidResponse:
            var headers = HTTPHeaders()
            headers.add(name: "Content-Length", value: "1000")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: Array("{\"partial\":".utf8))))), promise: nil)
            context.flush()
            context.close(promise: nil)
        case .redirect(let location):
            respond(context: context, status: 302, headers: [("Location", location)], body: [])
        }
    }

    func respond(context: ChannelHandlerContext, status: Int, headers: [(String, String)], body: [UInt8]) {
        var fields = HTTPHeaders(headers)
        fields.replaceOrAdd(name: "Content-Length", value: String(body.count))
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: fields)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if !body.isEmpty { context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
