import Testing

@testable import AnnuaireParsing

@Suite struct ExtractTimeTests {
    @Test func readsTheFileNameTimestampAsParisTime() throws {
        let winter = try #require(ExtractTime(fileName: "../x/PS_LibreAcces_Personne_activite_202112020908.txt"))
        #expect(winter.description == "2021-12-02T09:08:00+01:00")
        #expect(winter.utcDescription == "2021-12-02T08:08:00Z")
        #expect(winter.parisDescription == "2021-12-02 09:08 Europe/Paris")
        let summer = try #require(ExtractTime(fileName: "Porteurs_CPS_CPF_202607150300.txt.gz"))
        #expect(summer.utcDescription == "2026-07-15T01:00:00Z")
        #expect(ExtractTime(fileName: "PS_LibreAcces_202611220315.zip")?.utcDescription == "2026-11-22T02:15:00Z")
    }

    @Test func refusesNamesWithoutAValidTimestamp() {
        #expect(ExtractTime(fileName: "ps-libreacces-personne-activite.txt") == nil)
        #expect(ExtractTime(fileName: "PS_LibreAcces_Personne_activite_202113020908.txt") == nil)  // month 13
        #expect(ExtractTime(fileName: "PS_LibreAcces_Personne_activite_20211202090.txt") == nil)  // 11 digits
        #expect(ExtractTime(fileName: "x_2021120209081.txt") == nil)  // 13 digits
    }

    @Test func followsTheEuropeanDaylightSavingRule() throws {
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        #expect(ExtractTime(parisYear: 2026, month: 3, day: 29, hour: 1, minute: 59)?.utcDescription == "2026-03-29T00:59:00Z")
        #expect(ExtractTime(parisYear: 2026, month: 3, day: 29, hour: 3, minute: 0)?.utcDescription == "2026-03-29T01:00:00Z")
        #expect(ExtractTime(parisYear: 2026, month: 10, day: 25, hour: 3, minute: 0)?.utcDescription == "2026-10-25T02:00:00Z")
        #expect(ExtractTime(parisYear: 2026, month: 10, day: 25, hour: 1, minute: 30)?.utcDescription == "2026-10-24T23:30:00Z")
        #expect(ExtractTime(parisYear: 2024, month: 2, day: 29, hour: 0, minute: 0) != nil)
        #expect(ExtractTime(parisYear: 2026, month: 2, day: 29, hour: 0, minute: 0) == nil)
    }

    @Test func parsesISO8601WithAndWithoutOffset() throws {
        #expect(ExtractTime(iso8601: "2026-11-22T03:00:00Z")?.utcDescription == "2026-11-22T03:00:00Z")
        #expect(ExtractTime(iso8601: "2026-11-22T04:00+01:00")?.utcDescription == "2026-11-22T03:00:00Z")
        #expect(ExtractTime(iso8601: "2026-11-22T04:00:00.250+0100")?.utcDescription == "2026-11-22T03:00:00Z")
        #expect(ExtractTime(iso8601: "2026-11-22T04:00")?.utcDescription == "2026-11-22T03:00:00Z")  // Paris
        #expect(ExtractTime(iso8601: "2026-07-01")?.utcDescription == "2026-06-30T22:00:00Z")
        #expect(ExtractTime(iso8601: "2026-11-22T25:00Z") == nil)
        #expect(ExtractTime(iso8601: "yesterday") == nil)
        let t = try #require(ExtractTime(iso8601: "2021-12-02T09:08:00+01:00"))
        #expect(ExtractTime(iso8601: t.description) == t)
    }

    @Test func cardDatesInThreeFormats() {
        #expect(CardDate(Array("31/01/2027".utf8))?.description == "2027-01-31")
        #expect(CardDate(Array("20270131".utf8))?.description == "2027-01-31")
        #expect(CardDate(Array("2027-01-31".utf8))?.description == "2027-01-31")
        #expect(CardDate(Array("31/02/2027".utf8)) == nil)
        #expect(CardDate(Array("2027/01/31".utf8)) == nil)
    }
}
