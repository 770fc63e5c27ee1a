#!/usr/bin/env python3
"""Makes the project's tiny fixtures: fictional practitioners in the real format (spec/formats.md),
and the same text in every container, each made by an independent tool (GNU gzip, Python's
zipfile), so the reader is checked against other implementations.

Run from the repository root: python3 Fixtures/make-fixtures.py
"""
import gzip, io, os, subprocess, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = os.path.join(HERE, "..", "..", "shared", "spec", "formats.md")


def header(title):
    spec = open(SPEC, encoding="utf-8").read()
    i = spec.index(title)
    j = spec.index("```", i)
    k = spec.index("```", j + 3)
    return spec[j + 3:k].strip().rstrip("|").split("|")


def luhn_key(payload):
    total = 0
    for i, c in enumerate(reversed(payload)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return str((10 - total % 10) % 10)


def rpps(n):
    p = "10" + str(n).zfill(8)
    return p + luhn_key(p)


PA = header("### personne-activite")
assert len(PA) == 56


def pa_row(**values):
    row = [""] * 56
    for name, value in values.items():
        row[PA.index(name)] = value
    return row


def person(type_, ident, civ, name, first, prof, label, **more):
    base = {"Type d'identifiant PP": type_, "Identifiant PP": ident, "Identification nationale PP": type_ + ident,
            "Code civilité": civ, "Libellé civilité": {"M": "Monsieur", "MME": "Madame"}[civ],
            "Nom d'exercice": name, "Prénom d'exercice": first, "Code profession": prof,
            "Libellé profession": label, "Code catégorie professionnelle": "C",
            "Libellé catégorie professionnelle": "Civil"}
    base.update(more)
    return pa_row(**base)


A, B, C = rpps(1), rpps(2), rpps(3)
siren = "12345678"
siren = siren + luhn_key(siren)
siret = siren + "0001"
siret = siret + luhn_key(siret)
finess = "75000001"
finess = finess + luhn_key(finess)
rows = [
    person("8", A, "MME", "DURAND", "Élodie", "10", "Médecin", **{
        "Code civilité d'exercice": "DR", "Libellé civilité d'exercice": "Docteur",
        "Code savoir-faire": "SM54", "Libellé savoir-faire": "Médecine générale", "Code type savoir-faire": "S",
        "Libellé type savoir-faire": "Spécialité ordinale", "Code mode exercice": "L", "Libellé mode exercice": "Libéral",
        "Numéro SIRET site": siret, "Numéro SIREN site": siret[:9], "Identifiant technique de la structure": "C" + siret,
        "Raison sociale site": "CABINET DU DR DURAND", "Complément destinataire (coord. structure)": 'DIT "LE VIEUX MOULIN"',
        "Numéro Voie (coord. structure)": "12", "Code type de voie (coord. structure)": "R", "Libellé type de voie (coord. structure)": "Rue",
        "Libellé Voie (coord. structure)": "DE LA RÉPUBLIQUE", "Code postal (coord. structure)": "01300",
        "Code commune (coord. structure)": "01034", "Libellé commune (coord. structure)": "Belley",
        "Autorité d'enregistrement": "CNOM/CNOM/CNOM", "Code secteur d'activité": "SA07",
        "Libellé secteur d'activité": "Cabinet individuel", "Code genre activité": "GENR01",
        "Libellé genre activité": "Activité standard de soin ou de pharmacien"}),
    person("8", A, "MME", "DURAND", "Élodie", "10", "Médecin", **{
        "Code civilité d'exercice": "DR", "Libellé civilité d'exercice": "Docteur", "Code mode exercice": "S",
        "Libellé mode exercice": "Salarié", "Numéro FINESS site": finess, "Identifiant technique de la structure": "F" + finess,
        "Raison sociale site": "CENTRE HOSPITALIER  DE BELLEY", "Numéro Voie (coord. structure)": "P",
        "Code postal (coord. structure)": "01300", "Libellé commune (coord. structure)": "Belley",
        "Autorité d'enregistrement": "CNOM/CNOM/ARS"}),
    person("8", B, "M", "LEFÈVRE", "JEAN-FRANÇOIS", "21", "Pharmacien", **{
        "Autorité d'enregistrement": "CNOP//"}),
    person("8", C, "M", "N'DIAYE", "Moussa", "70", "Masseur-Kinésithérapeute", **{
        "Code mode exercice": "L", "Libellé mode exercice": "Libéral", "Code postal (coord. structure)": "GL",
        "Code pays (coord. structure)": "99132", "Libellé pays (coord. structure)": "Royaume-Uni",
        "Autorité d'enregistrement": "CNOMK/CNOMK/CNOMK"}),
    person("0", "2A0000014", "MME", "Casanova", "Maria", "60", "Infirmier", **{"Autorité d'enregistrement": "ARS//"}),
    person("0", "750001236"[:8] + luhn_key("75000123"), "M", "MARTIN", "Luc", "26", "Audioprothésiste", **{
        "Autorité d'enregistrement": "ARS/CPAM/CPAM"}),
]
ts = "202611220315"


def text(head, body, trailing=True, eol="\n"):
    end = "|" if trailing else ""
    return "".join("|".join(r) + end + eol for r in [head] + body).encode("utf-8")


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


pa = text(PA, rows)
write(f"PS_LibreAcces_Personne_activite_{ts}.txt", pa)

SF = header("### savoir-faire")
sf_rows = [[r[PA.index(c)] if c in PA else "" for c in SF] for r in rows if r[PA.index("Code savoir-faire")]]
write(f"PS_LibreAcces_SavoirFaire_{ts}.txt", text(SF, sf_rows))

DI = header("### diplomes")
di_rows = [["8", A, "8" + A, "DURAND", "Élodie", "DE", "Diplôme d'État français", "DE01", "Diplôme d'État de docteur en médecine", "", "", "", ""],
           ["8", C, "8" + C, "N'DIAYE", "Moussa", "", "", "", "", "AUT", "Autorisation d'exercice", "EX01", "Masso-kinésithérapie"]]
write(f"PS_LibreAcces_Dipl_AutExerc_{ts}.txt", text(DI, di_rows))

CA = header("### cartes")
ca_rows = [["8", A, "8" + A, "DURAND", "Élodie", "10", "Médecin", "C", "Civil", "CPS", "Carte de Professionnel de Santé", "0001234567", "8" + A, "01/02/2024", "31/01/2027", "", "20240201"],
           ["8", B, "8" + B, "LEFÈVRE", "JEAN-FRANÇOIS", "21", "Pharmacien", "C", "Civil", "CPS", "Carte de Professionnel de Santé", "0007654321", "8" + B, "2025-03-15", "2028-03-14", "", "2025-03-15"]]
write(f"Porteurs_CPS_CPF_{ts}.txt", text(CA, ca_rows))

MS = header("### mssante")
ms_rows = [["PER", "elodie.durand@medecin.mssante.fr", "8", A, "8" + A, "", "", "", "Docteur", "DURAND", "Élodie", "C", "Civil", "10", "Médecin", "SM54", "Médecine générale", "O"] + [""] * 13,
           ["ORG", "secretariat@ch-belley.mssante.fr", "", "", "", "1", finess, "Secrétariat médical", "", "", "", "", "", "", "", "", "", "N", "CENTRE HOSPITALIER DE BELLEY", "", "", "", "P", "", "", "", "", "01300 BELLEY", "01300", "01", "FRANCE"]]
write(f"Extraction_Correspondance_MSSante_{ts}.txt", text(MS, ms_rows, trailing=False))

# Containers, each made by another implementation.
pa_name = f"PS_LibreAcces_Personne_activite_{ts}.txt"
subprocess.run(["gzip", "-n", "-k", "-f", "-9", os.path.join(HERE, pa_name)], check=True)
half = pa.index(b"\n", len(pa) // 2) + 1
write(f"{pa_name[:-4]}.two-members.txt.gz", gzip.compress(pa[:half], mtime=0) + gzip.compress(pa[half:], mtime=0))
write("mssante-crlf-bom.txt", b"\xef\xbb\xbf" + text(MS, ms_rows, trailing=False, eol="\r\n"))


def zipped(name, entries, method=zipfile.ZIP_DEFLATED, stream=False, zip64=False):
    buffer = io.BytesIO()
    target = buffer
    if stream:  # a non-seekable target makes zipfile write data descriptors
        class Unseekable(io.RawIOBase):
            def writable(self): return True
            def write(self, b): return buffer.write(b)
        target = Unseekable()
    with zipfile.ZipFile(target, "w", compression=method) as z:
        for entry_name, data in entries:
            info = zipfile.ZipInfo(entry_name, date_time=(2026, 11, 22, 3, 15, 0))
            info.compress_type = method
            with z.open(info, "w", force_zip64=zip64) as f:
                f.write(data)
    write(name, buffer.getvalue())


files = {n: open(os.path.join(HERE, n), "rb").read() for n in os.listdir(HERE) if n.endswith(f"{ts}.txt")}
ps = [(n, files[n]) for n in sorted(files) if n.startswith("PS_LibreAcces")]
zipped(f"PS_LibreAcces_{ts}.zip", [("LISEZMOI.txt", "Fichiers d'extraction fictifs.\n".encode())] + ps)
zipped(f"PS_LibreAcces_{ts}_stored.zip", ps, method=zipfile.ZIP_STORED)
zipped(f"PS_LibreAcces_{ts}_descriptors.zip", ps, stream=True)
zipped(f"PS_LibreAcces_{ts}_stored_descriptors_zip64.zip", ps, method=zipfile.ZIP_STORED, stream=True, zip64=True)
zipped(f"Porteurs_CPS_CPF_{ts}.zip", [(f"Porteurs_CPS_CPF_{ts}.txt", files[f"Porteurs_CPS_CPF_{ts}.txt"])])
zipped(f"Extraction_Correspondance_MSSante_{ts}.zip", [(f"Extraction_Correspondance_MSSante_{ts}.txt", files[f"Extraction_Correspondance_MSSante_{ts}.txt"])])
zipped("bzip2-entry.zip", [(pa_name, pa)], method=zipfile.ZIP_BZIP2)
zipped("traversal.zip", [("../../etc/" + pa_name, pa)])
