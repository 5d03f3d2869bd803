# Shared by ./cheri-emu and ./test.sh: find a JDK >= 25 and install missing Debian packages.
# Sourced, not run.

CHERIEMU_MIN_JAVA=25

# Prints the feature version of the JDK in $1 (from its release file), or nothing.
jdk_feature_version() {
  local release="$1/release"
  [ -x "$1/bin/java" ] && [ -f "$release" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
}

# Sets JAVA_HOME to a JDK >= 25: $JAVA_HOME first, then the usual JVM folders.
find_jdk() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* \
                   "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    version=$(jdk_feature_version "$candidate")
    if [ -n "$version" ] && [ "$version" -ge "$CHERIEMU_MIN_JAVA" ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "cheri-emu: no JDK >= $CHERIEMU_MIN_JAVA found (looked at JAVA_HOME and /usr/lib/jvm); install one, e.g. Temurin 25, and set JAVA_HOME" >&2
  return 1
}

# Installs the Debian packages named in $@ that are missing (quietly; uses sudo when not root).
ensure_debian_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "cheri-emu: installing Debian packages: ${missing[*]}" >&2
  local log
  log=$(mktemp)
  if ! { $sudo apt-get install -y -q "${missing[@]}" >"$log" 2>&1 ||
         { $sudo apt-get update -q >>"$log" 2>&1 && $sudo apt-get install -y -q "${missing[@]}" >>"$log" 2>&1; }; }; then
    tail -n 20 "$log" >&2
    echo "cheri-emu: could not install ${missing[*]} (see above)" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

# Debian packages the guests and the differential tests need.
CHERIEMU_GUEST_PACKAGES=(gcc-riscv64-linux-gnu libc6-dev-riscv64-cross binutils-riscv64-linux-gnu make qemu-user)
. "$(dirname "${BASH_SOURCE[0]}")/native-libs.sh"  # ensure_native_libs: libunicorn2, libcapstone5
