#!/usr/bin/env python3
"""Records the official PRONOTE web client's own login requests.

Usage:

    OCC=DIR [PRONOTE_SERVER=BIN] record_official.py OUT_DIR VERSION=MODULES_DIR [VERSION=MODULES_DIR ...]

OCC is a copy of the project's official-client tool
(/work/shared/tools/official-client, with `npm install` run in it);
MODULES_DIR a checkout of the official client's modules (see that tool's
README; they are proprietary and never committed). For each client version
and each encryption x compression combination, the official client logs in
with fixed randomness (FIXED=1: its IV seed is 00 01 .. 0f), and the script
writes OUT_DIR/VERSION-TAG.json: every call of the login
(FonctionParametres, Identification, Authentification,
ParametresUtilisateur) with the request exactly as the official client sent
it, what it decodes to, the AES key and IV it was encrypted with, and the
reply with its key and IV.

Two ways, by client version:

* 2025.1.3 and later: `node headless.js --self-test` with FIXED=1 OUT=FILE
  CRA/COA. The tool's mock answers (fixed alea, challenge and session key)
  and writes the traffic with the key and IV bytes it used.
* Before 2025.1.3 (2024.3.x: the older envelope `nom`/`numeroOrdre`/
  `donneesSec`, page flags `sCrA`/`sCoA`), which the self-test mock does not
  speak: `node headless.js URL` with FIXED=1 against pronote-server
  (`--version VERSION --seed 3`, `--no-encryption`/`--no-compression` per
  combination) through a recording proxy in this script. headless.js
  writes OUT only in self-test mode, so the proxy keeps every byte that
  crossed (the page and each call) and the script works the keys out the
  way the protocol defines them (PROTOCOL.md sections 3 and 5): key MD5("")
  until Authentification's reply, then MD5 of the bytes in `cle`; IV zero
  for the first request, then MD5(iv_temp) with iv_temp the Uuid the client
  sent. Every one of them is checked against the client's own bytes before
  anything is written: each order number (URL and body) decrypts to
  1, 3, 5, 7; each encrypted request decrypts, unpads, inflates and parses;
  the challenge answer decrypts under the login key; the last request
  decrypts under the session key. PRONOTE_SERVER is the server binary
  (default: `cargo build -p pronote-server`, target/debug/pronote-server).
  Compression without encryption (`noenc`) is the one combination the
  server cannot take as it stands: given `sCrA`, the 2024.3.11 client sends
  the secure field as the plain object and reads the reply's as it comes,
  whatever `sCoA` says, while pronote-server deflates its replies whenever
  compression is on; that client then stops at FonctionParametres
  ("Cannot read properties of undefined (reading 'version')"). So for
  `noenc` the server runs with neither encryption nor compression and the
  proxy serves its page without `,sCoA:true`: the client sees the `noenc`
  page and gets the plain replies it reads (`_meta.client` says so).

The requests are computed by the official client's own code, not by
pronote-rs (pronote-server only answers them): pronote-proto's
`official_client` test must build the same ones.

Needs node, and Python's `cryptography` package for the second way.
"""
import base64
import hashlib
import http.client
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import urllib.parse
import zlib

USERNAME, PASSWORD = "demo", "Secret1!"  # the self-test mock's account
SESSION, ESPACE = 1234567, 3
FLAGS = {"full": (True, True), "noenc": (False, True), "nocomp": (True, False), "plain": (False, False)}
IV_TEMP = bytes(range(16))  # what FIXED=1 makes the client draw

# Against pronote-server: its demo student account, seed and day.
SERVER_USERNAME, SERVER_PASSWORD = "demonstration", "pronotevs"
SERVER_SEED, SERVER_TODAY = 3, "2025-09-15"
LOGIN_CALLS = ["FonctionParametres", "Identification", "Authentification", "ParametresUtilisateur"]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def md5(data):
    return hashlib.md5(data).digest()


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
            "iv_temp": IV_TEMP.hex(),
            "encryption": cra,
            "compression": coa,
        },
        "page": page(cra, coa),
        "calls": calls,
    }


def record_self_test(tool, version, modules, cra, coa):
    """The official client against headless.js's own mock (2025.1.3 and later)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "traffic.json")
        env = dict(os.environ, PMJS=modules, FIXED="1", OUT=out, CRA="1" if cra else "0", COA="1" if coa else "0")
        run = subprocess.run(
            ["node", "headless.js", "--self-test"], cwd=tool, env=env, capture_output=True, text=True, timeout=180
        )
        summary = json.loads(run.stdout.strip().splitlines()[-1])
        if not summary["loggedIn"]:
            raise SystemExit(f"{version}: the official client did not log in: {summary['error']}")
        with open(out, encoding="utf-8") as f:
            traffic = json.load(f)
    return convert(traffic, cra, coa, version)


# ---------------- before 2025.1.3: the official client against pronote-server ----------------

# The 2024.3.x envelope and payload keys (PROTOCOL.md section 1).
ORDER, FUNCTION, SECURE, DATA = "numeroOrdre", "nom", "donneesSec", "data"


class Recording(http.server.ThreadingHTTPServer):
    """A proxy in front of pronote-server keeping every exchange in order."""

    def __init__(self, upstream, drop_from_page=None):
        super().__init__(("127.0.0.1", 0), ProxyHandler)
        self.upstream = urllib.parse.urlsplit(upstream)
        self.drop_from_page = drop_from_page
        self.page_error = None
        self.exchanges = []
        self.lock = threading.Lock()


class ProxyHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        up = self.server.upstream
        conn = http.client.HTTPConnection(up.hostname, up.port, timeout=60)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection", "accept-encoding")}
        conn.request(self.command, self.path, body=body if self.command == "POST" else None, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        drop = self.server.drop_from_page
        if drop and self.command == "GET" and self.path.startswith("/pronote/eleve.html"):
            if data.count(drop) != 1:
                self.server.page_error = f"the page does not hold {drop.decode()!r} once"
            data = data.replace(drop, b"")
        with self.server.lock:
            self.server.exchanges.append(
                {"method": self.command, "path": self.path, "request": body, "status": resp.status, "response": data}
            )
        self.send_response(resp.status)
        for k, v in resp.getheaders():
            if k.lower() not in ("content-length", "connection", "transfer-encoding", "date", "server"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)
        conn.close()

    do_GET = do_POST = forward


def aes(key, iv):
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    return Cipher(algorithms.AES(key), modes.CBC(iv))


def decrypt(data, key, iv):
    from cryptography.hazmat.primitives import padding

    dec = aes(key, iv).decryptor()
    padded = dec.update(data) + dec.finalize()
    unpad = padding.PKCS7(128).unpadder()
    return unpad.update(padded) + unpad.finalize()


def inflate(data):
    return zlib.decompress(data, -15)


def open_request(field, cra, coa, key, iv):
    """A request's secure field, as the protocol reads it (PROTOCOL.md section 4)."""
    if isinstance(field, dict):
        return field
    raw = bytes.fromhex(field)
    if cra:
        raw = decrypt(raw, key, iv)
    if coa:
        raw = inflate(raw)
        if not raw.startswith(b"{"):
            raw = bytes.fromhex(raw.decode("ascii"))
    return json.loads(raw.decode("utf-8"))


def open_reply(field, cra, coa, key, iv):
    if isinstance(field, dict):
        return field
    raw = bytes.fromhex(field)
    if cra:
        raw = decrypt(raw, key, iv)
    if coa:
        raw = inflate(raw)
    return json.loads(raw.decode("utf-8"))


def order_number(hex_text, key, iv):
    return int(decrypt(bytes.fromhex(hex_text), key, iv).decode("ascii"))


def server_binary():
    if os.environ.get("PRONOTE_SERVER"):
        return os.environ["PRONOTE_SERVER"]
    subprocess.run(["cargo", "build", "-q", "-p", "pronote-server", "--bin", "pronote-server"], cwd=ROOT, check=True)
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
    return os.path.join(target, "debug", "pronote-server")


def run_against_server(tool, server, version, modules, cra, coa):
    """Runs the official client through the proxy; returns the exchanges and the server's command line."""
    args = ["--listen", "127.0.0.1:0", "--version", version, "--seed", str(SERVER_SEED), "--today", SERVER_TODAY]
    args += [] if cra else ["--no-encryption"]
    # Compression without encryption: the official client then sends and
    # reads the secure field as a plain object whatever sCoA says, and
    # pronote-server deflates its replies whenever compression is on, which
    # that client cannot read (it stops at FonctionParametres). So the server
    # runs with neither, and the proxy takes `sCoA:true` out of its page:
    # the client sees the noenc page, the server answers as it must.
    drop = b",sCoA:true" if coa and not cra else None
    args += [] if coa and not drop else ["--no-compression"]
    proc = subprocess.Popen([server] + args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        first = proc.stdout.readline().strip()
        if " at " not in first:
            raise SystemExit(f"pronote-server {' '.join(args)} did not start: {first!r}")
        proxy = Recording(first.split(" at ", 1)[1], drop)
        threading.Thread(target=proxy.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{proxy.server_address[1]}/pronote/eleve.html"
        env = dict(os.environ, PMJS=modules, FIXED="1")
        env.pop("OUT", None)
        run = subprocess.run(
            ["node", "headless.js", url, SERVER_USERNAME, SERVER_PASSWORD],
            cwd=tool,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        proxy.shutdown()
        proxy.server_close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    if proxy.page_error:
        raise SystemExit(f"{version}: {proxy.page_error}")
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    if not summary["loggedIn"]:
        raise SystemExit(f"{version}: the official client did not log in: {summary['error']}")
    command = "pronote-server " + " ".join(args[2:])
    if drop:
        command += f" (its page without `{drop.decode()}`)"
    return proxy.exchanges, command


def record_against_server(tool, server, version, modules, cra, coa):
    exchanges, command = run_against_server(tool, server, version, modules, cra, coa)
    pages = [x for x in exchanges if x["method"] == "GET" and x["path"].startswith("/pronote/eleve.html")]
    if len(pages) != 1 or pages[0]["status"] != 200:
        raise SystemExit(f"{version}: expected one page GET, got {[(x['path'], x['status']) for x in pages]}")
    posts = [x for x in exchanges if x["method"] == "POST"]
    names = [json.loads(x["request"]).get(FUNCTION) for x in posts]
    if names[: len(LOGIN_CALLS)] != LOGIN_CALLS:
        raise SystemExit(f"{version}: the login's calls were {names}")

    key_bytes, iv = b"", bytes(16)
    iv_temp = login_key = None
    calls = []
    for n, (x, name) in enumerate(zip(posts, LOGIN_CALLS)):
        if x["status"] != 200:
            raise SystemExit(f"{version} {name}: HTTP {x['status']}")
        request_text = x["request"].decode("utf-8")
        envelope = json.loads(request_text)
        key = md5(key_bytes)
        # The order number, in the URL and in the body: the client's 1, 3, 5, 7.
        url = x["path"].removeprefix("/pronote/")
        for where, text in (("URL", url.rsplit("/", 1)[1]), ("body", envelope[ORDER])):
            got = order_number(text, key, iv)
            if got != 2 * n + 1:
                raise SystemExit(f"{version} {name}: order number in the {where} is {got}, not {2 * n + 1}")
        plain = open_request(envelope[SECURE], cra, coa, key, iv)
        request_iv = iv
        if name == "FonctionParametres":
            iv_temp = base64.b64decode(plain[DATA]["Uuid"])
            if iv_temp != IV_TEMP:
                raise SystemExit(f"{version}: the client's iv_temp is {iv_temp.hex()}: FIXED=1 did not hold")
            iv = md5(iv_temp)  # the reply is already read with it
        if name == "Authentification":
            # The client's challenge answer must open under the login key.
            decrypt(bytes.fromhex(plain[DATA]["challenge"]), login_key, iv)
        reply = json.loads(x["response"].decode("utf-8"))
        if order_number(reply[ORDER], key, iv) != 2 * n + 2:
            raise SystemExit(f"{version} {name}: the reply's order number is not {2 * n + 2}")
        reply_plain = open_reply(reply[SECURE], cra, coa, key, iv)
        calls.append(
            {
                "function": name,
                "url": url,
                "request_body": request_text,
                "request_plain": plain,
                "request_key": key.hex(),
                "request_iv": request_iv.hex(),
                "response_body": x["response"].decode("utf-8"),
                "reply_plain": reply_plain,
                "reply_key": key.hex(),
                "reply_iv": iv.hex(),
            }
        )
        data = reply_plain.get(DATA, {})
        if name == "Identification":
            user = SERVER_USERNAME.lower() if data.get("modeCompLog") else SERVER_USERNAME
            password = SERVER_PASSWORD.lower() if data.get("modeCompMdp") else SERVER_PASSWORD
            digest = hashlib.sha256((data.get("alea", "") + password).encode("utf-8")).hexdigest().upper()
            login_key = md5((user + digest).encode("utf-8"))
        if name == "Authentification":
            if "cle" not in data:
                raise SystemExit(f"{version}: Authentification refused: {data}")
            cle = decrypt(bytes.fromhex(data["cle"]), login_key, iv).decode("ascii")
            key_bytes = bytes(int(b) for b in cle.split(","))
    return {
        "_meta": {
            "generator": "conformance/vectors/record_official.py (see its docstring)",
            "client": f"official PRONOTE web client {version}, driven by headless.js against `{command}`",
            "username": SERVER_USERNAME,
            "password": SERVER_PASSWORD,
            "iv_temp": IV_TEMP.hex(),
            "encryption": cra,
            "compression": coa,
        },
        "page": pages[0]["response"].decode("utf-8"),
        "calls": calls,
    }


def main():
    out_dir = sys.argv[1]
    tool = os.environ["OCC"]
    server = None
    for spec in sys.argv[2:]:
        version, modules = spec.split("=", 1)
        by_self_test = tuple(int(p) for p in version.split(".")) >= (2025, 1, 3)
        if not by_self_test and server is None:
            server = server_binary()
        for tag, (cra, coa) in FLAGS.items():
            if by_self_test:
                record = record_self_test(tool, version, modules, cra, coa)
            else:
                record = record_against_server(tool, server, version, modules, cra, coa)
            path = os.path.join(out_dir, f"{version}-{tag}.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(record, f, ensure_ascii=False, indent=1, sort_keys=True)
                f.write("\n")
            print(f"{path}: {len(record['calls'])} calls")


if __name__ == "__main__":
    main()
