import Foundation

/// Lays out a CUDA_HOME over the CUDA wheels of the package index, which torch's cpp_extension and flash-attn's
/// setup.py can build with: bin/ (nvcc and its nvcc.profile), nvvm/, include/ and lib/ joined from every package
/// under site-packages/nvidia (nvidia/cu13 for CUDA 13; nvidia/cuda_nvcc, nvidia/cuda_runtime, ... for CUDA 12),
/// as links, plus the unversioned lib/libcudart.so that `-lcudart` needs and the wheels do not ship.
public enum CUDAHomeLayout {
    public struct Failure: Error, Sendable {
        public var message: LocalizedText
    }

    /// Builds the folder anew (links only; nothing under nvidiaRoot is touched) and returns nvcc's path in it.
    @discardableResult
    public static func assemble(nvidiaRoot: String, destination: String) throws(Failure) -> String {
        let files = FileManager.default
        let packages = ((try? files.contentsOfDirectory(atPath: nvidiaRoot)) ?? []).sorted()
            .map { nvidiaRoot + "/" + $0 }
            .filter { var dir: ObjCBool = false; return files.fileExists(atPath: $0, isDirectory: &dir) && dir.boolValue }
        guard packages.contains(where: { files.isExecutableFile(atPath: $0 + "/bin/nvcc") }) else {
            throw Failure(message: LocalizedText(
                en: "No nvcc was found under \(nvidiaRoot) after installing it; the log shows what pip installed.",
                zh: "安装后在 \(nvidiaRoot) 下没有找到 nvcc；日志中有 pip 安装的内容。"))
        }
        do {
            try? files.removeItem(atPath: destination)
            for folder in ["bin", "include", "lib"] {
                try files.createDirectory(atPath: destination + "/" + folder, withIntermediateDirectories: true)
            }
            for package in packages {
                for folder in ["bin", "include", "lib"] {
                    let source = package + "/" + folder
                    for entry in ((try? files.contentsOfDirectory(atPath: source)) ?? []).sorted() {
                        let link = destination + "/" + folder + "/" + entry
                        if files.fileExists(atPath: link) { continue }
                        try files.createSymbolicLink(atPath: link, withDestinationPath: source + "/" + entry)
                    }
                }
                let nvvm = package + "/nvvm"
                if files.fileExists(atPath: nvvm), !files.fileExists(atPath: destination + "/nvvm") {
                    try files.createSymbolicLink(atPath: destination + "/nvvm", withDestinationPath: nvvm)
                }
            }
            let lib = destination + "/lib"
            for name in ((try? files.contentsOfDirectory(atPath: lib)) ?? []).sorted() {
                // libcudart.so.13 -> libcudart.so, and the same for every versioned library without its plain name.
                guard let range = name.range(of: ".so.") else { continue }
                let plain = lib + "/" + name[..<range.lowerBound] + ".so"
                if !files.fileExists(atPath: plain) { try files.createSymbolicLink(atPath: plain, withDestinationPath: name) }
            }
            if !files.fileExists(atPath: destination + "/lib64") {
                try files.createSymbolicLink(atPath: destination + "/lib64", withDestinationPath: "lib")
            }
        } catch {
            throw Failure(message: LocalizedText(
                en: "Could not lay out the CUDA_HOME folder \(destination): \(error.localizedDescription). Check that the tool's cache folder is writable and has space.",
                zh: "无法创建 CUDA_HOME 目录 \(destination)：\(error.localizedDescription)。请检查本工具的缓存目录是否可写、是否有空间。"))
        }
        return destination + "/bin/nvcc"
    }
}
