import Foundation

/// Runs one of the tool's scripts in the target interpreter (`python -c SCRIPT`) and reads the JSON it prints after
/// its marker line: the shared half of the probe and the verification.
enum PythonScriptRun {
    /// Runs the script; nil where the interpreter could not be started (the error says why).
    static func run(
        _ source: String, arguments: [String] = [], interpreter: String, environment: [String: String], timeout: Double
    ) -> Result<ProcessOutcome, ProbeError> {
        var env = environment
        // A script must not leave .pyc files in the user's environment, nor wait on a buffered pipe.
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONUNBUFFERED"] = "1"
        env["PYTHONIOENCODING"] = "utf-8"
        do {
            return .success(try ChildProcess.run([interpreter, "-c", source] + arguments, environment: env, timeout: timeout))
        } catch {
            return .failure(PythonProbeFailure.cannotStart(interpreter, error))
        }
    }

    /// The JSON after the last marker line, decoded; anything printed before the marker (a sitecustomize's
    /// banner) is ignored. Each way the run can fail becomes its sentence.
    static func decode<T: Decodable>(
        _ type: T.Type, from outcome: ProcessOutcome, marker: String, interpreter: String, timeout: Double
    ) -> Result<T, ProbeError> {
        switch outcome.termination {
        case .timedOut:
            return .failure(PythonProbeFailure.timedOut(interpreter, seconds: timeout))
        case .signaled(let signal):
            return .failure(PythonProbeFailure.crashed(interpreter, signal: signal, stderr: outcome.stderrText))
        case .exited:
            break
        }
        let stdout = String(decoding: outcome.stdout, as: UTF8.self)
        guard let markerRange = stdout.range(of: marker, options: .backwards) else {
            return .failure(PythonProbeFailure.notPython(interpreter, outcome: outcome))
        }
        let json = stdout[markerRange.upperBound...].trimmingWhitespace()
        guard let data = json.data(using: .utf8), let value = try? JSONDecoder().decode(T.self, from: data) else {
            return .failure(PythonProbeFailure.unreadable(interpreter, text: String(json.prefix(200))))
        }
        return .success(value)
    }
}
