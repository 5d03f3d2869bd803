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
  width=8
  if [[ "${fields[0]}" == 0x* ]]; then
    lit="${fields[0]//_/}"
    [ ${#lit} -eq 6 ] && width=4       # 0xXXXX: a 16-bit (compressed) instruction
    w=$(( lit ))
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
  asm+=("$a"); want+=("$(printf "%0${width}x" "$w")")
done <encodings/cheri-asm-vectors.txt

{
  echo '#include "cheri-asm.h"'
  echo '    .text'
  printf '    %s\n' "${asm[@]}"
} >"$tmp/all.S"
"${CROSS}gcc" -c -x assembler-with-cpp -Iinclude -march=rv64gc -o "$tmp/all.o" "$tmp/all.S"
# Read the .text bytes back in order, 2 or 4 bytes per vector (objdump would merge adjacent .2byte data).
"${CROSS}objcopy" -O binary -j .text "$tmp/all.o" "$tmp/all.bin"
read -r -a bytes <<<"$(od -An -v -tx1 "$tmp/all.bin" | tr -s ' \n' ' ')"
got=() pos=0
for i in "${!asm[@]}"; do
  if [ ${#want[$i]} -eq 4 ]; then n=2; else n=4; fi
  w=""
  for ((k = n - 1; k >= 0; k--)); do w="$w${bytes[$((pos + k))]:-??}"; done
  got+=("$w")
  pos=$((pos + n))
done

fail=0
if [ "$pos" -ne ${#bytes[@]} ]; then
  echo "check-encodings: the vectors assembled to ${#bytes[@]} bytes, expected $pos" >&2
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
     'cincoffset ct0, ct0, -2049' 'lc cbad, 0(t0)' 'c.clc ct0, cs0, 0' 'c.clc ca0, cs0, 8' 'c.clcsp cnull, 16'
     'c.cincoffset16csp 0' 'c.cincoffset4cspn ca0, 0' 'c.cjr cnull' 'c.cscsp ca0, 1024')
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

# ---- cheri.h: decode the CHERI instructions of every helper and compare with the expected sequence ----
# Decoder tables restated from the reference, section 3 (independent of cheri.h's own constants).
sel7f=(cgetperm cgettype cgetbase cgetlen cgettag cgetsealed cgetoffset cgetflags crrl cram cmove ccleartag
       jalr.cap "" cclear cgetaddr fpclear csealentry cloadtags "" jalr.pcc "" "" cgethigh cgettop)
declare -A f7name=([0x01]=cspecialrw [0x08]=csetbounds [0x09]=csetboundsexact [0x0b]=cseal [0x0c]=cunseal
  [0x0d]=candperm [0x0e]=csetflags [0x0f]=csetoffset [0x10]=csetaddr [0x11]=cincoffset [0x12]=ctoptr
  [0x13]=cfromptr [0x14]=csub [0x16]=csethigh [0x1d]=cbuildcap [0x1e]=ccopytype [0x1f]=ccseal
  [0x20]=ctestsubset [0x21]=csetequalexact)
declare -A ldname=([0]=lb.ddc [1]=lh.ddc [2]=lw.ddc [3]=ld.ddc [4]=lbu.ddc [5]=lhu.ddc [6]=lwu.ddc [8]=lb.cap
  [9]=lh.cap [10]=lw.cap [11]=ld.cap [12]=lbu.cap [13]=lhu.cap [14]=lwu.cap [23]=lc.ddc [31]=lc.cap)
declare -A stname=([0]=sb.ddc [1]=sh.ddc [2]=sw.ddc [3]=sd.ddc [4]=sc.ddc [8]=sb.cap [9]=sh.cap [10]=sw.cap
  [11]=sd.cap [12]=sc.cap)
decode() { # word (hex) -> name, or nothing for a non-CHERI instruction
  local w=$((16#$1)) op f3 f7 name
  op=$((w & 0x7f)); f3=$(((w >> 12) & 7)); f7=$(((w >> 25) & 0x7f))
  if [ $op -eq $((0x0f)) ] && [ $f3 -eq 2 ]; then echo lc; return; fi
  if [ $op -eq $((0x23)) ] && [ $f3 -eq 4 ]; then echo sc; return; fi
  [ $op -eq $((0x5b)) ] || return 0
  case $f3 in
    1) echo cincoffsetimm; return ;;
    2) echo csetboundsimm; return ;;
    0) ;;
    *) echo "illegal"; return ;;
  esac
  case $f7 in
    $((0x7f))) echo "${sel7f[$(((w >> 20) & 31))]:-illegal}" ;;
    $((0x7d))) echo "${ldname[$(((w >> 20) & 31))]:-illegal}" ;;
    $((0x7c))) echo "${stname[$(((w >> 7) & 31))]:-illegal}" ;;
    *) name="${f7name[$(printf '0x%02x' $f7)]:-illegal}"
       if [ "$name" = cspecialrw ]; then
         if [ $(((w >> 15) & 31)) -eq 0 ]; then name="$name:read"; else name="$name:write"; fi
         name="$name:$(((w >> 20) & 31))"
       fi
       echo "$name" ;;
  esac
}
"${CROSS}gcc" -O2 -march=rv64gc -mabi=lp64d -Iinclude -c -o "$tmp/h.o" encodings/cheri-h-check.c
"${CROSS}objdump" -d "$tmp/h.o" >"$tmp/h.dis"
declare -A seq=()
fn=""
while IFS= read -r l; do
  if [[ "$l" =~ ^[0-9a-f]+\ \<t_([a-z0-9_]+)\>:$ ]]; then fn="${BASH_REMATCH[1]}"; seq[$fn]=""; continue; fi
  [ -n "$fn" ] || continue
  if [[ "$l" =~ ^\ +[0-9a-f]+:[[:space:]]+([0-9a-f]{8})[[:space:]] ]]; then
    n=$(decode "${BASH_REMATCH[1]}")
    [ -n "$n" ] && seq[$fn]="${seq[$fn]:+${seq[$fn]} }$n"
  fi
done <"$tmp/h.dis"
hfail=0 hcount=0
while read -r name expected; do
  case "$name" in ''|'#'*) continue ;; esac
  hcount=$((hcount + 1))
  if [ "${seq[$name]-missing}" != "$expected" ]; then
    printf 'MISMATCH  cheri.h %-32s got [%s] want [%s]\n' "$name" "${seq[$name]-missing}" "$expected"
    hfail=1
  fi
done <encodings/cheri-h-sequences.txt
if [ $hfail -ne 0 ]; then
  echo "check-encodings: cheri.h FAILED"
  exit 1
fi
echo "check-encodings: ${hcount} cheri.h helpers emit the expected instruction sequences"
