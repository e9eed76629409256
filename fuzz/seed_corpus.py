#!/usr/bin/env python3
"""Writes seed corpora for the fuzz targets under fuzz/corpus/<target>/.

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

TARGETS = ["reply_decode", "request_decode", "start_page", "typed_values", "session_reply"]

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


def seeds(vectors):
    out = {t: [] for t in TARGETS}
    payloads = list(decoded_payloads(vectors))

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
    parser.add_argument("--out", default=str(HERE / "corpus"))
    args = parser.parse_args()
    vectors = json.loads(VECTORS.read_text(encoding="utf-8"))
    root = pathlib.Path(args.out)
    for target, items in seeds(vectors).items():
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
