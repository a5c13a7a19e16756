import Foundation

/// Asks a mirror for the wheels only the catalog says it holds, the resolver's choice first, until the choice is one
/// it has: a mirror holds the releases someone copied, and a plan must never name a file that answers 404.
public enum SourceConfirmation {
    /// The releases with the wheels asked for marked listed or absent. `ask` answers for one wheel; one that returns
    /// `.unconfirmed` (the mirror could not be reached) stops the asking, and the download will say why.
    /// Pure apart from `ask`, so the order of questions is tested without a server.
    public static func confirm(
        _ releases: [SourceRelease], target: WheelTarget, catalog: ReleaseCatalog, pins: [String?], limit: Int = 16,
        ask: (SourceWheel) -> SourceWheel.Availability
    ) -> [SourceRelease] {
        var releases = releases
        var asked = 0
        for pin in pins {
            while asked < limit {
                let resolution = WheelResolver.resolve(target: target, releases: releases, catalog: catalog, pinnedVersion: pin)
                guard let wheel = resolution.wheel, wheel.availability == .unconfirmed else { break }
                let answer = ask(wheel)
                asked += 1
                if answer == .unconfirmed { return releases }
                releases = releases.map { release in
                    var release = release
                    release.wheels = release.wheels?.map { candidate in
                        var candidate = candidate
                        if candidate.location == wheel.location { candidate.availability = answer }
                        return candidate
                    }
                    return release
                }
            }
        }
        return releases
    }

    /// A listing's releases, those without a readable version left out, with the candidates only the catalog names
    /// asked for at the mirror: what a plan resolves from.
    public static func confirmedReleases(
        _ listing: WheelListing, target: WheelTarget, catalog: ReleaseCatalog, pins: [String?], limit: Int = 16,
        environment: [String: String]
    ) -> [SourceRelease] {
        confirm(
            listing.releases.filter { $0.version != "?" }, target: target, catalog: catalog, pins: pins, limit: limit,
            ask: { askMirror($0, environment: environment) })
    }

    /// One HEAD request (or a one-byte GET) for the wheel's URL, through the proxy and CA `environment` names.
    public static func askMirror(_ wheel: SourceWheel, environment: [String: String]) -> SourceWheel.Availability {
        let version = wheel.name.version
        guard case .url(let address) = wheel.location, let url = URL(string: address) else { return .listed }
        let answer: HTTPFetch.FileAnswer
        do { answer = try HTTPFetch.status(of: url, environment: environment) } catch { return .unconfirmed }
        if answer.isPresent { return .listed }
        let status = answer.status
        if answer.isWebPage, (200..<300).contains(status) {
            return .absent(LocalizedText(
                en: "\(version): the mirror answers \(Redaction.url(address)) with a web page, not \(wheel.name).",
                zh: "\(version)：镜像对 \(Redaction.url(address)) 返回的是网页，而不是 \(wheel.name)。"))
        }
        return .absent(LocalizedText(
            en: "\(version): the mirror does not have \(wheel.name) (HTTP \(status) at \(Redaction.url(address))).",
            zh: "\(version)：镜像中没有 \(wheel.name)（\(Redaction.url(address)) 返回 HTTP \(status)）。"))
    }
}
