#!/usr/bin/env python3
"""Records pronotepy's own traffic against pronote-server, with fixed randomness.

Usage (inside a venv that has the wanted pronotepy version):

    record_pronotepy.py SERVER_BIN OUT.json -- [pronote-server flags...]

Starts SERVER_BIN with `--listen 127.0.0.1:0 --seed 3 --today 2025-09-10`
plus the given flags, logs in as `demonstration` / `pronotevs` on
eleve.html, asks for the lessons of 2025-09-08 and (unless RECORD_CALLS is
`lessons`) the first period's grades and averages and the homework of that
week, and writes every HTTP exchange
to OUT.json together with what pronotepy itself computed for it: the
payload it encrypted (before compression and encryption), the AES key and IV
it encrypted the request with, the key and IV it decrypted the reply with,
and the reply payload it decoded.

These are known answers computed by pronotepy, not by pronote-rs: the
requests and the keys are pronotepy's. The replies are pronote-server's, and
pronotepy accepted them (the script fails otherwise). pronote-proto's tests
replay the requests (our client must send the same ones), pronote-server's
tests replay them into a fresh server (it must accept pronotepy's requests
and reply with what pronotepy decoded).

Fixed randomness: `secrets.token_bytes` (pronotepy's iv_temp) returns
00 01 .. 0f; `Crypto.Random.get_random_bytes` (PKCS#1 v1.5 padding of the
RSA-encrypted Uuid) returns 0x5A bytes. The server is deterministic given
its seed and date.
"""
import base64
import hashlib
import json
import os
import secrets
import subprocess
import sys

import Crypto.Random

SEED = 3
TODAY = "2025-09-10"
MONDAY = "2025-09-08"

secrets.token_bytes = lambda n=16: bytes(range(n))
Crypto.Random.get_random_bytes = lambda n: b"\x5a" * n

import datetime  # noqa: E402

import pronotepy  # noqa: E402
import requests  # noqa: E402
from pronotepy import pronoteAPI  # noqa: E402

EXCHANGES = []
_orig_request = requests.Session.request


def _recording_request(self, method, url, *args, **kwargs):
    response = _orig_request(self, method, url, *args, **kwargs)
    body = kwargs.get("json")
    EXCHANGES.append(
        {
            "method": method,
            "url": url,
            "request_body": json.dumps(body) if body is not None else None,
            "response_status": response.status_code,
            "response_body": response.text,
        }
    )
    return response


requests.Session.request = _recording_request

_orig_post = pronoteAPI._Communication.post


def _recording_post(self, function_name, data, decryption_change=None):
    enc = self.encryption
    before = (enc.aes_key.hex(), enc.aes_iv.hex())
    sent = json.loads(json.dumps(data))
    first = len(EXCHANGES)
    reply = _orig_post(self, function_name, data, decryption_change)
    exchange = EXCHANGES[first]
    exchange.update(
        {
            "function": function_name,
            "request_plain": sent,
            "request_key": before[0],
            "request_iv": before[1],
            "reply_key": enc.aes_key.hex(),
            "reply_iv": enc.aes_iv.hex(),
            "reply_plain": reply.get("donneesSec", reply.get("dataSec")),
        }
    )
    return reply


pronoteAPI._Communication.post = _recording_post


def main():
    server_bin, out = sys.argv[1], sys.argv[2]
    flags = sys.argv[4:] if len(sys.argv) > 3 and sys.argv[3] == "--" else []
    proc = subprocess.Popen(
        [server_bin, "--listen", "127.0.0.1:0", "--seed", str(SEED), "--today", TODAY, *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        root = line.strip().removeprefix("PRONOTE demo instance at ")
        if "--http" in flags:
            # An http instance RSA-encrypts the Uuid with the server's own
            # key (pronotepy >= 2.11 has it as a class constant; 2.10.0 reads
            # MR/ER from the page).
            key = requests.get(root + "__admin/rsa").json()
            pronoteAPI._Encryption.RSA_1024_MODULO = int(key["modulus"], 16)
            pronoteAPI._Encryption.RSA_1024_EXPONENT = int(key["exponent"], 16)
        EXCHANGES.clear()
        client = pronotepy.Client(root + "eleve.html", "demonstration", "pronotevs")
        assert client.logged_in, "pronotepy did not log in"
        login_end = len(EXCHANGES)
        monday = datetime.date.fromisoformat(MONDAY)
        lessons = client.lessons(monday)
        if os.environ.get("RECORD_CALLS", "all") == "all":
            period = client.periods[0]
            grades = period.grades
            averages = period.averages
            homework = client.homework(monday, monday + datetime.timedelta(days=6))
        else:
            grades, averages, homework = [], [], []
        parsed = {
            "name": client.info.name,
            "lessons": sorted(
                [l.subject.name if l.subject else None, l.start.isoformat(), l.classroom]
                for l in lessons
            ),
            "grades": sorted([g.subject.name, g.grade, g.out_of, g.date.isoformat()] for g in grades),
            "averages": sorted([a.subject.name, a.student] for a in averages),
            "homework": sorted([h.subject.name, h.description, h.date.isoformat()] for h in homework),
        }
        enc = client.communication.encryption
        record = {
            "_meta": {
                "generator": "conformance/vectors/record_pronotepy.py (see its docstring)",
                "pronotepy_version": pronotepy.__version__,
                "server_flags": flags,
                "seed": SEED,
                "today": TODAY,
                "iv_temp": bytes(range(16)).hex(),
                "rsa_padding_byte": "5a",
                "username": "demonstration",
                "password": "pronotevs",
            },
            "login_exchanges": login_end,
            "final_key": enc.aes_key.hex(),
            "final_iv": enc.aes_iv.hex(),
            "iv_from_iv_temp": hashlib.md5(bytes(range(16))).hexdigest(),
            "uuid_plain_base64": base64.b64encode(bytes(range(16))).decode(),
            "authorized_onglets": sorted(client.communication.authorized_onglets),
            "parsed": parsed,
            "http": [_relative(e, root) for e in EXCHANGES],
        }
        with open(out, "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False, indent=0, sort_keys=True, separators=(",", ":"))
            f.write("\n")
    finally:
        proc.terminate()
        proc.wait()


def _relative(exchange, root):
    """URLs relative to the instance root (the port changes every run)."""
    exchange = dict(exchange)
    exchange["url"] = exchange["url"].removeprefix(root)
    return exchange


if __name__ == "__main__":
    main()
