#!/usr/bin/env bash
# The native ceiling of a dense revocation sweep on this host, beside cheri-emu's sweep-bench.
#
#   bench/sweep-ceiling.sh [-n PASSES] [-o OUTDIR] [HEAP_MIB ...]
#
# Builds bench/sweep-ceiling.c with the host's C compiler (-O3 -march=native; the AVX-512 kernel needs
# AVX-512F) and runs it for each heap size (default: 32 64 128 256 512 MiB): a flat array of capabilities, every
# granule tagged, swept by a scalar and an AVX-512 kernel, beside the host's read bandwidth over the same
# bytes, all in the same run (medians of PASSES passes, default 11). Then `cheri-emu sweep-bench
# --pointer-density 1` at the same heap sizes, so the table shows how close the emulator's sweep comes to what
# the hardware allows. sweep-bench's heap covers 3/4 of its size in objects, so its bytes differ a little.
#
# Output: a Markdown table on stdout and in OUTDIR/sweep-ceiling.md (default OUTDIR: bench/results).
# Environment: CHERI_EMU (default ./cheri-emu), CC (default cc).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"

passes=11 outdir="bench/results"
while getopts "n:o:h" opt; do
  case "$opt" in
    n) passes="$OPTARG" ;;
    o) outdir="$OPTARG" ;;
    *) sed -n '2,14p' "$0"; exit 64 ;;
  esac
done
shift $((OPTIND - 1))
[[ "$passes" =~ ^[1-9][0-9]*$ ]] || { echo "sweep-ceiling.sh: -n needs a positive count" >&2; exit 64; }
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(32 64 128 256 512)
grep -qw avx512f /proc/cpuinfo || { echo "sweep-ceiling.sh: this host has no AVX-512F" >&2; exit 69; }

emu="${CHERI_EMU:-./cheri-emu}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"${CC:-cc}" -O3 -march=native -o "$tmp/sweep-ceiling" bench/sweep-ceiling.c

mkdir -p "$outdir"
{
  echo "| heap MiB | native scalar GiB/s | native AVX-512 GiB/s | native read GiB/s | AVX-512 / read | sweep-bench GiB/s | sweep-bench host read GiB/s | sweep-bench ratio |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
  for mib in "${sizes[@]}"; do
    IFS=$'\t' read -r _ scalar vector read _ vratio < <("$tmp/sweep-ceiling" "$mib" "$passes")
    bench=$("$emu" sweep-bench --heap "${mib}M" --pointer-density 1 --passes "$passes" 2>/dev/null)
    sweep=$(sed -n 's/^median sweep: \([0-9.]*\) GiB\/s.*/\1/p' <<<"$bench")
    host=$(sed -n 's/^host read bandwidth (long\[\] sum[^:]*: \([0-9.]*\) GiB\/s.*/\1/p' <<<"$bench")
    ratio=$(sed -n 's/^sweep \/ host read (long\[\] sum): \([0-9.]*\) wall.*/\1/p' <<<"$bench")
    echo "| $mib | $scalar | $vector | $read | $vratio | ${sweep:-n/a} | ${host:-n/a} | ${ratio:-n/a} |"
  done
} | tee "$outdir/sweep-ceiling.md"
