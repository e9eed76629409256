"""Runs the client workload (log in, two weeks of timetable, every period's
grades and averages, four weeks of homework; ROUNDS rounds in one process)
with each client against one pronote-server, and prints each client's
whole-process CPU time (user + system, from the kernel's accounting of the
finished child). The table in benches/RESULTS.md comes from this.

    python3 benches/workload/run.py [--rounds 20] [--repeat 3]
        [--pronotepy PYTHON] [--compat PYTHON] [--pawnote DIR] [--read] [--floor]

--pronotepy: a Python with pronotepy 2.15.7 installed (the conformance
setup makes one under target/conformance/venv-pronotepy-2.15.7);
--compat: a Python with this repository's `pronote` package installed
(maturin develop --profile wheel, the extension as wheels build it); --pawnote: a directory where `pawnote` is
installed (conformance/pawnote after the conformance setup). A client
whose interpreter is not given is skipped. The Rust program is
benches/examples/workload.rs, built in release mode here.

--floor adds benches/examples/workload_floor.rs: one round of the Rust
program recorded against a second server (the same data, sent in clear),
then replayed ROUNDS times against a replay server doing only the parts
no client can skip (blocking sockets, the payloads' hex, AES, deflate and
a serde_json read of every reply): the least CPU any client of this
workload can take on this machine; and the same parts with the exchanges
sent by pronote-transport's HyperTransport, what the HTTP stack adds, on
a runtime and blocking (its connections driven on the calling thread,
as the Python package's synchronous client sends).
With --compat, --floor also times the compat program's interpreter start
and imports alone.

Each repetition runs every client once, in turn; the table gives each
client's least CPU over the repetitions, and with --pronotepy also
pronotepy's CPU over the client's within each repetition, the median
of those: on a machine whose speed drifts, a pair measured seconds apart
compares like with like, where the two least values may come from
different spells.
"""

import argparse
import os
import resource
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_of(command, cwd=None):
    """Runs command to completion; its CPU seconds and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{command[0]} failed:\n{done.stdout}\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, done.stdout.strip()


def start_server(servers, *flags):
    """Starts a pronote-server of the workload's settings; its URL."""
    port = free_port()
    servers.append(subprocess.Popen(
        [str(ROOT / "target/release/pronote-server"), "--listen", f"127.0.0.1:{port}",
         "--version", "2025.2.6", "--seed", "7", "--today", "2025-11-18", *flags],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    ))
    time.sleep(1.0)
    return f"http://127.0.0.1:{port}/pronote/"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pronotepy")
    parser.add_argument("--compat")
    parser.add_argument("--pawnote")
    parser.add_argument("--read", action="store_true",
                        help="the Python programs also read the attributes a program would show")
    parser.add_argument("--floor", action="store_true",
                        help="also run the floor: the parts no client can skip, replayed")
    args = parser.parse_args()
    read = ["--read"] if args.read else []

    examples = ["workload", "workload_floor"] if args.floor else ["workload"]
    for target in (["-p", "pronote-server", "--bin", "pronote-server"],
                   ["-p", "pronote-benches", *(f"--example={e}" for e in examples)]):
        subprocess.run(["cargo", "build", "--release", "-q", *target], cwd=ROOT, check=True)
    servers = []
    script = None
    try:
        url = start_server(servers)
        clients = [("pronote-api (Rust)", [str(ROOT / "target/release/examples/workload"), url, str(args.rounds)], None)]
        if args.floor:
            floor = str(ROOT / "target/release/examples/workload_floor")
            recorded = ROOT / "target/workload_floor.json"
            clear_url = start_server(servers, "--no-encryption", "--no-compression")
            subprocess.run([floor, "capture", clear_url, str(recorded)], check=True, capture_output=True)
            replayer = subprocess.Popen([floor, "serve", str(recorded)], stdout=subprocess.PIPE, text=True)
            servers.append(replayer)
            address = replayer.stdout.readline().strip()
            clients.append(("floor (replayed parts)", [floor, "replay", address, str(recorded), str(args.rounds)], None))
            clients.append(("floor over HyperTransport", [floor, "replay-hyper", address, str(recorded), str(args.rounds)], None))
            clients.append(("floor over a blocking HyperTransport", [floor, "replay-blocking", address, str(recorded), str(args.rounds)], None))
        if args.compat:
            # The package's bytecode, as `pip install` leaves it beside an
            # installed package (pronotepy's): an editable install where
            # PYTHONDONTWRITEBYTECODE is set would compile the package
            # again in every run.
            package = subprocess.run(
                [args.compat, "-c", "import os, pronote; print(os.path.dirname(pronote.__file__))"],
                check=True, capture_output=True, text=True,
            ).stdout.strip()
            subprocess.run([args.compat, "-m", "compileall", "-q", package], check=True)
            clients.append(("pronote.compat (Python)", [args.compat, str(HERE / "pronotepy_workload.py"), url, str(args.rounds), "--compat", *read], None))
        if args.compat and args.floor:
            # What the compat program spends before its first round.
            clients.append(("compat's interpreter and imports", [args.compat, "-c", "import datetime; from pronote import compat"], None))
        if args.pronotepy:
            clients.append(("pronotepy 2.15.7", [args.pronotepy, str(HERE / "pronotepy_workload.py"), url, str(args.rounds), *read], None))
        if args.pawnote:
            # Node resolves `import "pawnote"` from the script's own folder:
            # run a copy placed where Pawnote is installed.
            script = Path(args.pawnote) / ".workload.mjs"
            script.write_text((HERE / "pawnote_workload.mjs").read_text())
            clients.append(("Pawnote 1.6.2", ["node", str(script), url, str(args.rounds)], args.pawnote))
        print(f"load average before: {os.getloadavg()}")
        # Rounds of one run of each client, so that the machine's drift
        # (this VM's speed moves by a third within minutes) reaches every
        # client alike instead of whichever ran last.
        runs = {name: [] for name, _, _ in clients}
        counts = {}
        for _ in range(args.repeat):
            for name, command, cwd in clients:
                cpu, out = cpu_of(command, cwd)
                runs[name].append(cpu)
                counts[name] = out
        results = {}
        for name, cpus in runs.items():
            results[name] = (min(cpus), counts[name])
            print(f"{name}: CPU {', '.join(f'{r:.3f}' for r in cpus)} s (min {min(cpus):.3f}); counts {counts[name]}")
        print(f"load average after: {os.getloadavg()}")
        base = results["pronote-api (Rust)"][0]
        reference = results.get("pronotepy 2.15.7", (None,))[0]
        # The clients of one repetition ran within seconds of each other:
        # their ratio is the one figure this VM's drift (the same program
        # takes half as long again within the hour) reaches alike.
        paired = {
            name: statistics.median(p / c for p, c in zip(runs["pronotepy 2.15.7"], cpus))
            for name, cpus in runs.items()
        } if reference else {}
        print("\n| Client | CPU s (min of runs) | × pronote-api | pronotepy ÷ client | the same, paired by repetition (median) |"
              "\n|---|---:|---:|---:|---:|")
        for name, (cpu, _) in results.items():
            against = f"{reference / cpu:.1f}" if reference else "—"
            pair = f"{paired[name]:.1f}" if reference else "—"
            print(f"| {name} | {cpu:.3f} | {cpu / base:.1f} | {against} | {pair} |")
    finally:
        if script is not None:
            script.unlink(missing_ok=True)
        for server in servers:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
