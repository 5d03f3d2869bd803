#!/usr/bin/env bash
# What a revocation pass costs in a real guest, and how that grows with the heap and its pointer density.
#
#   bench/revocation.sh [-n RUNS] [-o OUTDIR] [-s "NODES ..."] [-r "REVOKER ..."]
#
# Runs the tree workload (guest-programs/runtime/rt_tree: a binary search tree under churn whose nodes hold two
# child capabilities) at several tree sizes and two densities: "dense" nodes of 56 bytes (2 capabilities in 3.5
# granules) and "sparse" nodes of 536 bytes (2 capabilities in 33.5 granules). Each configuration runs RUNS times
# (default 3) with each revoker (default: full capdirty loadbarrier) and --sweep-stats; the script reports medians
# over all passes of those runs: pass time, sweep time, bytes covered, pages visited and skipped, tagged granules
# inspected, capabilities revoked, modelled cache lines, sweep throughput, and the ratio of the median pass time to
# full's in the same run of the script (the peer). Times are the sweeping thread's CPU time, which leaves out what
# the host gave to other processes.
#
# Output: a Markdown table on stdout and in OUTDIR/revocation.md (default OUTDIR: bench/results).
# Environment: CHERI_EMU (default ./cheri-emu). Needs python3 for the medians.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"

runs=3 outdir="bench/results" sizes="4000 16000 64000" revokers="full capdirty loadbarrier"
while getopts "n:o:s:r:h" opt; do
  case "$opt" in
    n) runs="$OPTARG" ;;
    o) outdir="$OPTARG" ;;
    s) sizes="$OPTARG" ;;
    r) revokers="$OPTARG" ;;
    *) sed -n '2,15p' "$0"; exit 64 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "revocation.sh: -n needs a positive count" >&2; exit 64; }
command -v python3 >/dev/null || { echo "revocation.sh: python3 is needed for the medians" >&2; exit 69; }

emu="${CHERI_EMU:-./cheri-emu}"
make -s -C guest-programs >&2
mkdir -p "$outdir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for density in dense sparse; do
  payload=16; [ "$density" = sparse ] && payload=496
  for nodes in $sizes; do
    for run in $(seq 1 "$runs"); do
      for revoker in $revokers; do      # interleaved, so load changes hit every revoker alike
        log="$tmp/$density.$nodes.$revoker.$run.jsonl"
        if ! "$emu" run --revoker "$revoker" --sweep-stats "$log" guest-programs/build/runtime/rt_tree \
            "$nodes" 2 "$payload" >"$tmp/out" 2>"$tmp/err"; then
          echo "revocation.sh: rt_tree $nodes 2 $payload --revoker $revoker failed:" >&2
          cat "$tmp/err" >&2
          exit 70
        fi
        echo "$density $nodes $revoker: $(wc -l <"$log") passes" >&2
      done
    done
  done
done

python3 - "$tmp" "$sizes" "$revokers" >"$outdir/revocation.md" <<'EOF'
import json, pathlib, statistics, sys
tmp, sizes, revokers = pathlib.Path(sys.argv[1]), sys.argv[2].split(), sys.argv[3].split()
print("| heap | nodes | revoker | passes | pass ms (CPU) | sweep ms (CPU) | KiB covered | pages visited / skipped "
      "| granules inspected | revoked | cache lines | sweep GiB/s (CPU) | pass time / full |")
print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for density in ("dense", "sparse"):
    for nodes in sizes:
        medians = {}
        for revoker in revokers:
            passes = [json.loads(line) for f in sorted(tmp.glob(f"{density}.{nodes}.{revoker}.*.jsonl"))
                      for line in f.read_text().splitlines() if line.strip()]
            if not passes:
                print(f"| {density} | {nodes} | {revoker} | 0 | | | | | | | | | |")
                continue
            m = lambda k: statistics.median(p[k] for p in passes)
            medians[revoker] = m("cpuNanos")
            gib = statistics.median(p["bytesCovered"] / p["sweepCpuNanos"] * 1e9 / 2**30 for p in passes if p["sweepCpuNanos"] > 0)
            ratio = f"{medians[revoker] / medians['full']:.2f}" if "full" in medians else "n/a"
            print(f"| {density} | {nodes} | {revoker} | {len(passes)} | {m('cpuNanos') / 1e6:.2f} | {m('sweepCpuNanos') / 1e6:.2f} "
                  f"| {m('bytesCovered') / 1024:.0f} | {m('pagesVisited'):.0f} / {m('pagesSkipped'):.0f} "
                  f"| {m('granulesInspected'):.0f} | {m('revokedInMemory') + m('revokedInRegisters'):.0f} "
                  f"| {m('cacheLines'):.0f} | {gib:.2f} | {ratio} |")
EOF
cat "$outdir/revocation.md"
