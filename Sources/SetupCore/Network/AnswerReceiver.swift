import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// What takes one answer's parts as they arrive, whichever client carried the request: AsyncHTTPClient, or
/// `ForwardedRequest` for a plain-HTTP address reached through an HTTP proxy. Calls come on the request's event loop,
/// one at a time; the futures `head` and `body` return hold back the next read until they complete.
protocol AnswerReceiver: AnyObject, Sendable {
    /// The final answer's head (after redirects), and the address that answered it where the client says.
    func head(_ head: HTTPResponseHead, from address: URL?, request: any RequestControl) -> EventLoopFuture<Void>
    /// A part of the body.
    func body(_ part: ByteBuffer, request: any RequestControl) -> EventLoopFuture<Void>
    /// The request ended: nil where the answer was read whole, else why not (a cancel included).
    func ended(_ error: (any Error)?)
}

/// What a receiver may do with the request it receives for: run on its loop, or stop it.
protocol RequestControl: Sendable {
    var eventLoop: any EventLoop { get }
    /// Ends the request; the receiver's `ended` follows with the cancel as its error.
    func cancel()
}

/// One request on its way: wait for its end, or cancel it.
struct SentRequest: Sendable {
    /// Succeeds once the answer was read whole; fails with why it was not.
    var ended: EventLoopFuture<Void>
    var cancel: @Sendable () -> Void
}

/// AsyncHTTPClient's delegate for a receiver: its task is the receiver's control.
final class ClientDelegate<Receiver: AnswerReceiver>: HTTPClientResponseDelegate {
    typealias Response = Void
    private let receiver: Receiver
    private let visited = Mutex<URL?>(nil)

    init(_ receiver: Receiver) { self.receiver = receiver }

    func didVisitURL(task: HTTPClient.Task<Void>, _ request: HTTPClient.Request, _ head: HTTPResponseHead) {
        visited.withLock { $0 = request.url }
    }

    func didReceiveHead(task: HTTPClient.Task<Void>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        receiver.head(head, from: visited.withLock { $0 }, request: ClientTask(task: task))
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Void>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        receiver.body(buffer, request: ClientTask(task: task))
    }

    func didReceiveError(task: HTTPClient.Task<Void>, _ error: any Error) { receiver.ended(error) }

    func didFinishRequest(task: HTTPClient.Task<Void>) throws { receiver.ended(nil) }

    private struct ClientTask: RequestControl {
        let task: HTTPClient.Task<Void>
        var eventLoop: any EventLoop { task.eventLoop }
        func cancel() { task.cancel() }
    }
}

extension HTTPFetch {
    /// Sends `request` by the proxy and CA the environment names for its address. A plain-HTTP address through an
    /// HTTP proxy goes as pip sends it, the whole URL in the request line (`ForwardedRequest`): AsyncHTTPClient opens
    /// a CONNECT tunnel for every address, which a proxy in its stock configuration refuses for any port but 443
    /// (squid's `http_access deny CONNECT !SSL_ports`).
    static func send(
        _ request: HTTPClient.Request, to receiver: some AnswerReceiver, deadline: NIODeadline?, environment: [String: String]
    ) -> SentRequest {
        let transport = HTTPTransport(for: request.url, environment: environment)
        if request.url.scheme?.lowercased() == "http", let proxy = transport.proxy, proxy.kind == .http {
            return ForwardedRequest.start(request, through: proxy, to: receiver, deadline: deadline, environment: environment)
        }
        let task = transport.client.execute(request: request, delegate: ClientDelegate(receiver), deadline: deadline)
        return SentRequest(ended: task.futureResult, cancel: { task.cancel() })
    }
}
