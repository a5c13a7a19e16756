import Foundation

/// Whether a fetched file is a wheel at all (a zip archive) before pip is handed it: a proxy's login page, a
/// mirror's error page served with 200, or a truncated file otherwise reach pip as "the log shows pip's message".
enum WheelFileCheck {
    /// A sentence where the file is not a whole zip archive; nil where it starts as one and ends as one.
    static func problem(at path: String, from source: String) -> LocalizedText? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 512)) ?? Data()
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            // A zip ends with its central directory's end record ("PK\5\6", within the last 64 KiB + 22 bytes):
            // without it the file was cut short, which pip would report only as a BadZipFile.
            guard let size = try? handle.seekToEnd() else { return nil }
            let tail = UInt64(min(Int(size), 65_557))
            guard (try? handle.seek(toOffset: size - tail)) != nil, let end = try? handle.read(upToCount: Int(tail)) else { return nil }
            if end.range(of: Data([0x50, 0x4B, 0x05, 0x06])) != nil { return nil }
            return LocalizedText(
                en: "\(source) arrived cut short (\(size) bytes: it begins as a zip archive but its end is missing, most often a connection that closed early), so nothing was installed; run again to download it whole.",
                zh: "\(source) 下载不完整（\(size) 字节：开头是 zip 压缩包，但缺少结尾，多半是连接提前关闭），没有安装任何东西；请重新运行以完整下载。")
        }
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
