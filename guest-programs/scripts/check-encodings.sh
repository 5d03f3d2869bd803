#!/usr/bin/env bash
# Assembles every line of encodings/cheri-asm-vectors.txt with include/cheri-asm.h and compares the emitted
# words with the expected ones. Also checks that bad operands are rejected. Exits non-zero on any mismatch.
set -euo pipefail
cd "$(dirname "$0")/.."
CROSS="${CROSS:-riscv64-linux-gnu-}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

asm=() want=()
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in ''|'#'*) continue ;; esac
  a="${line%%|*}"; spec="${line#*|}"
  a="$(echo "$a" | sed 's/[[:space:]]*$//')"
  read -r -a fields <<<"$spec"
  if [[ "${fields[0]}" == 0x* ]]; then
    w=$(( ${fields[0]//_/} ))
  else
    w=0
    for f in "${fields[@]}"; do
      case "$f" in
        match=*) w=$(( w | ${f#match=} )) ;;
        rd=*)    w=$(( w | ((${f#rd=} & 31) << 7) )) ;;
        rs1=*)   w=$(( w | ((${f#rs1=} & 31) << 15) )) ;;
        rs2=*)   w=$(( w | ((${f#rs2=} & 31) << 20) )) ;;
        imm12=*) w=$(( w | ((${f#imm12=} & 0xfff) << 20) )) ;;
        simm12=*) v=$(( ${f#simm12=} & 0xfff )); w=$(( w | ((v >> 5) << 25) | ((v & 31) << 7) )) ;;
        *) break ;;
      esac
    done
  fi
  asm+=("$a"); want+=("$(printf '%08x' "$w")")
done <encodings/cheri-asm-vectors.txt

{
  echo '#include "cheri-asm.h"'
  echo '    .option norvc'
  echo '    .text'
  printf '    %s\n' "${asm[@]}"
} >"$tmp/all.S"
"${CROSS}gcc" -c -x assembler-with-cpp -Iinclude -march=rv64gc -o "$tmp/all.o" "$tmp/all.S"
"${CROSS}objdump" -d "$tmp/all.o" | sed -n 's/^ *[0-9a-f]*:[[:space:]]*\([0-9a-f]\{8\}\)[[:space:]].*/\1/p' >"$tmp/words"
mapfile -t got <"$tmp/words"

fail=0
if [ ${#got[@]} -ne ${#asm[@]} ]; then
  echo "check-encodings: assembled ${#got[@]} words for ${#asm[@]} vectors" >&2
  fail=1
fi
for i in "${!asm[@]}"; do
  g="${got[$i]:-missing}"
  if [ "$g" != "${want[$i]}" ]; then
    printf 'MISMATCH  %-34s got %s want %s\n' "${asm[$i]}" "$g" "${want[$i]}"
    fail=1
  fi
done

# Operands that must be rejected.
bad=('csetaddr ct0, ct0, foo' 'cgettag a0, cq7' 'csetboundsimm ct0, ct0, 4096' 'cincoffsetimm ct0, ct0, 2048'
     'cincoffset ct0, ct0, -2049' 'lc cbad, 0(t0)')
rejected=0
for b in "${bad[@]}"; do
  printf '#include "cheri-asm.h"\n    %s\n' "$b" >"$tmp/bad.S"
  if "${CROSS}gcc" -c -x assembler-with-cpp -Iinclude -march=rv64gc -o "$tmp/bad.o" "$tmp/bad.S" 2>/dev/null; then
    echo "NOT REJECTED  $b"
    fail=1
  else
    rejected=$((rejected + 1))
  fi
done

if [ $fail -ne 0 ]; then
  echo "check-encodings: FAILED"
  exit 1
fi
echo "check-encodings: ${#asm[@]} encodings match the reference, ${rejected} bad operands rejected"
