#!/usr/bin/env bash
# Derives expected/cheri/cheri_smoke.stdout from the source: one "ok    <what>" line per check() call (they run
# straight through main, in source order), then "0 failures". "write" writes it, "check" compares.
set -euo pipefail
cd "$(dirname "$0")/.."
want=$( { grep -o 'check("[^"]*\(\\"[^"]*\)*"' cheri/cheri_smoke.c | sed 's/^check("/ok    /; s/"$//'; echo "0 failures"; } )
if [ "${1:-check}" = write ]; then
  printf '%s\n' "$want" >expected/cheri/cheri_smoke.stdout
elif [ "$(cat expected/cheri/cheri_smoke.stdout)" != "$want" ]; then
  echo "expected/cheri/cheri_smoke.stdout is out of date: run make expected" >&2
  exit 1
fi
