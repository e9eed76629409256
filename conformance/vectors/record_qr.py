#!/usr/bin/env python3
"""Checks pronote-server's QR codes with pronotepy's own decoder.

Usage (inside a venv with pronotepy 2.15.7):

    record_qr.py SERVER_BIN OUT.json

Starts SERVER_BIN (seed 3, 2025.2.6), asks it for login QR codes
(`__admin/qr`, made by `QrCode::make`) for several accounts and PINs,
opens each with pronotepy's own code (`_Encryption` keyed with the PIN, as
in `Client.qrcode_login`), logs in with pronotepy's `qrcode_login` on the
first one, and writes the codes with what pronotepy decoded. pronote-server's
`known_answers` test then checks that `QrCode::make` gives exactly these
codes for these inputs: known answers whose decoding was done by pronotepy.
"""
import json
import subprocess
import sys

import pronotepy
import requests
from pronotepy.pronoteAPI import _Encryption

CASES = [("demonstration", "eleve", "4321"), ("demonstration", "parent", "0000"), ("securise", "eleve", "9876")]


def main():
    server_bin, out = sys.argv[1], sys.argv[2]
    proc = subprocess.Popen(
        [server_bin, "--listen", "127.0.0.1:0", "--seed", "3", "--today", "2025-09-10", "--version", "2025.2.6"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        root = proc.stdout.readline().strip().removeprefix("PRONOTE demo instance at ")
        codes = []
        for user, space, pin in CASES:
            qr = requests.get(f"{root}__admin/qr", params={"user": user, "space": space, "pin": pin}).json()
            enc = _Encryption()
            enc.aes_set_key(pin.encode())
            codes.append(
                {
                    "user": user,
                    "space": space,
                    "pin": pin,
                    "qr": qr,
                    "login_plain": enc.aes_decrypt(bytes.fromhex(qr["login"])).decode(),
                    "jeton_plain": enc.aes_decrypt(bytes.fromhex(qr["jeton"])).decode(),
                }
            )
        first = codes[0]
        client = pronotepy.Client.qrcode_login(first["qr"], first["pin"], "known-answers-device")
        assert client.logged_in and client.info.name == "MARTIN Lucas", "pronotepy could not log in with the QR code"
        record = {
            "_meta": {
                "generator": "conformance/vectors/record_qr.py (see its docstring)",
                "pronotepy_version": pronotepy.__version__,
                "decoder": "pronotepy.pronoteAPI._Encryption: key MD5(pin), IV zero, AES-128-CBC, PKCS#7",
                "qrcode_login_of_the_first": "logged in as MARTIN Lucas",
            },
            "codes": codes,
        }
        with open(out, "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False, indent=1, sort_keys=True)
            f.write("\n")
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
