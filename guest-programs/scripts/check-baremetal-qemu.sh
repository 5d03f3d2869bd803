#!/usr/bin/env bash
# Optional peer check of the non-CHERI bare-metal guests on qemu-system-riscv64 (Debian: qemu-system-misc),
# when it is installed; nothing in the build depends on it. The virt board has no HTIF, so mu_test runs on
# QEMU's spike board (same RAM base, HTIF tohost). Expected statuses are QEMU 7.2's: mu_test fails its case 11
# there (QEMU keeps mepc bit 0, which the privileged spec says is always zero); cheri-emu must pass it (exit 0).
set -uo pipefail
cd "$(dirname "$0")/.."
qemu="${QEMU_SYSTEM:-qemu-system-riscv64}"
if ! command -v "$qemu" >/dev/null; then
  echo "check-baremetal: $qemu not installed, skipped"
  exit 0
fi
fail=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
run() { # name board expected-status; the UART output must equal expected/baremetal/<name>.stdout
  local out status
  timeout 20 "$qemu" -M "$2" -bios none -nographic -m 128M -kernel "build/baremetal/$1" </dev/null >"$tmp" 2>/dev/null
  status=$?
  out=$(cat "$tmp")
  if [ "$status" -eq "$3" ] && cmp -s "$tmp" "expected/baremetal/$1.stdout"; then
    printf 'ok    %-14s on %-5s exit %s\n' "$1" "$2" "$status"
  else
    printf 'FAIL  %-14s on %-5s exit %s, expected %s; output:\n%s\n' "$1" "$2" "$status" "$3" "$out"
    fail=1
  fi
}
run uart_hello virt 0
run finisher_fail virt 3
run mu_test spike 11
exit $fail
