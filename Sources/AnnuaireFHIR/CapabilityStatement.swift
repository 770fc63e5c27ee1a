import AnnuaireSnapshot

/// The `CapabilityStatement` of `GET /fhir/metadata`: FHIR R4, JSON, and for each resource type
/// the reads and the search parameters this version answers.
public enum CapabilityStatement {
    /// The statement; `date` is the snapshot's creation time.
    public static func resource(base: String, date: String, software: String) -> JSONValue {
        func param(_ name: String, _ type: String, _ doc: String) -> JSONValue {
            .object([("name", .string(name)), ("type", .string(type)), ("documentation", .string(doc))])
        }
        func resource(_ type: String, _ profile: String, _ params: [JSONValue], include: [String], revinclude: [String]) -> JSONValue {
            .object([
                ("type", .string(type)), ("profile", .string(profile)),
                ("interaction", .array([.object([("code", .string("read"))]), .object([("code", .string("search-type"))])])),
                ("searchInclude", .array(include.map(JSONValue.string))), ("searchRevInclude", .array(revinclude.map(JSONValue.string))),
                ("searchParam", .array(params)),
            ])
        }
        let count = param("_count", "number", "page size (default 50, at most 1000); next pages by the next link")
        return .object([
            ("resourceType", .string("CapabilityStatement")), ("status", .string("active")), ("date", .string(date)),
            ("kind", .string("instance")), ("fhirVersion", .string("4.0.1")),
            ("format", .array([.string("application/fhir+json"), .string("json")])),
            ("software", .object([("name", .string(software))])),
            ("implementation", .object([("description", .string("Annuaire Santé snapshot, served by annuaire")), ("url", .string(base))])),
            (
                "rest",
                .array([
                    .object([
                        ("mode", .string("server")),
                        (
                            "resource",
                            .array([
                                resource(
                                    "Practitioner", FHIRSystems.practitionerProfile,
                                    [
                                        param("_id", "token", "the IDNPS"),
                                        param("identifier", "token", "IDNPS or RPPS, system|value or bare value; commas for alternatives"),
                                        param("family", "string", "words of a name, without accents or case, each a prefix"),
                                        param("given", "string", "words of the first name, each a prefix"),
                                        param("name", "string", "words of any name, each a prefix"),
                                        param("mailbox-mss", "token", "an MSSanté address, exact, case-insensitive"),
                                        param("number-smartcard", "token", "a CPS/CPF card number, exact"),
                                        count,
                                    ], include: [], revinclude: ["PractitionerRole:practitioner"]),
                                resource(
                                    "PractitionerRole", FHIRSystems.practitionerRoleProfile,
                                    [
                                        param("_id", "token", "IDNPS-rank"), param("practitioner", "reference", "Practitioner/<IDNPS>"),
                                        param("organization", "reference", "Organization/<technical id>"), count,
                                    ], include: ["PractitionerRole:practitioner", "PractitionerRole:organization"], revinclude: []),
                                resource(
                                    "Organization", FHIRSystems.organizationProfile,
                                    [
                                        param("_id", "token", "the structure's technical identifier"),
                                        param("identifier", "token", "the technical identifier (system https://rppsrang.esante.gouv.fr)"),
                                        count,
                                    ], include: [], revinclude: ["PractitionerRole:organization"]),
                            ])
                        ),
                    ])
                ])
            ),
        ])
    }
}
