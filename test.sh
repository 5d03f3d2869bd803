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
./mvnw -B -ntp verify "$@"
