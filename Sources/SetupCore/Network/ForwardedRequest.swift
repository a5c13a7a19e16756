import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A plain-HTTP request sent to an HTTP proxy the way pip (urllib3) and curl send one: the whole address in the
/// request line (`GET http://mirror:8080/v2.8.3/x.whl HTTP/1.1`), Proxy-Authorization where the proxy's address has
/// user:password, one connection per request. Redirects are followed here as HTTPTransport's client follows them
/// (at most 8, no cycles); one that leaves plain HTTP through an HTTP proxy goes on by `HTTPFetch.send`.
final class ForwardedRequest: Sendable {
    private struct State {
        var channel: (any Channel)?
        /// Why the connection is being closed from this side: the user's cancel, or the deadline.
        var closing: (any Error)?
        var handedOver: SentRequest?
        var deadline: Scheduled<Void>?
        var ended = false
    }
    private let state = Mutex(State())
    private let promise: EventLoopPromise<Void>
    fileprivate let receiver: any AnswerReceiver
    private let deadline: NIODeadline?
    private let environment: [String: String]
    private let loop: any EventLoop

    private init(receiver: any AnswerReceiver, deadline: NIODeadline?, environment: [String: String]) {
        loop = MultiThreadedEventLoopGroup.singleton.next()
        promise = loop.makePromise()
        self.receiver = receiver
        self.deadline = deadline
        self.environment = environment
    }

    static func start(
        _ request: HTTPClient.Request, through proxy: ProxyServer, to receiver: some AnswerReceiver, deadline: NIODeadline?,
        environment: [String: String]
    ) -> SentRequest {
        let forwarded = ForwardedRequest(receiver: receiver, deadline: deadline, environment: environment)
        if let deadline {
            let timer = forwarded.loop.scheduleTask(deadline: deadline) { forwarded.stop(HTTPClientError.deadlineExceeded) }
            forwarded.state.withLock { $0.deadline = timer }
        }
        forwarded.connect(Hop(request, proxy: proxy, visited: [], redirectsLeft: 8))
        return SentRequest(ended: forwarded.promise.futureResult, cancel: { forwarded.stop(HTTPClientError.cancelled) })
    }

    /// One request of the chain a redirect makes: what is sent, and to which proxy.
    fileprivate struct Hop: Sendable {
        var url: URL
        var method: HTTPMethod
        var headers: HTTPHeaders
        var proxy: ProxyServer
        var visited: Set<String>
        var redirectsLeft: Int

        init(_ request: HTTPClient.Request, proxy: ProxyServer, visited: Set<String>, redirectsLeft: Int) {
            url = request.url
            method = request.method
            headers = request.headers
            self.proxy = proxy
            self.visited = visited.union([request.url.absoluteString])
            self.redirectsLeft = redirectsLeft
        }

        /// The request's head in absolute form, with the origin's Host and the proxy's credentials.
        var head: HTTPRequestHead {
            var parts = URLComponents(url: url, resolvingAgainstBaseURL: true)
            parts?.fragment = nil
            var fields = headers
            let host = url.host ?? ""
            let shownHost = host.contains(":") ? "[\(host)]" : host
            fields.replaceOrAdd(name: "Host", value: shownHost + (url.port.map { ":\($0)" } ?? ""))
            if let user = proxy.username {
                let credentials = Data((user + ":" + (proxy.password ?? "")).utf8).base64EncodedString()
                fields.replaceOrAdd(name: "Proxy-Authorization", value: "Basic " + credentials)
            }
            fields.replaceOrAdd(name: "Connection", value: "close")
            return HTTPRequestHead(version: .http1_1, method: method, uri: parts?.string ?? url.absoluteString, headers: fields)
        }

        /// The request a redirect answer asks for next; nil where the answer is not a redirect.
        func redirect(_ head: HTTPResponseHead) throws -> HTTPClient.Request? {
            guard [301, 302, 303, 307, 308].contains(head.status.code), let location = head.headers.first(name: "Location"),
                let next = URL(string: location, relativeTo: url)?.absoluteURL
            else { return nil }
            guard redirectsLeft > 0 else { throw HTTPClientError.redirectLimitReached }
            guard !visited.contains(next.absoluteString) else { throw HTTPClientError.redirectCycleDetected }
            var fields = headers
            // Credentials for one origin are not sent to another (as the HTTP client does on its redirects).
            if next.scheme != url.scheme || next.host != url.host || next.port != url.port { fields.remove(name: "Authorization") }
            let method: HTTPMethod = head.status.code == 303 && self.method != .HEAD ? .GET : self.method
            return try HTTPClient.Request(url: next.absoluteString, method: method, headers: fields)
        }
    }

    private func connect(_ hop: Hop) {
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(.seconds(20))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(Exchange(hop: hop, owner: self))
                }
            }
        bootstrap.connect(host: hop.proxy.host, port: hop.proxy.port).whenComplete { result in
            switch result {
            case .success(let channel):
                let closing = self.state.withLock { s -> (any Error)? in
                    s.channel = channel
                    return s.closing
                }
                if closing != nil { channel.close(promise: nil) }
            case .failure(let error):
                self.end(self.state.withLock { $0.closing } ?? error)
            }
        }
    }

    /// Stops the request, with `reason` as the error its receiver is given.
    private func stop(_ reason: any Error) {
        let (channel, handedOver) = state.withLock { s -> ((any Channel)?, SentRequest?) in
            if s.closing == nil { s.closing = reason }
            return (s.channel, s.handedOver)
        }
        channel?.close(promise: nil)
        handedOver?.cancel()
    }

    /// The connection ended: how the receiver learns it, once.
    fileprivate func end(_ error: (any Error)?) {
        let first = state.withLock { s -> Bool in
            defer { s.ended = true }
            s.deadline?.cancel()
            return !s.ended
        }
        guard first else { return }
        receiver.ended(error)
        if let error { promise.fail(error) } else { promise.succeed() }
    }

    /// Why the connection ended before its answer was whole: this side's reason where it closed it (a cancel, the
    /// deadline), whatever the connection then reports (the parser's "stream ended" included), else `error`.
    fileprivate func reason(_ error: any Error) -> any Error { state.withLock { $0.closing } ?? error }

    /// A redirect answered: the next request goes through the proxy again, or by the client where it is HTTPS or
    /// NO_PROXY names its host.
    fileprivate func follow(_ next: HTTPClient.Request, after hop: Hop) {
        if next.url.scheme?.lowercased() == "http", let proxy = ProxyEnvironment.proxy(for: next.url, environment: environment),
            proxy.kind == .http {
            state.withLock { $0.channel = nil }
            connect(Hop(next, proxy: proxy, visited: hop.visited, redirectsLeft: hop.redirectsLeft - 1))
            return
        }
        let sent = HTTPFetch.send(next, to: receiver, deadline: deadline, environment: environment)
        let cancelled = state.withLock { s -> Bool in
            s.ended = true  // the client's request tells the receiver its end
            s.deadline?.cancel()
            s.handedOver = sent
            return s.closing != nil
        }
        if cancelled { sent.cancel() }
        sent.ended.cascade(to: promise)
    }

    var control: any RequestControl { Control(owner: self) }

    private struct Control: RequestControl {
        let owner: ForwardedRequest
        var eventLoop: any EventLoop { owner.loop }
        func cancel() { owner.stop(HTTPClientError.cancelled) }
    }
}

/// The request's one connection, on its event loop: sends the head, hands the answer to the receiver, holds back
/// reading while the receiver's futures are pending (a disk slower than the network slows the download).
private final class Exchange: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    private enum Phase {
        case waiting
        case redirecting(HTTPClient.Request)
        case answering
        case done
    }
    private let hop: ForwardedRequest.Hop
    private let owner: ForwardedRequest
    private var phase = Phase.waiting
    private var held = false
    private var readWanted = false

    init(hop: ForwardedRequest.Hop, owner: ForwardedRequest) {
        self.hop = hop
        self.owner = owner
    }

    func channelActive(context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(.head(hop.head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            guard case .waiting = phase else { return }
            do {
                if let next = try hop.redirect(head) {
                    phase = .redirecting(next)
                    return
                }
            } catch {
                finish(context, error)
                return
            }
            phase = .answering
            hold(owner.receiver.head(head, from: hop.url, request: owner.control), context)
        case .body(let part):
            guard case .answering = phase else { return }
            hold(owner.receiver.body(part, request: owner.control), context)
        case .end:
            let was = phase
            phase = .done
            context.close(promise: nil)
            switch was {
            case .redirecting(let next): owner.follow(next, after: hop)
            case .answering: owner.end(nil)
            case .waiting, .done: owner.end(HTTPClientError.remoteConnectionClosed)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if case .done = phase {} else { finish(context, HTTPClientError.remoteConnectionClosed) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) { finish(context, error) }

    func read(context: ChannelHandlerContext) {
        if held { readWanted = true } else { context.read() }
    }

    private func finish(_ context: ChannelHandlerContext, _ error: any Error) {
        if case .done = phase { return }
        phase = .done
        context.close(promise: nil)
        owner.end(owner.reason(error))
    }

    private func hold(_ future: EventLoopFuture<Void>, _ context: ChannelHandlerContext) {
        held = true
        future.hop(to: context.eventLoop).assumeIsolated().whenComplete { _ in
            self.held = false
            if self.readWanted {
                self.readWanted = false
                context.read()
            }
        }
    }
}
