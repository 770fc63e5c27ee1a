/// The OpenAPI 3.1 description of the service, served at `/openapi.json` (docs/http-api.md says
/// the same in prose; a test checks that every route of the router is here).
enum OpenAPIDocument {
    static let text = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "annuaire",
            "version": "1",
            "description": "The Annuaire Santé (French national directory of health professionals) from a local memory-mapped snapshot: the project's JSON (/v1) and FHIR R4 (/fhir). Every answer carries the header Annuaire-Snapshot with the creation time of the snapshot that answered."
          },
          "paths": {
            "/v1/practitioners/{id}": {
              "get": {
                "summary": "One practitioner, as `annuaire lookup --json` prints it (docs/lookup-json.md)",
                "parameters": [
                  {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}, "description": "RPPS (11 digits), ADELI (9 characters) or national identifier (8+RPPS, 0+ADELI); the key digit is checked"},
                  {"name": "pretty", "in": "query", "schema": {"type": "boolean"}, "description": "indent the JSON"},
                  {"name": "If-None-Match", "in": "header", "schema": {"type": "string"}}
                ],
                "responses": {
                  "200": {"description": "found", "headers": {"ETag": {"schema": {"type": "string"}}, "Cache-Control": {"schema": {"type": "string"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Practitioner"}}}},
                  "304": {"description": "not modified (If-None-Match)"},
                  "400": {"description": "invalid identifier", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Invalid"}}}},
                  "404": {"description": "not in the snapshot", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NotFound"}}}},
                  "503": {"description": "no snapshot is open", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                }
              }
            },
            "/v1/practitioners/lookup": {
              "post": {
                "summary": "Bulk lookup: an array of identifiers (at most 10,000) to an array of answers in the same order, found or not",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}, "maxItems": 10000}}}},
                "responses": {
                  "200": {"description": "one answer per identifier", "content": {"application/json": {"schema": {"type": "array", "items": {"oneOf": [{"$ref": "#/components/schemas/Practitioner"}, {"$ref": "#/components/schemas/NotFound"}, {"$ref": "#/components/schemas/Invalid"}]}}}}},
                  "400": {"description": "the body is not a JSON array of strings", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "413": {"description": "body over 1 MiB or more than 10,000 identifiers", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "415": {"description": "Content-Type is not application/json", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                }
              }
            },
            "/v1/practitioners": {
              "get": {
                "summary": "Search (spec/search.md): every criterion given must match; words without accents or case, each a prefix; in name order; `{total, next, nextLink, results}`, each result as a line of `annuaire search --json`",
                "parameters": [{"name": "name", "in": "query", "schema": {"type": "string"}}, {"name": "first-name", "in": "query", "schema": {"type": "string"}}, {"name": "profession", "in": "query", "schema": {"type": "string"}}, {"name": "specialty", "in": "query", "schema": {"type": "string"}}, {"name": "commune", "in": "query", "schema": {"type": "string"}}, {"name": "postcode", "in": "query", "schema": {"type": "string"}}, {"name": "department", "in": "query", "schema": {"type": "string"}}, {"name": "structure", "in": "query", "schema": {"type": "string"}}, {"name": "mailbox", "in": "query", "schema": {"type": "string"}}, {"name": "card", "in": "query", "schema": {"type": "string"}}, {"name": "mode", "in": "query", "schema": {"type": "string"}}, {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 20}}, {"name": "after", "in": "query", "description": "the `next` cursor of the previous page", "schema": {"type": "string"}}, {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}}],
                "responses": {"200": {"description": "one page of matches with the exact total", "content": {"application/json": {"schema": {"type": "object", "required": ["total", "next", "nextLink", "results"], "properties": {"total": {"type": "integer"}, "next": {"type": ["string", "null"]}, "nextLink": {"type": ["string", "null"]}, "results": {"type": "array", "items": {"type": "object"}}}}}}}, "400": {"description": "no criterion, a one-letter word, an unknown parameter, a bad or stale cursor", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}, "503": {"description": "the snapshot has no search index (written before it): run annuaire ingest again", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}
              }
            },
            "/v1/status": {
              "get": {
                "summary": "The `annuaire status --json` object of the snapshot that answers: sources, verdicts, inputs",
                "responses": {"200": {"description": "status", "content": {"application/json": {"schema": {"type": "object"}}}}, "503": {"description": "no snapshot is open"}}
              }
            },
            "/healthz": {"get": {"summary": "200 while the process serves", "responses": {"200": {"description": "serving"}}}},
            "/readyz": {
              "get": {
                "summary": "200 when a snapshot is open and no source is stale under the policy; else 503 with the stale sources",
                "responses": {"200": {"description": "ready"}, "503": {"description": "not ready: no snapshot, or stale sources listed"}}
              }
            },
            "/metrics": {"get": {"summary": "Prometheus text format: requests by route and status, latency histogram, source ages", "responses": {"200": {"description": "metrics", "content": {"text/plain": {}}}}}},
            "/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3.1"}}}},
            "/fhir/metadata": {"get": {"summary": "FHIR R4 CapabilityStatement", "responses": {"200": {"description": "CapabilityStatement", "content": {"application/fhir+json": {}}}}}},
            "/fhir/Practitioner/{id}": {"get": {"summary": "Practitioner by IDNPS (8+RPPS, 0+ADELI; an RPPS or ADELI is accepted too)", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}], "responses": {"200": {"description": "Practitioner", "content": {"application/fhir+json": {}}}, "400": {"description": "OperationOutcome"}, "404": {"description": "OperationOutcome"}}}},
            "/fhir/PractitionerRole/{id}": {"get": {"summary": "PractitionerRole by IDNPS-rank (the rank of the activity, stable within a snapshot)", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}], "responses": {"200": {"description": "PractitionerRole", "content": {"application/fhir+json": {}}}, "400": {"description": "OperationOutcome"}, "404": {"description": "OperationOutcome"}}}},
            "/fhir/Organization/{id}": {"get": {"summary": "Organization by the structure's technical identifier", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}], "responses": {"200": {"description": "Organization", "content": {"application/fhir+json": {}}}, "404": {"description": "OperationOutcome"}, "503": {"description": "OperationOutcome: the structure index is being built"}}}},
            "/fhir/Practitioner": {"get": {"summary": "searchset Bundle: _id, identifier (system|value or value, commas for alternatives), _count, _revinclude=PractitionerRole:practitioner", "responses": {"200": {"description": "Bundle"}, "400": {"description": "OperationOutcome"}, "501": {"description": "OperationOutcome: a name search needs the search index"}}}},
            "/fhir/PractitionerRole": {"get": {"summary": "searchset Bundle: _id, practitioner, organization, _count, _include=PractitionerRole:practitioner|PractitionerRole:organization", "responses": {"200": {"description": "Bundle"}, "400": {"description": "OperationOutcome"}, "501": {"description": "OperationOutcome"}}}},
            "/fhir/Organization": {"get": {"summary": "searchset Bundle: _id, identifier (technical identifier), _count, _revinclude=PractitionerRole:organization", "responses": {"200": {"description": "Bundle"}, "400": {"description": "OperationOutcome"}, "501": {"description": "OperationOutcome"}}}}
          },
          "components": {
            "schemas": {
              "Practitioner": {"type": "object", "required": ["query", "found", "key", "identity"], "properties": {"query": {"type": "string"}, "found": {"const": true}, "key": {"type": "object"}, "identity": {"type": "object"}, "activities": {"type": "array"}, "savoirFaire": {"type": "array"}, "diplomas": {"type": "array"}, "cards": {"type": "array"}, "mailboxes": {"type": "array"}}},
              "NotFound": {"type": "object", "required": ["query", "found"], "properties": {"query": {"type": "string"}, "found": {"const": false}}},
              "Invalid": {"type": "object", "required": ["query", "found", "error"], "properties": {"query": {"type": "string"}, "found": {"const": false}, "error": {"type": "string"}}},
              "Error": {"type": "object", "required": ["error", "status"], "properties": {"error": {"type": "string"}, "status": {"type": "integer"}}}
            }
          }
        }
        """#
}
