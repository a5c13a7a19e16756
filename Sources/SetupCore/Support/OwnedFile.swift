import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The files the tool writes for itself (a log's companions, a download's part), opened so that a symbolic
/// link or a file someone else planted at that name is never written through: root never overwrites a file it did
/// not name because another user put a link where the tool writes.
public enum OwnedFile {
    /// Why a file was not opened, for the sentence that says so.
    public enum Refusal: Error, Sendable, Equatable {
        /// Something other than a regular file is there (a link, a device, a folder).
        case notARegularFile
        /// A regular file is there that another user owns, or that has other names (hard links).
        case notOurs
        /// open(2) failed with this errno.
        case cannotOpen(errno: Int32)
    }

    /// Opens a file the user named (`--log`) to append to, creating it where it is missing; a link at the name and
    /// anything but a regular file are refused. The check is on the opened descriptor, so nothing can be swapped in
    /// between the check and the write.
    public static func append(_ path: String, mode: mode_t = 0o644) -> Result<FileHandle, Refusal> {
        open(path, flags: O_WRONLY | O_APPEND | O_CREAT, mode: mode, requireOwn: false)
    }

    /// Opens `path` to read and write (a download's part that is resumed), creating it where it is missing, under
    /// the same rules as `append`, and refusing a file owned by anyone else.
    public static func update(_ path: String, mode: mode_t = 0o644) -> Result<FileHandle, Refusal> {
        open(path, flags: O_RDWR | O_CREAT, mode: mode, requireOwn: true)
    }

    /// Writes `data` as a new file at `path`. A file the tool wrote there before (a regular file this user owns, with
    /// no other name) is replaced; anything else at the name is left alone and refused.
    @discardableResult
    public static func replace(_ path: String, with data: Data, mode: mode_t = 0o644) -> Refusal? {
        var status = stat()
        if lstat(path, &status) == 0 {
            guard isRegular(status) else { return .notARegularFile }
            guard status.st_uid == geteuid(), status.st_nlink == 1 else { return .notOurs }
            unlink(path)
        }
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { return errno == ELOOP || errno == EEXIST ? .notARegularFile : .cannotOpen(errno: errno) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do { try handle.write(contentsOf: data) } catch { return .cannotOpen(errno: EIO) }
        return nil
    }

    private static func open(_ path: String, flags: Int32, mode: mode_t, requireOwn: Bool) -> Result<FileHandle, Refusal> {
        let fd = Glibc.open(path, flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, mode)
        guard fd >= 0 else { return .failure(errno == ELOOP || errno == EISDIR ? .notARegularFile : .cannotOpen(errno: errno)) }
        var status = stat()
        guard fstat(fd, &status) == 0, isRegular(status) else {
            close(fd)
            return .failure(.notARegularFile)
        }
        guard !requireOwn || (status.st_uid == geteuid() && status.st_nlink == 1) else {
            close(fd)
            return .failure(.notOurs)
        }
        // O_NONBLOCK kept a FIFO at the name from hanging the open; a regular file is then used as usual.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return .success(FileHandle(fileDescriptor: fd, closeOnDealloc: true))
    }

    private static func isRegular(_ status: stat) -> Bool { status.st_mode & S_IFMT == S_IFREG }
}
