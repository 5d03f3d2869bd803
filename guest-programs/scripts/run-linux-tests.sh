#!/usr/bin/env bash
# Runs every guest of linux-tests.txt under qemu-riscv64 (the independent peer) and either writes
# expected/<name>.stdout and expected/<name>.status ("write") or compares with them ("check").
# "shifted" compares too, but runs each guest from a long path with a large extra environment variable and a
# different guest address-space size (-R), so that stack and mmap addresses move: output that depends on
# addresses (e.g. stale heap bytes holding pointers) shows up as a difference.
# Run from anywhere; paths in the manifest are relative to guest-programs/.
set -euo pipefail
mode="${1:-check}"
cd "$(dirname "$0")/.."
qemu="${QEMU:-qemu-riscv64}"
ulimit -c 0
failures=0 count=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

while IFS= read -r line || [ -n "$line" ]; do
  line="${line%%#*}"
  read -r -a words <<<"$line" || true
  [ ${#words[@]} -eq 0 ] && continue
  envs=() args=() stdin=/dev/null name=""
  i=0
  while [ $i -lt ${#words[@]} ]; do
    w="${words[$i]}"
    if [ -z "$name" ] && [[ "$w" == *=* ]]; then envs+=("$w")
    elif [ -z "$name" ]; then name="$w"
    elif [ "$w" = "<" ]; then i=$((i + 1)); stdin="${words[$i]}"
    else args+=("$w"); fi
    i=$((i + 1))
  done
  count=$((count + 1))
  status=0
  bin="build/linux/$name" extra=() qopts=()
  if [ "$mode" = shifted ]; then
    mkdir -p "$tmp/a-rather-long-directory-name/that-moves/the-initial-stack"
    bin="$tmp/a-rather-long-directory-name/that-moves/the-initial-stack/$name"
    cp "build/linux/$name" "$bin"
    extra=("CHERIEMU_PADDING=$(printf '%*s' 3000 '' | tr ' ' x)")
    qopts=(-R 0x100000000)
  fi
  # The subshell keeps bash's "Segmentation fault" job message out of the output.
  (env -i "${extra[@]}" "${envs[@]}" "$qemu" "${qopts[@]}" "$bin" "${args[@]}" <"$stdin" >"$tmp/$name.stdout" 2>"$tmp/$name.stderr"; exit $?) 2>/dev/null ||
    status=$?
  echo "$status" >"$tmp/$name.status"
  if [ "$mode" = write ]; then
    cp "$tmp/$name.stdout" "expected/$name.stdout"
    cp "$tmp/$name.status" "expected/$name.status"
    printf '%-12s status %3d, %6d bytes of stdout\n' "$name" "$status" "$(wc -c <"$tmp/$name.stdout")"
  elif cmp -s "$tmp/$name.stdout" "expected/$name.stdout" && cmp -s "$tmp/$name.status" "expected/$name.status"; then
    printf 'ok    %s\n' "$name"
  else
    printf 'FAIL  %s (status %s, expected %s)\n' "$name" "$status" "$(cat "expected/$name.status" 2>/dev/null || echo none)"
    diff "expected/$name.stdout" "$tmp/$name.stdout" | head -n 10 || true
    failures=$((failures + 1))
  fi
done <linux-tests.txt

if [ "$mode" != write ]; then
  echo "$((count - failures)) passed, $failures failed"
  [ "$failures" -eq 0 ]
fi
