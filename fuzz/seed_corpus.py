#!/usr/bin/env python3
"""Writes seed corpora for the fuzz targets under fuzz/corpus/<target>/.

With --small, writes the checked-in seeds instead (fuzz/seeds/<target>/,
at most 24 files of at most 4 KiB per target, the smallest first), which
.ci/run fuzzes for a short while on every run.

The seeds come from the pronotepy 2.15.7 vectors that pronote-proto's tests
use (crates/pronote-proto/tests/data/pronotepy-2.15.7-vectors.json): HTTP
bodies of the recorded transcripts, decoded payloads (as JSON text and as
raw deflate), Start pages, dates, grades, HTML and every typed value found
in the payloads. Corpora are not committed (/fuzz/corpus is gitignored):
run this script before fuzzing, as CI does.

Usage: python3 fuzz/seed_corpus.py [--out fuzz/corpus]
"""

import argparse
import hashlib
import json
import pathlib
import struct
import zlib

HERE = pathlib.Path(__file__).resolve().parent
VECTORS = HERE.parent / "crates/pronote-proto/tests/data/pronotepy-2.15.7-vectors.json"

TARGETS = [
    "reply_decode",
    "request_decode",
    "start_page",
    "typed_values",
    "session_reply",
    "api_decode",
    "ent_form",
    "upload_multipart",
    "session_restore",
]

# Decoder indices of the api_decode target (its `match choice % DECODERS`)
# for the functions whose replies the vectors hold.
API_DECODERS = {
    "PageEmploiDuTemps": [0, 1],
    "PageCahierDeTexte": [2, 3, 34],
    "DernieresNotes": [4],
    "DernieresEvaluations": [5],
    "ListeMessagerie": [6, 7, 29, 30, 31],
    "ListeMessages": [8, 32],
    "ListeRessourcesPourCommunication": [9, 36],
    "PageActualites": [10, 33],
    "PagePresence": [11],
    "PageBulletins": [12],
    "GenerationPDF": [13, 14],
    "PageMenus": [15],
    "PageInfosPerso": [16],
    "PageEquipePedagogique": [17],
    "PageAccueil": [18, 35],
    "JetonAppliMobile": [19],
    "ListeRessources": [27, 28],
    "SecurisationCompteDoubleAuth": [22, 23, 24, 25],
    "FonctionParametres": [37],
    "ParametresUtilisateur": [37],
}

ENT_PAGES = [
    b'<html><body><form id="fm1" class="login" action="/cas/login?service=x" method="post">'
    b'<input type="text" name="username" value=""><input type="password" name="password">'
    b'<input type="hidden" name="execution" value="e1s1"><input type="hidden" name="_eventId" value="submit">'
    b'<button type="submit" name="submit">OK</button></form></body></html>',
    b'<html><body onload="document.forms[0].submit()"><form method="post" action="https://demo.index-education.net/pronote/eleve.html">'
    b'<input type="hidden" name="SAMLResponse" value="PHNhbWxwOlJlc3BvbnNlLz4="/>'
    b'<input type="hidden" name="RelayState" value="r&amp;s"/></form></body></html>',
    b'<form action="javascript:void(0)"><select name="s"><option value="1" selected>1</option></select>'
    b'<textarea name="t">a&lt;b</textarea><input type="checkbox" name="c" checked></form>'
    b'<form><input name="q"></form>',
]

MULTIPART = (
    b"BOUNDARY\n"
    b"--BOUNDARY\r\nContent-Disposition: form-data; name=\"u_no\"\r\n\r\n3fa959b13967e0ef176069e01e23c8d7\r\n"
    b"--BOUNDARY\r\nContent-Disposition: form-data; name=\"u_ns\"\r\n\r\n4242\r\n"
    b"--BOUNDARY\r\nContent-Disposition: form-data; name=\"u_idF\"\r\n\r\nselecfile_1_1\r\n"
    b"--BOUNDARY\r\nContent-Disposition: form-data; name=\"files[]\"; filename=\"copie.txt\"\r\n"
    b"Content-Type: text/plain\r\n\r\nma copie\r\n--BOUNDARY--\r\n"
)

SESSION_STATE = {
    "root": "https://demo.index-education.net/pronote",
    "espace": 3,
    "session_id": 4242,
    "generation": "V2025",
    "version": None,
    "flags": {"encrypt": True, "compress": True},
    "cipher": {"key": "00" * 16, "iv": "00" * 16},
    "order": 1,
    "strict": True,
    "limits": {"max_inflated": 67108864},
    "tabs": [7, 16],
    "headers": [["user-agent", "pronote-rs"]],
}

# Generation indices in pronote_proto::Generation::ALL and flag indices in
# Flags::ALL, as the session_reply target reads its first bytes.
V2025 = 3
LEGACY = 0
PLAIN, ENCRYPT, COMPRESS, FULL = 0, 1, 2, 3


def raw_deflate(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def compact(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def walk(value):
    """Every value nested in a JSON value, itself included."""
    yield value
    if isinstance(value, dict):
        for v in value.values():
            yield from walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from walk(v)


def http_exchanges(vectors):
    transcripts = vectors["transcripts"]
    for name, transcript in transcripts.items():
        for exchange in transcript.get("http", []):
            yield name, exchange


def decoded_payloads(vectors):
    """Decoded request and reply payloads (JSON values)."""
    for _, transcript in vectors["transcripts"].items():
        for view in transcript.get("server_view", []):
            for key in ("dataSec_decoded", "response_dataSec_decoded"):
                if isinstance(view.get(key), dict):
                    yield view[key]
    for call in vectors["endpoint_requests"]["calls"]:
        if isinstance(call.get("response_dataSec_decoded"), dict):
            yield call["response_dataSec_decoded"]
        try:
            yield json.loads(call["dataSec_json"])
        except (KeyError, ValueError):
            pass
    for case in vectors["datasec_encoding_matrix"]["cases"]:
        yield case["dataSec_object"]
        yield case["decoded_response_dataSec"]


def session_header(generation: int, flags: int, strict: bool, shape: int, status: int = 200) -> bytes:
    """The first bytes the session_reply target reads (arbitrary's layout:
    u8 generation, u8 flags, bool strict, u8 next order, u32 enum tag,
    then the variant's fields)."""
    # arbitrary picks variant (tag * 3) >> 32 for a 3-variant enum.
    tag = [0, 0x60000000, 0xC0000000][shape]
    head = bytes([generation, flags, 1 if strict else 0, 0]) + struct.pack("<I", tag)
    if shape == 0:  # Raw { status }
        head += struct.pack("<H", status)
    elif shape == 1:  # Wrapped { right_session, right_order, right_function }
        head += bytes([1, 1, 1])
    return head


def api_replies(vectors):
    """(function name, decoded reply payload) pairs."""
    for _, transcript in vectors["transcripts"].items():
        for view in transcript.get("server_view", []):
            if isinstance(view.get("response_dataSec_decoded"), dict):
                yield view.get("function", ""), view["response_dataSec_decoded"]
    for call in vectors["endpoint_requests"]["calls"]:
        if isinstance(call.get("response_dataSec_decoded"), dict):
            yield call.get("function", ""), call["response_dataSec_decoded"]


def seeds(vectors):
    out = {t: [] for t in TARGETS}
    payloads = list(decoded_payloads(vectors))

    for function, payload in api_replies(vectors):
        for index in API_DECODERS.get(function, []):
            out["api_decode"].append(bytes([index]) + compact(payload))
    out["api_decode"].append(bytes([37]) + b'{"General":{"PremierLundi":{"_T":7,"V":"01/09/2025"}}}')
    for i, page in enumerate(ENT_PAGES):
        out["ent_form"].append(bytes([i]) + page)
    out["upload_multipart"].append(MULTIPART)
    out["session_restore"].append(compact(SESSION_STATE))
    legacy = dict(SESSION_STATE, generation="Legacy", strict=False, order=9,
                  flags={"encrypt": False, "compress": False}, headers=[])
    out["session_restore"].append(compact(legacy))

    for name, exchange in http_exchanges(vectors):
        body = exchange.get("response_body") or ""
        request = exchange.get("request_body") or ""
        if exchange.get("method") == "GET":
            out["start_page"].append(body.encode())
        else:
            out["reply_decode"].append(body.encode())
            out["request_decode"].append(request.encode())
            for strict in (False, True):
                out["session_reply"].append(
                    session_header(V2025, FULL, strict, 0, exchange.get("response_status", 200))
                    + body.encode()
                )
    for case in vectors["datasec_encoding_matrix"]["cases"]:
        out["request_decode"].append(case["http_body_exact"].encode())
        stages = case.get("request_stages", {})
        if "json" in stages:
            out["request_decode"].append(stages["json"].encode())
            out["request_decode"].append(raw_deflate(stages["json"].encode().hex().encode()))
    for case in vectors["start_params_parsing"]["cases"].values():
        out["start_page"].append(case["html"].encode())

    for payload in payloads:
        text = compact(payload)
        ascii_text = json.dumps(payload, ensure_ascii=True, separators=(",", ":")).encode()
        out["reply_decode"] += [text, raw_deflate(ascii_text)]
        out["request_decode"] += [text, raw_deflate(text.hex().encode())]
        out["session_reply"] += [
            session_header(V2025, PLAIN, True, 1) + text,
            session_header(V2025, FULL, True, 1) + raw_deflate(ascii_text),
            session_header(LEGACY, COMPRESS, False, 1) + raw_deflate(ascii_text),
            session_header(V2025, FULL, True, 2) + text,
        ]
        for value in walk(payload):
            if isinstance(value, dict) and "_T" in value:
                out["typed_values"].append(compact(value))
            elif isinstance(value, str) and 0 < len(value) < 200:
                out["typed_values"].append(value.encode())

    util = vectors["util"]
    for section in ("date_parse", "datetime_parse", "grade_parse", "html_parse"):
        for key in util[section]:
            out["typed_values"].append(key.encode())
    out["typed_values"].append(compact(util["place2time"]["listeHeures"]))
    out["typed_values"] += [
        b"[1..3,5]",
        b"0111000000000000000000000000000000000000000000000000001",
        b"14h05",
        b"1405",
        b"15/01",
        b'{"_T":26,"V":"[0..3]"}',
        b'{"N":"114#x","L":"Trimestre 1","G":1,"P":3,"E":2,"A":true}',
        b'{"_T":24,"V":[{"G":0,"L":"08h00"},{"G":1,"L":"09h00"}]}',
        b"PRONOTE 2025.2.11",
    ]
    out["start_page"] += [
        b"<html><body>Votre adresse IP est provisoirement suspendue</body></html>",
        b'<script>window.addEventListener("load", () => {try{Start ({"h":1697793,"d":true,"a":3});} catch (e) {}})</script>',
        b"<body onload=\"Start ({h:'1',a:3,MR:'B99B77A3',ER:'010001',e:'x',f:'y',sCrA:1,sCoA:'false',http:true,poll:false})\">PRONOTE 2021.0.2.1</body>",
        b"<body onload=\"Start ({&quot;h&quot;:&quot;5&quot;,&quot;a&quot;:3})\"><!-- Start ({h:1}) --></body>",
    ]
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=None)
    parser.add_argument("--small", action="store_true",
                        help="write the small checked-in seeds (fuzz/seeds)")
    args = parser.parse_args()
    vectors = json.loads(VECTORS.read_text(encoding="utf-8"))
    root = pathlib.Path(args.out or (HERE / ("seeds" if args.small else "corpus")))
    for target, items in seeds(vectors).items():
        if args.small:
            unique = sorted({i for i in items if len(i) <= 4096}, key=lambda i: (len(i), i))
            # The smallest, and a spread of the larger ones.
            items = unique if len(unique) <= 24 else unique[:12] + unique[12::max(1, (len(unique) - 12) // 12)][:12]
        directory = root / target
        directory.mkdir(parents=True, exist_ok=True)
        written = 0
        for item in items:
            name = hashlib.sha1(item).hexdigest()
            path = directory / f"seed-{name}"
            if not path.exists():
                path.write_bytes(item)
                written += 1
        print(f"{target}: {written} new seeds ({len(items)} generated) in {directory}")


if __name__ == "__main__":
    main()
