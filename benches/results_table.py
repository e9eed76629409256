#!/usr/bin/env python3
"""Prints Markdown tables of the last `cargo bench -p pronote-benches` run.

Reads target/criterion/<group>/<function>/<size>/new/{estimates,benchmark}.json
and reports, per benchmark, the median time and the throughput at the
median. Usage: python3 benches/results_table.py [target/criterion]
"""

import json
import pathlib
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else
                    pathlib.Path(__file__).resolve().parent.parent / "target/criterion")

CODEC_GROUPS = ["encode_request", "decode_reply", "primitive"]
SIZES = ["1KB", "100KB", "1MB"]


def fmt_time(ns: float) -> str:
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def fmt_rate(per_sec: float, unit: str) -> str:
    if unit == "B":
        return f"{per_sec / (1 << 20):,.1f} MiB/s"
    return f"{per_sec / 1e6:,.2f} M/s"


def load(directory: pathlib.Path):
    bench = json.loads((directory / "new/benchmark.json").read_text())
    est = json.loads((directory / "new/estimates.json").read_text())
    median = est["median"]["point_estimate"]
    throughput = bench.get("throughput") or {}
    if "Bytes" in throughput:
        rate = fmt_rate(throughput["Bytes"] * 1e9 / median, "B")
        amount = throughput["Bytes"]
    elif "Elements" in throughput:
        rate = fmt_rate(throughput["Elements"] * 1e9 / median, "E")
        amount = None
    else:
        rate, amount = "", None
    return bench, median, rate, amount


def main():
    rows = {}
    sizes = {}
    other = []
    for est in sorted(ROOT.glob("**/new/benchmark.json")):
        directory = est.parent.parent
        bench, median, rate, amount = load(directory)
        group, function, value = bench["group_id"], bench.get("function_id"), bench.get("value_str")
        if group in CODEC_GROUPS and value in SIZES:
            rows.setdefault((group, function), {})[value] = (median, rate)
            if amount:
                sizes[value] = amount
        else:
            other.append((bench["full_id"], median, rate))

    print("| Benchmark | " + " | ".join(f"{s} ({sizes.get(s, '?'):,} B)" if isinstance(sizes.get(s), int) else s for s in SIZES) + " |")
    print("|---|" + "---:|" * len(SIZES))
    order = {g: i for i, g in enumerate(CODEC_GROUPS)}
    for (group, function), cells in sorted(rows.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
        line = f"| {group}/{function} |"
        for s in SIZES:
            if s in cells:
                median, rate = cells[s]
                line += f" {fmt_time(median)} · {rate} |"
            else:
                line += " |"
        print(line)
    print()
    print("| Benchmark | Median | Throughput |")
    print("|---|---:|---:|")
    for full_id, median, rate in other:
        print(f"| {full_id} | {fmt_time(median)} | {rate} |")


if __name__ == "__main__":
    main()
