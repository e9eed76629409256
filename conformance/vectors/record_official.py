#!/usr/bin/env python3
"""Records the official PRONOTE web client's own login requests.

Usage:

    OCC=DIR record_official.py OUT_DIR VERSION=MODULES_DIR [VERSION=MODULES_DIR ...]

OCC is a copy of the project's official-client tool
(/work/shared/tools/official-client, with `npm install` run in it);
MODULES_DIR a checkout of the official client's modules (see that tool's
README; they are proprietary and never committed). For each client version
and each encryption x compression combination, runs
`node headless.js --self-test` with FIXED=1 (fixed randomness on both
sides: the client's IV seed 00 01 .. 0f, the mock's alea, challenge and
session key) and CRA/COA, and writes OUT_DIR/VERSION-TAG.json: every call
of the login (FonctionParametres, Identification, Authentification,
ParametresUtilisateur) with the request exactly as the official client
sent it, what it decodes to, the AES key and IV it was encrypted with, and
the mock's reply with its key and IV.

The requests are computed by the official client's own code, not by
pronote-rs: pronote-proto's `official_client` test must build the same
ones. The self-test mock speaks the 2025 envelope only, so 2025.x
checkouts are recorded (2024.3.x clients stop at the first call).
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile

USERNAME, PASSWORD = "demo", "Secret1!"  # the self-test mock's account
SESSION, ESPACE = 1234567, 3
FLAGS = {"full": (True, True), "noenc": (False, True), "nocomp": (True, False), "plain": (False, False)}


def md5hex(data):
    return hashlib.md5(data).hexdigest()


def page(cra, coa):
    """The space page: what matters to a client is the Start literal."""
    start = f"{{h:{SESSION},a:{ESPACE},d:false,CrA:{str(cra).lower()},CoA:{str(coa).lower()}}}"
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>PRONOTE</title></head>'
        f'<body id="id_body" onload="try {{ Start ({start}) }} catch (e) {{ messageErreur (e) }}"></body></html>'
    )


def convert(traffic, cra, coa, version):
    calls = []
    for rec in traffic:
        if "rawRequestBody" not in rec:
            continue  # polling: not part of the login
        key = md5hex(bytes.fromhex(rec["serverKeyBytesHex"]))
        iv = md5hex(bytes.fromhex(rec["serverIvBytesHex"]))
        first = rec["id"] == "FonctionParametres"
        calls.append(
            {
                "function": rec["id"],
                "url": rec["url"].removeprefix("/pronote/"),
                "request_body": rec["rawRequestBody"],
                "request_plain": rec["decoded"],
                # The first request goes out before the IV exists.
                "request_key": key,
                "request_iv": "00" * 16 if first else iv,
                "response_body": rec["rawResponseBody"],
                "reply_plain": rec["responsePlain"],
                "reply_key": key,
                "reply_iv": iv,
            }
        )
    return {
        "_meta": {
            "generator": "conformance/vectors/record_official.py (see its docstring)",
            "client": f"official PRONOTE web client {version}, driven by headless.js --self-test",
            "username": USERNAME,
            "password": PASSWORD,
            "iv_temp": bytes(range(16)).hex(),
            "encryption": cra,
            "compression": coa,
        },
        "page": page(cra, coa),
        "calls": calls,
    }


def main():
    out_dir = sys.argv[1]
    tool = os.environ["OCC"]
    for spec in sys.argv[2:]:
        version, modules = spec.split("=", 1)
        for tag, (cra, coa) in FLAGS.items():
            with tempfile.TemporaryDirectory() as tmp:
                out = os.path.join(tmp, "traffic.json")
                env = dict(os.environ, PMJS=modules, FIXED="1", OUT=out, CRA="1" if cra else "0", COA="1" if coa else "0")
                run = subprocess.run(
                    ["node", "headless.js", "--self-test"], cwd=tool, env=env, capture_output=True, text=True, timeout=180
                )
                summary = json.loads(run.stdout.strip().splitlines()[-1])
                if not summary["loggedIn"]:
                    raise SystemExit(f"{version} {tag}: the official client did not log in: {summary['error']}")
                with open(out, encoding="utf-8") as f:
                    traffic = json.load(f)
            record = convert(traffic, cra, coa, version)
            path = os.path.join(out_dir, f"{version}-{tag}.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(record, f, ensure_ascii=False, indent=1, sort_keys=True)
                f.write("\n")
            print(f"{path}: {len(record['calls'])} calls")


if __name__ == "__main__":
    main()
