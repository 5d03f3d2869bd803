# Native libraries for the Unicorn oracle and Capstone disassembly (sourced by scripts/common.sh).
#
#   ensure_native_libs [--once]
#       installs what is missing, quietly, and exports CHERIEMU_NATIVE_DIR: the project-local
#       folder the Java side searches first (it finds it as <cheriemu.root>/.build/native, or
#       through -Dcheriemu.native=DIR). With --once (the launcher), nothing is checked again
#       after the first attempt, successful or not, so a machine where apt cannot install pays
#       nothing and sees no message on later runs; delete .build/native to retry.
#
# libunicorn: Debian's libunicorn2 (2.0.1, has RISC-V 64), from the system's apt sources.
# libcapstone: version 5 (RISC-V support starts at 5; the Java bindings use the 5.x ABI, which 6
# renumbers). Debian 12 ships only 4.0.2, so when no system libcapstone.so.5 exists, Debian trixie's libcapstone5 package is fetched
# through apt (a private source list, never touching the system's) and unpacked into
# .build/native/ (git-ignored). The trixie build needs nothing newer than bookworm's glibc.
#
# A failure here is not fatal: the features that need a library say so when run (exit 69),
# and everything else keeps working.

CHERIEMU_NATIVE_RELEASE=trixie

# Prints the path of a system libcapstone 5 (the ABI the Java bindings use), or nothing.
_system_capstone5() {
  local dir lib
  for dir in /usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib; do
    for lib in "$dir"/libcapstone.so.5*; do
      [ -e "$lib" ] && { echo "$lib"; return 0; }
    done
  done
  return 0
}

# Fetches libcapstone5 from Debian $CHERIEMU_NATIVE_RELEASE into $1 (a folder). Quiet; logs to $1.log.
_fetch_capstone5() {
  local dest="$1" tmp log="$1.log" deb
  tmp=$(mktemp -d)
  mkdir -p "$tmp/lists/partial" "$tmp/archives/partial"
  echo "deb http://deb.debian.org/debian $CHERIEMU_NATIVE_RELEASE main" >"$tmp/sources.list"
  local apt_opts=(-q -o "Dir::Etc::SourceList=$tmp/sources.list" -o Dir::Etc::SourceParts=/dev/null
                  -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache=$tmp" -o "Dir::Cache::archives=$tmp/archives"
                  -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
  if (apt-get "${apt_opts[@]}" update && cd "$tmp" && apt-get "${apt_opts[@]}" download libcapstone5) >"$log" 2>&1; then
    deb=$(ls "$tmp"/libcapstone5_*.deb 2>/dev/null | head -n 1)
    if [ -n "$deb" ] && dpkg-deb -x "$deb" "$tmp/x" >>"$log" 2>&1; then
      mkdir -p "$dest"
      cp -P "$tmp"/x/usr/lib/*/libcapstone.so.5* "$dest"/ 2>>"$log"
    fi
  fi
  rm -rf "$tmp"
  ls "$dest"/libcapstone.so.5* >/dev/null 2>&1
}

ensure_native_libs() {
  local root="${CHERIEMU_ROOT:-$root}"
  export CHERIEMU_NATIVE_DIR="$root/.build/native"
  if [ "${1:-}" = --once ]; then
    [ -e "$CHERIEMU_NATIVE_DIR/.tried" ] && return 0
    mkdir -p "$CHERIEMU_NATIVE_DIR" && touch "$CHERIEMU_NATIVE_DIR/.tried"
  fi
  ensure_debian_packages libunicorn2 || echo "cheri-emu: libunicorn2 is missing: Unicorn features will be unavailable" >&2
  [ -n "$(_system_capstone5)" ] && return 0
  ls "$CHERIEMU_NATIVE_DIR"/libcapstone.so.5* >/dev/null 2>&1 && return 0
  mkdir -p "$root/.build"
  (
    exec 8>"$root/.build/native.lock"
    flock 8
    ls "$CHERIEMU_NATIVE_DIR"/libcapstone.so.5* >/dev/null 2>&1 && exit 0
    echo "cheri-emu: fetching libcapstone5 (Debian $CHERIEMU_NATIVE_RELEASE) into .build/native" >&2
    _fetch_capstone5 "$CHERIEMU_NATIVE_DIR" ||
      echo "cheri-emu: could not fetch libcapstone5 (log: .build/native.log): Capstone features will be unavailable" >&2
  )
  return 0
}
