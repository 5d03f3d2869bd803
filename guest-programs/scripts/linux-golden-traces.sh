#!/usr/bin/env bash
# Runs every guest of trace-tests.txt under cheri-emu with --trace and either writes its golden trace
# expected/trace/linux/<name>.trace ("write") or compares with it ("check"). The same runs as
# emulator/src/test/java/org/cheriemu/emulator/cli/LinuxTraceTest.java.
set -euo pipefail
mode="${1:-check}"
cd "$(dirname "$0")/.."
emu=../cheri-emu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

while IFS= read -r line || [ -n "$line" ]; do
  line="${line%%#*}"
  read -r -a words <<<"$line" || true
  [ ${#words[@]} -eq 0 ] && continue
  name="${words[0]}" want="${words[1]}" options=("${words[@]:2}")
  out="$tmp/$name.trace"
  status=0
  "$emu" run --seed 1 --pid 1000 --clear-env --argv0 "$name" --trace "$out" "${options[@]}" "build/cheri/$name" \
    </dev/null >/dev/null 2>"$tmp/$name.err" || status=$?
  if [ "$status" != "$want" ]; then
    echo "$name: exit status $status, want $want" >&2
    cat "$tmp/$name.err" >&2
    failures=$((failures + 1))
    continue
  fi
  golden="expected/trace/linux/$name.trace"
  if [ "$mode" = write ]; then
    cp "$out" "$golden"
    echo "$golden: $(wc -l <"$golden") lines, $(wc -c <"$golden") bytes"
  elif ! diff -u "$golden" "$out" >"$tmp/$name.diff"; then
    echo "$name: the trace differs from $golden:" >&2
    head -20 "$tmp/$name.diff" >&2
    failures=$((failures + 1))
  fi
done <trace-tests.txt

[ "$failures" -eq 0 ] || { echo "$failures guest(s) failed" >&2; exit 1; }
