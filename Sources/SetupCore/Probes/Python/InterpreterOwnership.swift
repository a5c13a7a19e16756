import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Whether the tool may run an interpreter it found by itself (a running ComfyUI's, a checkout's venv, a conda env):
/// running it runs every file of that environment (its site-packages, its .pth files) as the caller, so an
/// interpreter another user owns or can change is a way for that user to have code run as this one, as root above
/// all. Only what the caller or root owns, and no one else can write, is run; `--python` names one on purpose.
public enum InterpreterOwnership: Sendable, Hashable {
    case runnable
    /// Listed with this reason, never run.
    case refused(LocalizedText)

    /// The interpreter's own entry (a venv's bin/python is a symbolic link: the link and what it leads to), its
    /// folder and the environment's folder above it.
    public static func check(_ path: String, caller: uid_t = getuid()) -> InterpreterOwnership {
        let bin = (path as NSString).deletingLastPathComponent
        let prefix = (bin as NSString).deletingLastPathComponent
        var entries: [(path: String, follow: Bool)] = [(path, false), (path, true), (bin, true)]
        if !prefix.isEmpty, prefix != "/" { entries.append((prefix, true)) }
        for entry in entries {
            var info = stat()
            let found = entry.follow ? stat(entry.path, &info) : lstat(entry.path, &info)
            guard found == 0 else { continue }
            let isLink = (info.st_mode & S_IFMT) == S_IFLNK
            if info.st_uid != caller, info.st_uid != 0 {
                let owner = userName(info.st_uid)
                return .refused(LocalizedText(
                    en: "\(entry.path) belongs to \(owner), not to the user running this tool: it is listed but not run (running it would run that user's files as this one). Name it with --python if you mean it.",
                    zh: "\(entry.path) 属于 \(owner)，不属于运行本工具的用户：只列出，不运行（运行它就是以当前用户的身份运行那个用户的文件）。确有此意请用 --python 指定。"))
            }
            // A link's own mode means nothing; a sticky folder (/tmp) still lets others replace only their own files.
            // Group-writable is left alone: with a private group per user (umask 002) it is the owner's own.
            if !isLink, info.st_mode & S_IWOTH != 0, info.st_mode & S_ISVTX == 0 {
                return .refused(LocalizedText(
                    en: "\(entry.path) can be changed by any user (its mode lets others write): it is listed but not run. Name it with --python if you mean it.",
                    zh: "\(entry.path) 可被任何用户修改（其权限允许其他用户写入）：只列出，不运行。确有此意请用 --python 指定。"))
            }
        }
        return .runnable
    }

    static func userName(_ uid: uid_t) -> String {
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return "user \(uid)" }
        return "\(String(cString: name)) (uid \(uid))"
    }
}
