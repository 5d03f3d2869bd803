#!/usr/bin/env bash
# Benchmarks cheri-emu against qemu-riscv64 on the benchmark guests (guest-programs/bench/*.c).
#
#   bench/run.sh [-n RUNS] [-o OUTDIR] [-t TIMEOUT] [GUEST ...]
#
# For each guest, both engines run the same static binary RUNS times (default 5), interleaved, in this one
# invocation, and the script reports medians: cheri-emu's retired instructions and MIPS (parsed from the
# stderr of `cheri-emu run --stats --json`), cheri-emu's wall time, qemu-riscv64's wall time, and the ratio of the
# two wall times. It also checks that cheri-emu printed the same stdout as qemu-riscv64. When cheri-emu is
# missing, fails, times out or prints no statistics, its columns read n/a and the qemu column still counts.
#
# Output: a Markdown table on stdout and in OUTDIR/bench.md, and OUTDIR/bench.json (default OUTDIR:
# bench/results). Environment: CHERI_EMU (default ./cheri-emu), QEMU (default qemu-riscv64).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"

runs=5 outdir="bench/results" timeout_s=600
while getopts "n:o:t:h" opt; do
  case "$opt" in
    n) runs="$OPTARG" ;;
    o) outdir="$OPTARG" ;;
    t) timeout_s="$OPTARG" ;;
    *) sed -n '2,16p' "$0"; exit 64 ;;
  esac
done
shift $((OPTIND - 1))
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: -n needs a positive count" >&2; exit 64; }

emu="${CHERI_EMU:-./cheri-emu}"
qemu="${QEMU:-qemu-riscv64}"

make -s -C guest-programs >&2
if [ $# -gt 0 ]; then guests=("$@"); else
  guests=()
  for f in guest-programs/bench/*.c; do guests+=("$(basename "$f" .c)"); done
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now_ns() { date +%s%N; }

# median of the numbers given as arguments (n/a when there are none)
median() {
  [ $# -eq 0 ] && { echo n/a; return; }
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Parsers for `cheri-emu run --stats --json` stderr: {"instructions":N,"seconds":S,"mips":M,"status":X}.
parse_instret() {
  grep -o '"instructions":[0-9]*' "$1" | head -n 1 | sed 's/^[^0-9]*//' || true
}
parse_mips() {
  grep -o '"mips":[0-9.]*' "$1" | head -n 1 | sed 's/^[^0-9]*//' | awk '{printf "%.1f", $1}' || true
}

emu_ok=1
if ! command -v "$emu" >/dev/null 2>&1 && [ ! -x "$emu" ]; then
  echo "run.sh: $emu not found: cheri-emu columns will read n/a" >&2
  emu_ok=0
else
  # The launcher builds the jar on first use; do that outside the timed runs.
  "$emu" --help >/dev/null 2>&1 || true
fi
command -v "$qemu" >/dev/null || { echo "run.sh: $qemu not found" >&2; exit 69; }

json_rows=() md_rows=()
for g in "${guests[@]}"; do
  bin="guest-programs/build/bench/$g"
  [ -x "$bin" ] || { echo "run.sh: no benchmark guest $bin" >&2; exit 64; }
  echo "== $g ($runs runs each)" >&2
  q_times=() e_times=() e_instret=() e_mips=() e_rate=() e_fail="" same=""
  "$qemu" "$bin" >"$tmp/$g.qemu.out"
  for ((r = 1; r <= runs; r++)); do
    t0=$(now_ns)
    "$qemu" "$bin" >/dev/null
    t1=$(now_ns)
    q_times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", (b - a) / 1e9 }')")
    if [ $emu_ok -eq 1 ] && [ -z "$e_fail" ]; then
      t0=$(now_ns)
      status=0
      timeout "$timeout_s" "$emu" run --stats --json "$bin" >"$tmp/$g.emu.out" 2>"$tmp/$g.emu.err" || status=$?
      t1=$(now_ns)
      if [ $status -ne 0 ]; then
        e_fail="exit status $status"
        echo "   cheri-emu failed ($e_fail): $(tail -n 3 "$tmp/$g.emu.err" | tr '\n' ' ')" >&2
        continue
      fi
      secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", (b - a) / 1e9 }')
      e_times+=("$secs")
      n=$(parse_instret "$tmp/$g.emu.err")
      if [ -n "$n" ]; then
        e_instret+=("$n")
        e_rate+=("$(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.3f", n / s / 1e6 }')")
      fi
      m=$(parse_mips "$tmp/$g.emu.err")
      [ -n "$m" ] && e_mips+=("$m")
      if cmp -s "$tmp/$g.emu.out" "$tmp/$g.qemu.out"; then same=${same:-yes}; else same=no; fi
    fi
  done
  qm=$(median "${q_times[@]}")
  em=$(median "${e_times[@]+"${e_times[@]}"}")
  im=$(median "${e_instret[@]+"${e_instret[@]}"}")
  mm=$(median "${e_mips[@]+"${e_mips[@]}"}")
  rm_=$(median "${e_rate[@]+"${e_rate[@]}"}")
  [ "$im" != n/a ] && im=$(printf '%.0f' "$im")
  ratio=n/a
  [ "$em" != n/a ] && ratio=$(awk -v e="$em" -v q="$qm" 'BEGIN { printf "%.2f", e / q }')
  [ -n "$same" ] || same=n/a
  note="${e_fail:-}"
  [ $emu_ok -eq 1 ] || note="cheri-emu not found"
  md_rows+=("| $g | $im | $rm_ | $mm | $em | $qm | $ratio | $same | $note |")
  js() { if [ "$1" = n/a ]; then echo null; else echo "$1"; fi; }
  jstr() { if [ "$1" = n/a ] || [ -z "$1" ]; then echo null; else printf '"%s"' "$1"; fi; }
  json_rows+=("$(printf '{"guest":"%s","runs":%d,"cheri_emu":{"instret":%s,"mips_wall":%s,"mips_reported":%s,"wall_s":%s,"output_matches_qemu":%s,"error":%s},"qemu_riscv64":{"wall_s":%s},"wall_ratio_emu_over_qemu":%s}' \
    "$g" "$runs" "$(js "$im")" "$(js "$rm_")" "$(js "$mm")" "$(js "$em")" \
    "$(case $same in yes) echo true ;; no) echo false ;; *) echo null ;; esac)" "$(jstr "$note")" "$(js "$qm")" "$(js "$ratio")")")
done

mkdir -p "$outdir"
load_end=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo n/a)
{
  echo "Medians of $runs runs per engine, measured in one run on $(uname -m) ($(nproc) cores, load average $load_end at the end), $(date -u +%Y-%m-%dT%H:%MZ)."
  echo "MIPS (wall) = retired instructions / cheri-emu wall time, start-up included; MIPS (reported) = cheri-emu's own --stats figure."
  echo
  echo "| guest | instret | MIPS (wall) | MIPS (reported) | cheri-emu s | qemu-riscv64 s | cheri-emu / qemu | same output | note |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|---|"
  printf '%s\n' "${md_rows[@]}"
} | tee "$outdir/bench.md"
{
  printf '{"runs":%d,"date":"%s","machine":"%s","cores":%d,"load_average_at_end":%s,"results":[' "$runs" \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(uname -m)" "$(nproc)" "$( [ "$load_end" = n/a ] && echo null || echo "$load_end")"
  (IFS=,; printf '%s' "${json_rows[*]}")
  printf ']}\n'
} >"$outdir/bench.json"
if command -v jq >/dev/null; then jq . "$outdir/bench.json" >"$tmp/pretty.json" && cp "$tmp/pretty.json" "$outdir/bench.json"; fi
echo "wrote $outdir/bench.md and $outdir/bench.json" >&2
