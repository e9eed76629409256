#!/usr/bin/env bash
# Regenerates conformance/vectors/pronotepy/*.json: pronotepy's own traffic
# against pronote-server for every (pronotepy version, PRONOTE generation,
# encryption x compression) combination, with fixed randomness (see
# record_pronotepy.py). Needs python3 and network access to PyPI (one venv
# per pronotepy version under target/conformance/, shared with run.sh).
# The full-flags recordings go on to grades, averages and homework; the
# others stop after the lessons (the codec is what they are for).
#
#   conformance/vectors/generate.sh
#
# Then qr-codes.json: the server's QR codes opened by pronotepy (record_qr.py).
# The official client's traffic is recorded separately (record_official.py:
# it needs the proprietary modules).
#
# The output is deterministic: running it again gives the same files
# (except the server's clock in `dateServeurHttp`, which the tests ignore).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$ROOT/conformance/vectors/pronotepy
WORK=$ROOT/target/conformance
mkdir -p "$OUT" "$WORK"
(cd "$ROOT" && cargo build -q -p pronote-server --bin pronote-server)
BIN=$ROOT/target/debug/pronote-server

venv_for() { # pronotepy version -> python path
    local dir=$WORK/venv-pronotepy-$1
    if [ ! -x "$dir/bin/python" ]; then
        python3 -m venv "$dir" >/dev/null
        "$dir/bin/pip" install -q --disable-pip-version-check "pronotepy==$1" >/dev/null
    fi
    echo "$dir/bin/python"
}

for pair in 2.10.0:2022.0.2.4 2.13.1:2023.0.3.1 2.13.1:2024.3.8 2.14.3:2024.3.9 2.15.7:2025.2.6; do
    client=${pair%%:*}
    version=${pair#*:}
    py=$(venv_for "$client")
    for flags in "" "--no-encryption" "--no-compression" "--no-encryption --no-compression" "--http"; do
        case "$flags" in
            "") tag=full ;;
            "--no-encryption") tag=noenc ;;
            "--no-compression") tag=nocomp ;;
            "--no-encryption --no-compression") tag=plain ;;
            "--http") tag=http ;;
        esac
        file=$OUT/$client-$version-$tag.json
        echo "recording pronotepy $client against $version $flags"
        # shellcheck disable=SC2086
        calls=lessons
        [ "$tag" = full ] && calls=all
        RECORD_CALLS=$calls "$py" "$ROOT/conformance/vectors/record_pronotepy.py" "$BIN" "$file" -- --version "$version" $flags
    done
done

echo "recording pronote-server's QR codes opened by pronotepy 2.15.7"
"$(venv_for 2.15.7)" "$ROOT/conformance/vectors/record_qr.py" "$BIN" "$OUT/qr-codes.json"
