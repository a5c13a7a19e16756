import Foundation
import Testing
@testable import SetupCore

@Suite struct ComputeCapabilityTests {
    @Test func parsesAndOrders() throws {
        let cc = try #require(ComputeCapability("8.9"))
        #expect(cc.smNumber == "89")
        #expect(cc.flashAttentionBuildArch == "80")
        #expect(ComputeCapability("12.0")!.flashAttentionBuildArch == "120")
        #expect(ComputeCapability("7.5")! < ComputeCapability("8.0")!)
        #expect(ComputeCapability("10.0")! > ComputeCapability("9.0")!)
        #expect(ComputeCapability("89") == nil)
        #expect(ComputeCapability("[N/A]") == nil)
    }

    @Test func encodesAsTheDottedString() throws {
        let data = try JSONEncoder().encode([ComputeCapability(major: 8, minor: 6)])
        #expect(String(decoding: data, as: UTF8.self) == "[\"8.6\"]")
        #expect(try JSONDecoder().decode([ComputeCapability].self, from: data) == [ComputeCapability(major: 8, minor: 6)])
    }

    @Test func comparesVersionsNumerically() {
        #expect(compareVersions("12.10", "12.9") == .orderedDescending)
        #expect(compareVersions("2.35", "2.35") == .orderedSame)
        #expect(compareVersions("2.31", "2.35") == .orderedAscending)
        #expect(compareVersions("2.8.0+cu128", "2.8") == .orderedSame)
    }
}

@Suite struct LanguageTests {
    @Test func followsThePOSIXOrderOfLocaleVariables() {
        #expect(Language.fromLocale(["LANG": "zh_CN.UTF-8"]) == .zh)
        #expect(Language.fromLocale(["LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"]) == .en)
        #expect(Language.fromLocale(["LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"]) == .zh)
        #expect(Language.fromLocale(["LC_ALL": "", "LANG": "zh_CN"]) == .zh)
        #expect(Language.fromLocale([:]) == .en)
    }
}
