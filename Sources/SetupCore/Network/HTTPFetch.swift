import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// What went wrong fetching a URL, as a sentence.
public struct FetchError: Error, Sendable, Equatable {
    public var message: LocalizedText
    /// The HTTP status where the server answered with an error.
    public var status: Int?
    /// How the fetch ended: a failure, the user's cancel, or an answer past the size this tool reads.
    public var kind = Kind.failed
    /// The network library's own words where the server could not be reached, for a caller with its own sentence.
    public var detail: String? = nil
    /// The part file is worth nothing (a write failed half-way): remove it rather than resume from it.
    var removePart = false

    /// How a fetch ended without its document.
    public enum Kind: Sendable, Equatable {
        case failed
        /// The user cancelled it.
        case cancelled
        /// The server sent more than `HTTPFetch.documentLimit`; nothing of it was kept.
        case tooLarge
    }
}

/// Plain HTTP(S) GETs for the wheel sources: a small document in memory, or a large file streamed to disk with
/// progress, resuming a partial download and checking its SHA-256. Through AsyncHTTPClient (not Foundation's
/// URLSession, which on Linux can be given neither a proxy per URL nor a CA bundle), each request going by the
/// proxy and CA that `environment` names (HTTPTransport).
public enum HTTPFetch {
    /// The most a document (a listing, a page of links, a JSON answer) may hold: the largest real one, PyPI's
    /// simple page of torch with every file, is about 2 MB; past this the server is not sending a listing.
    public static let documentLimit = 8 << 20

    /// GETs a document (a releases list); nil for a status in `absent` (a 404), so a mirror without releases.json
    /// is not an error. An answer past `documentLimit` stops being read there and throws (kind `.tooLarge`).
    public static func document(
        _ url: URL, timeout: Double = 20, headers: [String: String] = [:], absent: Set<Int> = [404],
        environment: [String: String]
    ) throws(FetchError) -> Data? {
        try page(url, timeout: timeout, headers: headers, absent: absent, environment: environment)?.body
    }

    /// `document`, with the address it came from after redirects: what a page's relative links resolve against.
    public static func page(
        _ url: URL, timeout: Double = 20, headers: [String: String] = [:], absent: Set<Int> = [404],
        environment: [String: String]
    ) throws(FetchError) -> (body: Data, address: URL)? {
        let answer = try exchange(url, method: .GET, headers: headers, timeout: timeout, environment: environment)
        if absent.contains(answer.status) { return nil }
        guard (200..<300).contains(answer.status) else { throw httpStatus(url, answer.status, environment: environment) }
        return (answer.body ?? Data(), answer.address ?? url)
    }

    /// What a server answers for a file without sending it: the status, and whether what it would send is a web
    /// page (text/html), which no wheel is: a server that answers every path with its sign-in page says 200 too.
    public struct FileAnswer: Sendable, Equatable {
        public var status: Int
        public var isWebPage: Bool
        /// The file is there: a 2xx that is not a web page.
        public var isPresent: Bool { (200..<300).contains(status) && !isWebPage }
    }

    /// What a server answers for `url` without sending the file: a HEAD request, or, where the server refuses HEAD
    /// (405, 501; some object stores), a GET of its first byte.
    public static func status(
        of url: URL, timeout: Double = 20, environment: [String: String]
    ) throws(FetchError) -> FileAnswer {
        let head = try exchange(url, method: .HEAD, headers: [:], timeout: timeout, environment: environment)
        guard head.status == 405 || head.status == 501, !url.isFileURL else {
            return FileAnswer(status: head.status, isWebPage: isWebPage(contentType: head.contentType))
        }
        // The GET stops at the answer's head: a server that ignores Range would otherwise send the whole wheel.
        let request = try makeRequest(url, method: .GET, headers: ["Range": "bytes=0-0"])
        let receiver = StatusOnly()
        // The request always ends in an error: the receiver cancels it once the head is read, so what came is
        // asked of the receiver, and the error counts only where no head came.
        var failure: any Error = HTTPClientError.cancelled
        do {
            try send(request, to: receiver, deadline: .now() + .milliseconds(Int64(timeout * 1000)), environment: environment)
                .ended.wait()
        } catch {
            failure = error
        }
        guard let head = receiver.head else { throw unreachable(url, failure, environment: environment) }
        return FileAnswer(status: head.code, isWebPage: isWebPage(contentType: head.contentType))
    }

    static func isWebPage(contentType: String?) -> Bool {
        (contentType ?? "").lowercased().hasPrefix("text/html")
    }

    /// One answer: its body (nil for HEAD), status and Content-Type.
    struct Answer {
        var body: Data?
        var status: Int
        var contentType: String?
        /// The last address asked, after redirects.
        var address: URL?
    }

    /// One request, waited for: the body and the status. A file:// URL is read from disk (status 200, or 404).
    static func exchange(
        _ url: URL, method: HTTPMethod, headers: [String: String], timeout: Double, environment: [String: String]
    ) throws(FetchError) -> Answer {
        if url.isFileURL {
            guard let file = FileHandle(forReadingAtPath: url.path) else { return Answer(status: 404) }
            defer { try? file.close() }
            guard method != .HEAD else { return Answer(status: 200) }
            let data = (try? file.read(upToCount: documentLimit + 1)) ?? Data()
            guard data.count <= documentLimit else { throw tooLarge(url) }
            return Answer(body: data, status: 200)
        }
        let request = try makeRequest(url, method: method, headers: headers)
        let receiver = DocumentSink(limit: documentLimit)
        do {
            try send(request, to: receiver, deadline: .now() + .milliseconds(Int64(timeout * 1000)), environment: environment)
                .ended.wait()
        } catch {
            if receiver.tooLarge { throw tooLarge(url) }
            throw unreachable(url, error, environment: environment)
        }
        return receiver.answer(hasBody: method != .HEAD)
    }

    static func makeRequest(_ url: URL, method: HTTPMethod, headers: [String: String]) throws(FetchError) -> HTTPClient.Request {
        do {
            var fields = HTTPHeaders(headers.map { ($0.key, $0.value) })
            if !fields.contains(name: "User-Agent") { fields.add(name: "User-Agent", value: ToolBuild.userAgent) }
            let (address, credentials) = withoutCredentials(url)
            // As pip does with https://user:password@host/: Basic auth to that host (the HTTP client drops it on a
            // redirect to another origin), and the URL itself sent without them.
            if let credentials, !fields.contains(name: "Authorization") {
                fields.add(name: "Authorization", value: "Basic " + Data(credentials.utf8).base64EncodedString())
            }
            return try HTTPClient.Request(url: address, method: method, headers: fields)
        } catch {
            throw FetchError(message: LocalizedText(
                en: "\(Redaction.url(url.absoluteString)) is not a URL that can be fetched (\(error)); check --wheel-source.",
                zh: "\(Redaction.url(url.absoluteString)) 不是可以获取的 URL（\(error)）；请检查 --wheel-source。"), status: nil)
        }
    }

    /// The URL without its user:password, and "user:password" percent-decoded where it had them.
    static func withoutCredentials(_ url: URL) -> (String, String?) {
        guard var parts = URLComponents(url: url, resolvingAgainstBaseURL: false), let user = parts.user else {
            return (url.absoluteString, nil)
        }
        let credentials = user + ":" + (parts.password ?? "")
        parts.user = nil
        parts.password = nil
        return (parts.url?.absoluteString ?? url.absoluteString, credentials)
    }

    /// `address` with the credentials of `base` where both are on one origin (scheme, host, port) and `address` has
    /// none of its own: pip sends an index's credentials to the files it links on that host, and so does this.
    static func lendingCredentials(of base: URL, to address: String) -> String {
        guard let user = base.user, let url = URL(string: address), url.user == nil, url.scheme == base.scheme,
            url.host == base.host, url.port == base.port,
            var parts = URLComponents(url: url, resolvingAgainstBaseURL: false),
            let source = URLComponents(url: base, resolvingAgainstBaseURL: false)
        else { return address }
        parts.percentEncodedUser = source.percentEncodedUser ?? user
        parts.percentEncodedPassword = source.percentEncodedPassword
        return parts.url?.absoluteString ?? address
    }

    /// Download progress: bytes on disk so far, and the total where the server says it.
    public struct Progress: Sendable, Equatable {
        public var bytes: Int64
        public var total: Int64?
    }

    /// Downloads `url` to `destination`. The bytes go to `destination.part` first: an interrupted download resumes
    /// from there (HTTP Range), and the final name appears only once the file is complete and, where `sha256` is
    /// given, matches it. The digest is computed as the bytes arrive, so the file is not read a second time. A
    /// mismatch deletes the file and throws; so does a write that fails (a full disk), naming the folder.
    /// `timeout` is how long the server may send nothing before the download is given up; a cancel is noticed
    /// within a tenth of a second whether or not bytes arrive.
    public static func download(
        _ url: URL, to destination: String, sha256: String?, expectedSize: Int? = nil, timeout: Double = 60,
        isCancelled: @escaping @Sendable () -> Bool = { false },
        progress: @escaping @Sendable (Progress) -> Void = { _ in },
        environment: [String: String]
    ) throws(FetchError) {
        let part = destination + ".part"
        let files = FileManager.default
        var offset = Int64((try? files.attributesOfItem(atPath: part)[.size] as? Int64) ?? 0)
        if let expectedSize, offset > expectedSize {
            // A part longer than the file is not a prefix of it: start over.
            try? files.removeItem(atPath: part)
            offset = 0
        }
        guard case .success(let handle) = OwnedFile.update(part) else {
            throw FetchError(message: LocalizedText(
                en: "Cannot write \(part): its folder is missing or not writable, or something this user did not write sits at that name (a link, another user's file), which is never written through; remove it or choose another folder.",
                zh: "无法写入 \(part)：其目录不存在或不可写，或者该名称处是本用户没有写过的东西（链接或其他用户的文件），工具从不透过它写入；请删除它或选择其他目录。"), status: nil)
        }
        defer { try? handle.close() }
        // A resumed download's digest starts from the bytes already on disk.
        var digest = SHA256Hex()
        if offset > 0, sha256 != nil {
            do {
                while let piece = try handle.read(upToCount: 4 << 20), !piece.isEmpty { digest.update(piece) }
            } catch {
                try? files.removeItem(atPath: part)
                offset = 0
                digest = SHA256Hex()
            }
        }
        var headers: [String: String] = [:]
        if offset > 0 { headers["Range"] = "bytes=\(offset)-" }
        let request = try makeRequest(url, method: .GET, headers: headers)
        let sink = DownloadSink(
            url: url, handle: handle, offset: offset, digest: digest, folder: (part as NSString).deletingLastPathComponent,
            expectedSize: expectedSize, environment: environment, progress: progress)
        let sent = send(request, to: sink, deadline: nil, environment: environment)
        sent.ended.whenComplete { _ in sink.finished() }
        let outcome = sink.wait(stalledAfter: timeout, isCancelled: isCancelled) { sent.cancel() }
        if isCancelled() {
            throw FetchError(message: LocalizedText(
                en: "The download was cancelled; the part already fetched is kept and the next run resumes it.",
                zh: "下载已取消；已下载的部分会保留，下次运行时继续。"), status: nil, kind: .cancelled)
        }
        let actual: String
        switch outcome {
        case .failure(let error):
            if error.removePart { try? files.removeItem(atPath: part) }
            throw error
        case .stalled:
            throw FetchError(message: LocalizedText(
                en: "\(url.host ?? "The server") sent nothing for \(Int(timeout)) seconds, so the download was stopped; the part already fetched is kept and the next run resumes it.",
                zh: "\(url.host ?? "服务器") 已有 \(Int(timeout)) 秒没有发送任何数据，下载已停止；已下载的部分会保留，下次运行时继续。"), status: nil)
        case .finished(let status, let hex):
            if status == 416, offset > 0 {
                // The part is already whole (or the server cannot resume): check it below as it is.
            } else if !(200..<300).contains(status) {
                throw httpStatus(url, status, environment: environment)
            }
            actual = hex
        }
        if let sha256 {
            guard actual == sha256.lowercased() else {
                try? files.removeItem(atPath: part)
                throw FetchError(message: LocalizedText(
                    en: "The downloaded \((destination as NSString).lastPathComponent) does not match the SHA-256 its source publishes (expected \(sha256), got \(actual)), so it was deleted and nothing was installed; try again, and if it happens again the mirror serves a different file.",
                    zh: "下载的 \((destination as NSString).lastPathComponent) 与来源公布的 SHA-256 不一致（应为 \(sha256)，实为 \(actual)），已删除，没有安装任何东西；请重试，若再次发生说明镜像提供的是另一个文件。"), status: nil)
            }
        }
        try? files.removeItem(atPath: destination)
        do { try files.moveItem(atPath: part, toPath: destination) } catch {
            throw FetchError(message: LocalizedText(
                en: "Could not move the finished download to \(destination): \(error.localizedDescription)",
                zh: "无法把下载好的文件移动到 \(destination)：\(error.localizedDescription)"), status: nil)
        }
    }

    /// An answer too large to be a listing, as a sentence naming the address and the limit.
    static func tooLarge(_ url: URL) -> FetchError {
        let shown = terminalSafe(Redaction.url(url.absoluteString))
        let megabytes = documentLimit >> 20
        return FetchError(message: LocalizedText(
            en: "\(shown) sent more than \(megabytes) MB, more than any listing holds, so it was not read (nothing of it was kept); check that this address is a wheel listing, or use another source.",
            zh: "\(shown) 发送的内容超过 \(megabytes) MB，比任何列表都大，因此没有读取（没有保留任何部分）；请确认该地址是 wheel 列表，或使用其他来源。"),
            status: nil, kind: .tooLarge)
    }

    static func unreachable(
        _ url: URL, _ error: any Error, environment: [String: String]
    ) -> FetchError {
        let host = url.host ?? url.absoluteString
        let words = terminalSafe(describe(error))
        if url.scheme == "https", isTLSFailure(error), ProxyEnvironment.caFile(environment) == nil,
           !ProxyEnvironment.hasSystemTrustStore(exists: FileManager.default.fileExists(atPath:)) {
            return FetchError(message: LocalizedText(
                en: "\(host) could not be trusted: this machine has no CA bundle (the ca-certificates package is not installed), so no HTTPS server can be. Install ca-certificates, or point SSL_CERT_FILE at a CA bundle, and run again.",
                zh: "无法信任 \(host)：本机没有 CA 证书包（未安装 ca-certificates），因此任何 HTTPS 服务器都无法被信任。请安装 ca-certificates，或把 SSL_CERT_FILE 指向一个 CA 证书包，然后重新运行。"),
                status: nil, detail: "\(host): no CA bundle: \(words)")
        }
        if let refusal = error as? HTTPClientError, let proxy = ProxyEnvironment.proxy(for: url, environment: environment) {
            if refusal == .proxyAuthenticationRequired { return proxyWantsCredentials(url, proxy) }
            if refusal == .invalidProxyResponse { return proxyRefusedTunnel(url, proxy) }
        }
        if isUntrustedCertificate(error) {
            return FetchError(message: LocalizedText(
                en: "\(host)'s certificate is not signed by a CA this machine trusts (\(words)); where a company proxy or a private mirror signs it, point SSL_CERT_FILE at that CA's bundle (the file pip's `cert` setting names) and run again.",
                zh: "\(host) 的证书不是由本机信任的 CA 签发的（\(words)）；如果由公司代理或私有镜像签发，请把 SSL_CERT_FILE 指向该 CA 的证书包（即 pip 的 `cert` 设置所指的文件），然后重新运行。"),
                status: nil, detail: "\(host): \(words)")
        }
        let proxy = ProxyEnvironment.proxy(for: url, environment: environment).map { terminalSafe("\($0.host):\($0.port)") }
        return FetchError(message: LocalizedText(
            en: "Could not reach \(host)\(proxy.map { " through the proxy \($0)" } ?? "") (\(words)); check the network or proxy, or use --wheel-source with a mirror URL or a folder of wheels.",
            zh: "无法\(proxy.map { "经由代理 \($0) " } ?? "")连接 \(host)（\(words)）；请检查网络或代理，或用 --wheel-source 指定镜像 URL 或 wheel 所在目录。"), status: nil,
            detail: "\(host): \(words)")
    }

    /// A proxy's 407, as a sentence: where its credentials go, and that the ones given were refused where there were.
    static func proxyWantsCredentials(_ url: URL, _ proxy: ProxyServer) -> FetchError {
        let host = terminalSafe(url.host ?? url.absoluteString)
        let at = terminalSafe("\(proxy.host):\(proxy.port)")
        let variable = url.scheme?.lowercased() == "https" ? "HTTPS_PROXY" : "HTTP_PROXY"
        let sent = proxy.username != nil
        return FetchError(message: LocalizedText(
            en: "The proxy \(at), through which \(host) is reached, answered HTTP 407: it wants a user name and password"
                + (sent ? ", and refused the ones in \(variable); check them there (http://user:password@\(at), with characters such as @ : / percent-encoded)."
                    : "; give them in \(variable) as pip takes them: http://user:password@\(at)."),
            zh: "访问 \(host) 所经由的代理 \(at) 返回 HTTP 407：需要用户名和密码"
                + (sent ? "，而 \(variable) 中的凭据被拒绝；请检查（格式 http://user:password@\(at)，@ : / 等字符须百分号编码）。"
                    : "；请像 pip 那样写在 \(variable) 中：http://user:password@\(at)。")),
            status: 407, detail: "\(host): proxy \(at) answered 407")
    }

    /// A proxy that refused to open a tunnel (CONNECT) to an address, as a sentence.
    static func proxyRefusedTunnel(_ url: URL, _ proxy: ProxyServer) -> FetchError {
        let host = terminalSafe(url.host ?? url.absoluteString)
        let target = host + ":" + String(url.port ?? 443)
        let at = terminalSafe("\(proxy.host):\(proxy.port)")
        return FetchError(message: LocalizedText(
            en: "The proxy \(at) refused to open a tunnel (CONNECT) to \(target); many proxies allow that only to port 443. Ask its admin to allow this port, list \(host) in NO_PROXY where it can be reached directly, or use --wheel-source with a folder of wheels.",
            zh: "代理 \(at) 拒绝建立到 \(target) 的隧道（CONNECT）；许多代理只允许连接 443 端口。请让代理管理员放行该端口；如果可以直连，把 \(host) 加入 NO_PROXY；或用 --wheel-source 指定 wheel 所在目录。"),
            status: nil, detail: "\(host): proxy \(at) refused CONNECT \(target)")
    }

    /// The network library's error in a few words: NIO's errors describe themselves only through their cases.
    static func describe(_ error: any Error) -> String {
        // NIO's own description is its structs printed whole ("Connection errors: SingleConnectionFailure(...)").
        if let connection = error as? NIOConnectionError {
            if let failure = connection.connectionErrors.first {
                let cause = (failure.error as? IOError).map { String(cString: strerror($0.errnoCode)).lowercased() }
                    ?? String(describing: failure.error)
                return "\(cause) at \(connection.host):\(connection.port)"
            }
            if connection.dnsAError != nil || connection.dnsAAAAError != nil { return "the name \(connection.host) does not resolve" }
        }
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)).lowercased() }
        if let http = error as? HTTPClientError {
            switch http {
            case .connectTimeout: return "the connection timed out"
            case .readTimeout: return "the server stopped answering"
            case .deadlineExceeded: return "no answer in time"
            case .remoteConnectionClosed: return "the server closed the connection"
            default: return String(describing: http)
            }
        }
        return String(describing: error)
    }

    /// Any failure of the TLS layer (NIOSSL's errors and BoringSSL's, which it passes on).
    static func isTLSFailure(_ error: any Error) -> Bool {
        error is NIOSSLError || error is BoringSSLError || isUntrustedCertificate(error)
    }

    /// BoringSSL's verify failure, which NIOSSL passes on inside its handshake error.
    static func isUntrustedCertificate(_ error: any Error) -> Bool {
        let text = String(describing: error)
        return text.contains("CERTIFICATE_VERIFY_FAILED") || (error is NIOSSLError && text.contains("certificate verify failed"))
    }

    static func httpStatus(
        _ url: URL, _ status: Int, environment: [String: String]
    ) -> FetchError {
        if status == 407, let proxy = ProxyEnvironment.proxy(for: url, environment: environment) {
            return proxyWantsCredentials(url, proxy)
        }
        if status == 401 {
            let sent = url.user != nil
            return FetchError(message: LocalizedText(
                en: "\(Redaction.url(url.absoluteString)) answered HTTP 401: it wants credentials" + (sent ? ", and the ones in the URL were refused; check the user and password." : "; give them in the URL as pip takes them (https://user:password@host/...)."),
                zh: "\(Redaction.url(url.absoluteString)) 返回 HTTP 401：需要凭据" + (sent ? "，而 URL 中的凭据被拒绝；请检查用户名和密码。" : "；请像 pip 那样写在 URL 中（https://user:password@host/...）。")), status: status)
        }
        return FetchError(message: LocalizedText(
            en: "\(Redaction.url(url.absoluteString)) answered HTTP \(status); check that the URL is right (a mirror must be laid out as {prefix}/v{version}/{file}).",
            zh: "\(Redaction.url(url.absoluteString)) 返回 HTTP \(status)；请检查 URL 是否正确（镜像的目录结构须为 {prefix}/v{version}/{file}）。"), status: status)
    }
}

/// The status of an answer, read from its head; the body is not waited for (the request is cancelled at the head).
private final class StatusOnly: AnswerReceiver {
    private let received = Mutex<(code: Int, contentType: String?)?>(nil)

    /// The status and Content-Type, once the head has come.
    var head: (code: Int, contentType: String?)? { received.withLock { $0 } }

    func head(_ head: HTTPResponseHead, from address: URL?, request: any RequestControl) -> EventLoopFuture<Void> {
        received.withLock { $0 = (Int(head.status.code), head.headers.first(name: "Content-Type")) }
        request.cancel()
        return request.eventLoop.makeSucceededVoidFuture()
    }

    func body(_ part: ByteBuffer, request: any RequestControl) -> EventLoopFuture<Void> { request.eventLoop.makeSucceededVoidFuture() }

    func ended(_ error: (any Error)?) {}
}

/// A small answer kept whole in memory: a listing, a page of links, a JSON document. One past `limit` bytes is
/// cancelled where it says so or once it has sent that much, and nothing of it is kept.
private final class DocumentSink: AnswerReceiver {
    private struct Received {
        var status = 0
        var contentType: String?
        var address: URL?
        var body = ByteBuffer()
        var tooLarge = false
    }
    private let received = Mutex(Received())
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    var tooLarge: Bool { received.withLock { $0.tooLarge } }

    func answer(hasBody: Bool) -> HTTPFetch.Answer {
        received.withLock { r in
            HTTPFetch.Answer(
                body: hasBody ? Data(r.body.readableBytesView) : nil, status: r.status, contentType: r.contentType,
                address: r.address)
        }
    }

    func head(_ head: HTTPResponseHead, from address: URL?, request: any RequestControl) -> EventLoopFuture<Void> {
        let length = head.headers.first(name: "Content-Length").flatMap { Int($0) }
        let tooLarge = received.withLock { r -> Bool in
            r.status = Int(head.status.code)
            r.contentType = head.headers.first(name: "Content-Type")
            r.address = address
            r.tooLarge = (length ?? 0) > limit
            return r.tooLarge
        }
        if tooLarge { request.cancel() }
        return request.eventLoop.makeSucceededVoidFuture()
    }

    func body(_ part: ByteBuffer, request: any RequestControl) -> EventLoopFuture<Void> {
        let tooLarge = received.withLock { r -> Bool in
            guard !r.tooLarge else { return true }
            var part = part
            r.body.writeBuffer(&part)
            if r.body.readableBytes > limit {
                r.tooLarge = true
                r.body = ByteBuffer()
            }
            return r.tooLarge
        }
        if tooLarge { request.cancel() }
        return request.eventLoop.makeSucceededVoidFuture()
    }

    func ended(_ error: (any Error)?) {}
}

/// Receives a download's bytes on the HTTP client's event loop and hands them, 4 MiB at a time, to a writer queue that
/// hashes them and appends them to the part file: receiving, hashing and writing overlap instead of taking turns on
/// the event loop. A 243 MB wheel on the loopback, 7 interleaved runs on 2 cores: the install took 0.976 of pip's time
/// this way, 1.049 with everything on the event loop.
private final class DownloadSink: AnswerReceiver {

    enum Outcome {
        case finished(status: Int, sha256: String)
        case failure(FetchError)
        case stalled
    }
    /// What the event loop and the waiting thread share.
    private struct State {
        var offset: Int64
        var total: Int64?
        var status = 0
        var error: FetchError?
        var appending = true
        var lastBytes = ContinuousClock.now
        var pending = Data()
        /// Chunks handed to the writer and not yet written.
        var inFlight = 0
        /// The event loop's next body part waits on this while too many chunks are in flight.
        var resume: EventLoopPromise<Void>?
    }
    /// The file and the digest: touched on the writer queue, and before the first chunk or after the last.
    private struct Output {
        var handle: FileHandle
        var digest: SHA256Hex
        /// Bytes written to the part file, for the space a full disk still needs.
        var written: Int64
    }
    private let state: Mutex<State>
    private let output: Mutex<Output>
    private let writer = DispatchQueue(label: "flash-attn-setup.download-writer")
    private let done = DispatchSemaphore(value: 0)
    private let url: URL
    private let folder: String
    private let expectedSize: Int?
    /// The environment the request went by: a failure names the proxy it names.
    private let environment: [String: String]
    private let progress: @Sendable (HTTPFetch.Progress) -> Void
    /// 4 MiB chunks: one write(2) each keeps up with the loopback.
    private static let chunk = 4 << 20
    /// At most this many chunks (16 MiB) wait for the writer before the event loop stops reading: a disk slower than
    /// the network holds back the download instead of filling memory.
    private static let maxInFlight = 4

    init(url: URL, handle: FileHandle, offset: Int64, digest: SHA256Hex, folder: String, expectedSize: Int?,
         environment: [String: String], progress: @escaping @Sendable (HTTPFetch.Progress) -> Void) {
        state = Mutex(State(offset: offset))
        output = Mutex(Output(handle: handle, digest: digest, written: offset))
        self.url = url
        self.folder = folder
        self.expectedSize = expectedSize
        self.environment = environment
        self.progress = progress
    }

    /// Waits for the end, waking ten times a second to stop the task when the user cancels or the server has sent
    /// nothing for `stalledAfter` seconds.
    func wait(stalledAfter: Double, isCancelled: () -> Bool, stop: () -> Void) -> Outcome {
        var stalled = false
        while done.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
            let quiet = state.withLock { ContinuousClock.now - $0.lastBytes }
            if isCancelled() || quiet > .seconds(stalledAfter) {
                stalled = !isCancelled()
                stop()
                done.wait()
                break
            }
        }
        let (error, status) = state.withLock { ($0.error, $0.status) }
        if let error { return .failure(error) }
        if stalled { return .stalled }
        return .finished(status: status, sha256: output.withLock { $0.digest.finalize() })
    }

    /// The task ended, however it did: what is buffered reaches the part file (kept for resuming) after every chunk
    /// before it, then the wait ends.
    func finished() {
        let rest = state.withLock { s -> Data in
            defer { s.pending = Data() }
            guard s.error == nil, !s.pending.isEmpty else { return Data() }
            s.inFlight += 1
            return s.pending
        }
        writer.async {
            if !rest.isEmpty { self.write(rest) }
            self.done.signal()
        }
    }

    func head(_ head: HTTPResponseHead, from address: URL?, request task: any RequestControl) -> EventLoopFuture<Void> {
        let status = Int(head.status.code)
        // A 206 says where its bytes start (Content-Range: bytes START-END/TOTAL): from 0 it is the whole file,
        // as a 200 is; anywhere but where the part ends, its bytes would be appended in the wrong place.
        let rangeStart = head.headers.first(name: "Content-Range")
            .flatMap { $0.wholeMatch(of: #/bytes (\d+)-\d+/(?:\d+|\*)/#) }.flatMap { Int64($0.1) }
        let restart = status == 200 || (status == 206 && rangeStart == 0)
        let misplaced = state.withLock { s -> Bool in
            s.lastBytes = .now
            s.status = status
            let misplaced = status == 206 && !restart && rangeStart != s.offset
            if restart { s.offset = 0 }
            let length = head.headers.first(name: "Content-Length").flatMap { Int64($0) }
            s.total = length.map { s.offset + $0 }
            s.appending = (200..<300).contains(status) && !misplaced
            if misplaced {
                s.error = FetchError(message: LocalizedText(
                    en: "\(url.host ?? "The server") answered the resumed download with bytes from \(rangeStart.map(String.init) ?? "an unstated place") instead of \(s.offset), so the part already fetched was discarded; run again to download the whole file.",
                    zh: "\(url.host ?? "服务器") 对续传请求返回的数据起始于 \(rangeStart.map(String.init) ?? "未说明的位置")，而不是 \(s.offset)，因此已下载的部分已丢弃；请重新运行以下载完整文件。"),
                    status: nil, removePart: true)
            }
            return misplaced
        }
        guard !misplaced else { return task.eventLoop.makeSucceededVoidFuture() }
        // No chunk is in flight before the head: the part file is set up here, before the writer first runs.
        output.withLock { o in
            if restart {
                // The server ignored the Range (or there was none): start the part over.
                try? o.handle.truncate(atOffset: 0)
                o.digest = SHA256Hex()
                o.written = 0
            } else {
                _ = try? o.handle.seekToEnd()
            }
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func body(_ buffer: ByteBuffer, request task: any RequestControl) -> EventLoopFuture<Void> {
        enum Next { case go(HTTPFetch.Progress, chunk: Data?, wait: EventLoopFuture<Void>?), ignore, stop }
        let next: Next = state.withLock { s in
            s.lastBytes = .now
            guard s.appending else { return .ignore }
            guard s.error == nil else { return .stop }
            buffer.withUnsafeReadableBytes { s.pending.append(contentsOf: $0) }
            s.offset += Int64(buffer.readableBytes)
            var chunk: Data?
            if s.pending.count >= Self.chunk || s.offset == s.total {
                chunk = s.pending
                s.pending = Data()
                s.pending.reserveCapacity(Self.chunk + 65_536)
                s.inFlight += 1
            }
            var wait: EventLoopFuture<Void>?
            if s.inFlight >= Self.maxInFlight {
                let promise = task.eventLoop.makePromise(of: Void.self)
                s.resume = promise
                wait = promise.futureResult
            }
            return .go(HTTPFetch.Progress(bytes: s.offset, total: s.total), chunk: chunk, wait: wait)
        }
        switch next {
        case .go(let report, let chunk, let wait):
            if let chunk { writer.async { self.write(chunk) } }
            progress(report)
            return wait ?? task.eventLoop.makeSucceededVoidFuture()
        // Outside the lock: a cancel calls didReceiveError at once, which takes it.
        case .stop:
            task.cancel()
            return task.eventLoop.makeSucceededVoidFuture()
        case .ignore:
            return task.eventLoop.makeSucceededVoidFuture()
        }
    }

    func ended(_ error: (any Error)?) {
        guard let error else { return }
        state.withLock { s in
            if s.error == nil, (error as? HTTPClientError) != .cancelled { s.error = HTTPFetch.unreachable(url, error, environment: environment) }
        }
    }

    /// On the writer queue: hashes a chunk and appends it to the part file; a failed write is recorded, and what
    /// comes after it is dropped. Either way the event loop, if it waits, reads on.
    private func write(_ chunk: Data) {
        let failed = state.withLock { $0.error != nil }
        var failure: FetchError?
        if !failed {
            output.withLock { o in
                do {
                    try o.handle.write(contentsOf: chunk)
                    o.digest.update(chunk)
                    o.written += Int64(chunk.count)
                } catch {
                    failure = writeFailure(error, needed: (state.withLock { $0.total } ?? expectedSize.map(Int64.init) ?? 0) - o.written)
                }
            }
        }
        let resume = state.withLock { s -> EventLoopPromise<Void>? in
            if let failure, s.error == nil { s.error = failure }
            s.inFlight = max(0, s.inFlight - 1)
            guard s.inFlight < Self.maxInFlight else { return nil }
            defer { s.resume = nil }
            return s.resume
        }
        resume?.succeed()
    }

    /// A write that failed, in words: a full disk names the folder and what is still to come.
    private func writeFailure(_ error: any Error, needed: Int64) -> FetchError {
        if isOutOfSpace(error) {
            let more = needed > 0 ? readableSize(needed) : nil
            return FetchError(message: LocalizedText(
                en: "The disk holding \(folder) is full, so the download stopped and nothing was installed.\(more.map { " \($0) more is needed there." } ?? "") Free space there, or point XDG_CACHE_HOME at a disk with room, and run again.",
                zh: "\(folder) 所在的磁盘已满，下载已停止，没有安装任何东西。\(more.map { "那里还需要 \($0) 空间。" } ?? "")请在那里腾出空间，或把 XDG_CACHE_HOME 指向有空间的磁盘，然后重新运行。"),
                status: nil, removePart: true)
        }
        return FetchError(message: LocalizedText(
            en: "Could not write the download in \(folder) (\(error.localizedDescription)), so nothing was installed; check that the folder is writable and run again.",
            zh: "无法在 \(folder) 中写入下载的文件（\(error.localizedDescription)），没有安装任何东西；请检查该目录是否可写，然后重新运行。"),
            status: nil, removePart: true)
    }
}
