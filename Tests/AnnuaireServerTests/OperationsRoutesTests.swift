import AnnuaireParsing
import AnnuaireSnapshot
import Foundation
import TestSupport
import Testing

@testable import AnnuaireServer

@Suite struct OperationsRoutesTests {
    @Test func readyzIs200WhenFreshAnd503WithTheStaleSources() async throws {
        let dir = try fixtureSnapshot()
        try await withServer(snapshot: dir.snapshot) { base, _ in
            let ready = try await call("\(base)/readyz")
            #expect(ready.status == 200)
            #expect(try ready.object()["ready"] as? Bool == true)
            do {
                let answer = try await call("\(base)/healthz")
                #expect(answer.status == 200)
            }
        }
        try await withServer(snapshot: dir.snapshot, now: staleTime) { base, _ in
            let stale = try await call("\(base)/readyz")
            #expect(stale.status == 503)
            let o = try stale.object()
            #expect(o["ready"] as? Bool == false)
            let sources = try #require(o["stale"] as? [[String: Any]])
            #expect(sources.contains { $0["source"] as? String == "ordres" && ($0["overdueSeconds"] as? Int ?? 0) > 0 })
            // The weekly ARS source is still fresh after two days.
            #expect(!sources.contains { $0["source"] as? String == "ars" })
        }
    }

    @Test func metricsCountRequestsByRouteAndStatusAndGiveSourceAges() async throws {
        let dir = try fixtureSnapshot()
        try await withServer(snapshot: dir.snapshot) { base, _ in
            _ = try await call("\(base)/v1/practitioners/810000000017")
            _ = try await call("\(base)/v1/practitioners/19999999998")
            let metrics = try await call("\(base)/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.header("Content-Type")?.hasPrefix("text/plain") == true)
            let text = metrics.text
            #expect(text.contains("hb_requests"))
            #expect(text.contains(#"http_route="/v1/practitioners/{id}""#))
            #expect(text.contains(#"http_response_status_code="404""#))
            #expect(text.contains("http_server_request_duration_bucket"))
            #expect(text.contains("http_server_active_requests"))
            #expect(
                text.contains(#"annuaire_source_age_seconds{source="ordres",family="personneActivite"}"#)
                    || text.contains("annuaire_source_age_seconds{"))
        }
    }

    @Test func openAPIIsJSONAndNamesEveryRoute() async throws {
        let dir = try fixtureSnapshot()
        try await withServer(snapshot: dir.snapshot) { base, _ in
            let answer = try await call("\(base)/openapi.json")
            #expect(answer.status == 200)
            let o = try answer.object()
            #expect(o["openapi"] as? String == "3.1.0")
            let paths = try #require(o["paths"] as? [String: Any])
            for path in [
                "/v1/practitioners/{id}", "/v1/practitioners/lookup", "/v1/practitioners", "/v1/status", "/healthz", "/readyz", "/metrics",
                "/fhir/metadata", "/fhir/Practitioner/{id}", "/fhir/PractitionerRole/{id}", "/fhir/Organization/{id}", "/fhir/Practitioner",
                "/fhir/PractitionerRole", "/fhir/Organization",
            ] {
                #expect(paths[path] != nil, "\(path)")
            }
        }
    }
}
