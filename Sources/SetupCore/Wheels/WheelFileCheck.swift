import Foundation

/// Whether a fetched file is a wheel at all (a zip archive) before pip is handed it: a proxy's login page, a
/// mirror's error page served with 200, or a truncated file otherwise reach pip as "the log shows pip's message".
enum WheelFileCheck {
    /// A sentence where the file is not a zip archive; nil where it starts as one.
    static func problem(at path: String, from source: String) -> LocalizedText? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 512)) ?? Data()
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return nil }
        let text = String(decoding: head, as: UTF8.self).lowercased()
        let html = text.contains("<html") || text.contains("<!doctype") || text.hasPrefix("<")
        if html {
            return LocalizedText(
                en: "\(source) sent a web page instead of the wheel (a proxy's login page or a mirror's error page, most often), so nothing was installed; open the URL in a browser to see it, or use another --wheel-source.",
                zh: "\(source) 返回的是网页而不是 wheel（多半是代理的登录页或镜像的错误页），没有安装任何东西；请在浏览器中打开该 URL 查看，或换用其他 --wheel-source。")
        }
        return LocalizedText(
            en: "\(source) is not a wheel (not a zip archive; \(head.isEmpty ? "it is empty" : "it begins with other bytes")), so nothing was installed; fetch it again, or use another --wheel-source.",
            zh: "\(source) 不是 wheel（不是 zip 压缩包；\(head.isEmpty ? "文件为空" : "开头是其他字节")），没有安装任何东西；请重新获取，或换用其他 --wheel-source。")
    }
}
