#!/usr/bin/env bash
# Runs every test: installs what is missing, builds the guest programs, then the Maven test suite.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
cd "$root"
. scripts/common.sh
find_jdk
ensure_debian_packages "${CHERIEMU_GUEST_PACKAGES[@]}"
ensure_native_libs
make -s -C guest-programs
# The native sweep-ceiling kernels (bench/sweep-ceiling.c) must both count the painted bases exactly.
if ! grep -qw avx512f /proc/cpuinfo; then
  echo "test.sh: no AVX-512F here, so the sweep-ceiling kernels are not checked" >&2
elif ! command -v cc >/dev/null; then
  echo "test.sh: no host C compiler (cc), so the sweep-ceiling kernels are not checked" >&2
else
  mkdir -p .build && cc -O3 -march=native -o .build/sweep-ceiling bench/sweep-ceiling.c && .build/sweep-ceiling 8 1 >/dev/null
fi
./mvnw -B -ntp verify "$@"
