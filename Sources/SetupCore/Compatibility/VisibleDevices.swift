/// Which GPUs a CUDA program will see, read from CUDA_VISIBLE_DEVICES the way the CUDA runtime reads it.
public enum VisibleDevices {
    /// The nvidia-smi indices of the visible GPUs. Unset means all. Entries are indices, or GPU UUIDs (a unique
    /// prefix is enough); like CUDA, the list ends at the first entry that names no GPU ("-1" hides every GPU).
    /// MIG-... entries name slices, which cannot be mapped back to a GPU here: `unresolved` is then true.
    public static func resolve(_ value: String?, gpus: [GPU]) -> (indices: [Int], unresolved: Bool) {
        guard let value else { return (gpus.map(\.index), false) }
        var indices: [Int] = []
        for entry in value.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingWhitespace() }) {
            if let index = Int(entry) {
                guard gpus.contains(where: { $0.index == index }), !indices.contains(index) else { break }
                indices.append(index)
            } else if entry.hasPrefix("GPU-") {
                let matches = gpus.filter { ($0.uuid ?? "").hasPrefix(entry) }
                guard matches.count == 1, !indices.contains(matches[0].index) else { break }
                indices.append(matches[0].index)
            } else if entry.hasPrefix("MIG-") {
                return (indices, true)
            } else {
                break
            }
        }
        return (indices, false)
    }
}
