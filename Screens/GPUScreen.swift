import SetupCore
import TerminalUI

/// Step 2: every NVIDIA GPU with its compute capability and memory, and the driver with its CUDA version.
enum GPUScreen {
    static func draw<C: Canvas>(_ model: WizardModel, on canvas: inout C, in rect: Rect) {
        let l = model.language
        var y = rect.top
        guard let env = model.environment, model.activity != .probing else {
            canvas.put(WizardView.spinner(model) + " " + LocalizedText(en: "Asking nvidia-smi and the driver…", zh: "正在询问 nvidia-smi 和驱动…").text(l),
                       row: y, column: rect.left)
            return
        }
        if env.gpus.isEmpty {
            canvas.put(LocalizedText(en: "No NVIDIA GPU was found.", zh: "没有找到 NVIDIA GPU。").text(l), row: y, column: rect.left, style: CellStyle(bold: true, color: .red))
            y += 2
        } else {
            let header = CellWidth.pad("GPU", to: 5) + CellWidth.pad(LocalizedText(en: "Name", zh: "型号").text(l), to: 34)
                + CellWidth.pad(LocalizedText(en: "Compute", zh: "计算能力").text(l), to: 12) + LocalizedText(en: "Memory", zh: "显存").text(l)
            canvas.put(header, row: y, column: rect.left, style: .bold)
            y += 1
            for gpu in env.gpus {
                guard y < rect.bottom - 4 else { break }
                let cc = gpu.computeCapability.map { $0.description + (gpu.inferred ? "*" : "") } ?? "?"
                let memory = gpu.memoryMiB.map { "\($0) MiB" } ?? "-"
                let mig = gpu.migMode == .enabled ? "  MIG" : ""
                canvas.put(CellWidth.pad(String(gpu.index), to: 5) + CellWidth.pad(gpu.name, to: 33) + " "
                           + CellWidth.pad(cc, to: 12) + memory + mig, row: y, column: rect.left)
                y += 1
            }
            if env.gpus.contains(where: \.inferred) {
                canvas.put(LocalizedText(en: "* from the GPU's name: this driver does not report it", zh: "* 由型号推断：此驱动不报告计算能力").text(l),
                           row: y, column: rect.left, style: .dim)
                y += 1
            }
            y += 1
        }
        let driver = env.driver.map { d in
            d.version + (d.cudaVersion.map { LocalizedText(en: " (CUDA up to \($0))", zh: "（最高支持 CUDA \($0)）").text(l) } ?? "")
        } ?? LocalizedText(en: "none", zh: "无").text(l)
        y = KeyValueTable.draw([(LocalizedText(en: "Driver", zh: "驱动").text(l), driver)], on: &canvas, in: rect, row: y) + 1
        if let error = env.gpuProbeError {
            Paragraph.draw(model.symbols.failure + " " + error.text(l), on: &canvas, in: rect, row: y, style: CellStyle(color: .red))
        }
    }
}
