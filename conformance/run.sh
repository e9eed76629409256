#!/usr/bin/env bash
# Conformance: real public clients against pronote-server.
#
#   conformance/run.sh [pronotepy|pawnote|lycee|official|official-generations|all]
#
# Builds target/debug/pronote-server if needed (or uses $PRONOTE_SERVER_BIN),
# creates one venv per pronotepy version under target/conformance/, installs
# Pawnote 1.6.2 in conformance/pawnote/, then runs every (client, profile,
# flags) combination of the matrix below against a fresh server each time.
# Prints the client's error and the failing exchange on failure, and ends
# with "N passed, M failed" (client runs; each run prints its own tally of
# checks, with expected skips). Each server logs at info level to its own
# file, passed to the client as SERVER_LOG (refused logins are checked
# against it).
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ "$#" -gt 1 ]; then
    echo "usage: $0 [pronotepy|pawnote|lycee|official|official-generations|all]" >&2
    exit 2
fi
WHAT=${1:-all}
case "$WHAT" in
    pronotepy | pawnote | lycee | official | official-generations | all) ;;
    *)
        echo "unknown argument: $WHAT (expected pronotepy, pawnote, lycee, official, official-generations or all)" >&2
        exit 2
        ;;
esac
WORK=$ROOT/target/conformance
mkdir -p "$WORK"
BIN=${PRONOTE_SERVER_BIN:-$ROOT/target/debug/pronote-server}
if [ ! -x "$BIN" ] || [ -z "${PRONOTE_SERVER_BIN:-}" ]; then
    (cd "$ROOT" && cargo build -q -p pronote-server --bin pronote-server) || exit 1
fi

PASSED=0
FAILED=0
FAILURES=()

RUN=0
# The demo serves nothing dated after its today, which otherwise follows
# the real date: the checks' values are those of a fixed day, the last of
# the school year (the lycée's block sets its own).
DEMO_TODAY=${DEMO_TODAY:-2026-07-03}
start_server() { # args: pronote-server flags; sets SERVER_PID and URL
    RUN=$((RUN + 1))
    local log=$WORK/server.$$.$RUN.log
    SERVER_LOG=$WORK/server.$$.$RUN.err
    export SERVER_LOG
    rm -f "$log" "$SERVER_LOG"
    RUST_LOG=pronote_server=info NO_COLOR=1 "$BIN" --listen 127.0.0.1:0 --seed 3 --today "$DEMO_TODAY" "$@" >"$log" 2>"$SERVER_LOG" &
    SERVER_PID=$!
    URL=""
    for _ in $(seq 1 100); do
        URL=$(head -1 "$log" 2>/dev/null | sed -n 's/^PRONOTE demo instance at //p')
        [ -n "$URL" ] && break
        sleep 0.1
    done
    if [ -z "$URL" ]; then
        echo "server did not start: $(cat "$SERVER_LOG")"
        return 1
    fi
}

stop_server() {
    kill "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
}

record() { # name, status
    if [ "$2" -eq 0 ]; then
        PASSED=$((PASSED + 1))
        echo "PASS $1"
    else
        FAILED=$((FAILED + 1))
        FAILURES+=("$1")
        echo "FAIL $1"
    fi
}

venv_for() { # pronotepy version -> python path
    local v=$1 dir=$WORK/venv-pronotepy-$1
    if [ ! -x "$dir/bin/python" ]; then
        python3 -m venv "$dir" >/dev/null || return 1
        "$dir/bin/pip" install -q --disable-pip-version-check "pronotepy==$v" >/dev/null || return 1
    fi
    echo "$dir/bin/python"
}

run_pronotepy() { # pronotepy version, server flags...
    local v=$1; shift
    local py
    py=$(venv_for "$v") || { record "pronotepy $v (install)" 1; return; }
    start_server "$@" || { record "pronotepy $v [$*]" 1; return; }
    echo "=== pronotepy $v against $* ($URL)"
    timeout 300 "$py" "$ROOT/conformance/pronotepy_check.py" "$URL"
    record "pronotepy $v [$*]" $?
    stop_server
}

run_pawnote() { # server flags...
    start_server "$@" || { record "pawnote 1.6.2 [$*]" 1; return; }
    echo "=== pawnote 1.6.2 against $* ($URL)"
    timeout 300 node "$ROOT/conformance/pawnote/check.mjs" "$URL"
    record "pawnote 1.6.2 [$*]" $?
    stop_server
}

if [ "$WHAT" = all ] || [ "$WHAT" = pronotepy ]; then
    run_pronotepy 2.15.7 --version 2025.2.6
    run_pronotepy 2.15.7 --version 2025.1.3 --no-encryption --no-compression
    run_pronotepy 2.15.7 --version 2025.1.3 --no-compression
    run_pronotepy 2.15.7 --version 2025.2.6 --no-encryption
    run_pronotepy 2.15.7 --version 2026.2.5
    run_pronotepy 2.15.7 --version 2025.2.6 --http
    run_pronotepy 2.14.3 --version 2024.3.9
    run_pronotepy 2.14.3 --version 2024.3.9 --no-encryption --no-compression
    run_pronotepy 2.13.1 --version 2024.3.8
    run_pronotepy 2.13.1 --version 2023.0.3.1 --no-compression
    run_pronotepy 2.10.0 --version 2022.0.2.4
fi

if [ "$WHAT" = all ] || [ "$WHAT" = pawnote ]; then
    if [ ! -d "$ROOT/conformance/pawnote/node_modules/pawnote" ]; then
        (cd "$ROOT/conformance/pawnote" && npm install --silent --no-audit --no-fund >/dev/null) || record "pawnote (install)" 1
    fi
    # Every profile Pawnote speaks, with each encryption x compression
    # combination.
    for version in 2025.2.6 2025.1.3 2024.3.9 2024.3.8 2023.0.3.1; do
        run_pawnote --version "$version"
        run_pawnote --version "$version" --no-encryption
        run_pawnote --version "$version" --no-compression
        run_pawnote --version "$version" --no-encryption --no-compression
    done
    run_pawnote --version 2022.0.2.4
fi

# The second demo school (--school lycee): an uneven hour grid, semesters,
# superposed room changes, a canteen on some days. The checks read
# PRONOTE_SCHOOL for its demo values, those of a fixed day after the first
# semester.
if [ "$WHAT" = all ] || [ "$WHAT" = lycee ]; then
    if [ ! -d "$ROOT/conformance/pawnote/node_modules/pawnote" ]; then
        (cd "$ROOT/conformance/pawnote" && npm install --silent --no-audit --no-fund >/dev/null) || record "pawnote (install)" 1
    fi
    export PRONOTE_SCHOOL=lycee
    college_today=$DEMO_TODAY
    DEMO_TODAY=2026-06-01
    run_pronotepy 2.15.7 --school lycee --version 2025.2.6
    run_pronotepy 2.14.3 --school lycee --version 2024.3.9 --no-encryption
    run_pawnote --school lycee --version 2025.2.6
    run_pawnote --school lycee --version 2024.3.9 --no-compression
    unset PRONOTE_SCHOOL
    DEMO_TODAY=$college_today
fi

# ---- PRONOTE's official web client (conformance/official/) ----------------
# Needs the client's modules in $PRONOTE_WEB_CLIENT (proprietary: never in
# the repository, see conformance/official/README.md). Every space in
# $OFFICIAL_SPACES (default: all four) x server version x {encryption
# and compression, encryption only, neither}; one harness run each, clean
# when the login and every onglet show no failure sign.
run_official() { # space, server flags...
    local space=$1; shift
    local name="official client $space [$*]" user=demonstration
    [ "$space" = viescolaire ] && user=viescolaire
    start_server "$@" || { record "$name" 1; return; }
    local out=$WORK/official.$$.$RUN.json
    (cd "$ROOT/conformance/official" &&
        timeout 900 node harness.js "${URL}${space}.html" "$user" pronotevs) \
        >"$out" 2>"$out.err"
    local status=$?
    tail -1 "$out" | node -e '
        let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
            try {
                const r = JSON.parse(s);
                const bad = [r.login, ...r.pages].filter((p) => !p.clean);
                console.log(`    client ${r.client || "?"}, logged in: ${r.loggedIn}, onglets: ${r.onglets.join(",")}` +
                    (r.error ? `, error: ${r.error}` : ""));
                for (const p of bad) {
                    const signs = ["exceptions", "swallowed", "messages", "errorPages", "alerts", "consoleErrors"]
                        .flatMap((k) => p[k].map((x) => `${k}: ${x.slice(0, 200)}`));
                    console.log(`    onglet ${p.onglet === null ? "(login)" : p.onglet}: ${signs[0] || "not reached or failed request"}`);
                }
            } catch (e) { console.log("    no summary (see " + process.argv[1] + ")"); }
        });' "$out.err"
    record "$name" $status
    stop_server
}

official_setup() { # jsdom, once
    if [ ! -d "$ROOT/conformance/official/node_modules/jsdom" ]; then
        (cd "$ROOT/conformance/official" && npm install --silent --no-audit --no-fund >/dev/null) ||
            { record "official client (npm install)" 1; return 1; }
    fi
}

official_client() {
    if [ -z "${PRONOTE_WEB_CLIENT:-}" ]; then
        echo "official client: skipped (PRONOTE_WEB_CLIENT not set)"
        return
    fi
    official_setup || return
    local space version flags
    for space in ${OFFICIAL_SPACES:-eleve parent professeur viescolaire}; do
        for version in 2025.1.3 2025.2.6; do
            for flags in "" "--no-compression" "--no-encryption" "--no-encryption --no-compression"; do
                # shellcheck disable=SC2086 # flags are words
                run_official "$space" --version "$version" $flags
            done
        done
    done
}

# Each server profile with the client of its own generation:
# PRONOTE_WEB_CLIENTS="2024.3.9=DIR 2025.1.3=DIR ..." (a profile, then the
# checkout of that generation's client), student and parent spaces, every
# flag combination. Run with `conformance/run.sh official-generations`.
official_generations() {
    if [ -z "${PRONOTE_WEB_CLIENTS:-}" ]; then
        echo "official client generations: skipped (PRONOTE_WEB_CLIENTS not set)"
        return
    fi
    official_setup || return
    local pair version space flags
    for pair in $PRONOTE_WEB_CLIENTS; do
        version=${pair%%=*}
        for space in eleve parent; do
            for flags in "" "--no-compression" "--no-encryption" "--no-encryption --no-compression"; do
                # shellcheck disable=SC2086 # flags are words
                PRONOTE_WEB_CLIENT=${pair#*=} run_official "$space" --version "$version" $flags
            done
        done
    done
}

if [ "$WHAT" = all ] || [ "$WHAT" = official ]; then
    official_client
fi
if [ "$WHAT" = official-generations ]; then
    official_generations
fi

echo
for f in "${FAILURES[@]}"; do echo "failed: $f"; done
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
