# Shared by scripts/demo and scripts/test: install what is missing, configure and build.
# Sourced, not run. Honours SWITCHYARD_BUILD_DIR (default: build/ in the project root).

set -euo pipefail
PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD_DIR="${SWITCHYARD_BUILD_DIR:-$PROJECT_ROOT/build}"

# Debian 12 packages to build the engine, the CLI and the GUI.
BUILD_PACKAGES=(build-essential cmake ninja-build pkg-config mold
  qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6svg6 libqt6opengl6-dev libxkbcommon-dev libgl-dev qtkeychain-qt6-dev
  libsqlite3-dev sqlite3 libcurl4-openssl-dev nlohmann-json3-dev libcli11-dev
  libre2-dev libpcre2-dev libcpp-httplib-dev libsimdjson-dev libxxhash-dev libdtl-dev
  fonts-dejavu-core ca-certificates
  librsvg2-bin python3)  # the package's PNG icons and man pages are made at build time
# Extra packages for the test suite (GoogleTest, Google Benchmark; yaml-cpp and PyYAML read the
# LiteLLM export; node for tokenizer parity);
# Xvfb, xauth and xdotool for the real-input drag test (tests/ui/xdrag_test.sh); dbus,
# gnome-keyring and libsecret-tools: a real Secret Service for the keychain test (settings_test.sh).
# desktop-file-utils, appstream, libxml2-utils, shared-mime-info and libglib2.0-bin (gio) validate
# the desktop entry, the metainfo and the MIME type; man-db renders the man pages; lintian checks
# the .deb in the install test (tests/packaging/install_test.sh).
TEST_PACKAGES=(libgtest-dev libgmock-dev libbenchmark-dev libyaml-cpp-dev python3 python3-jsonschema python3-yaml
  xvfb xauth xdotool dbus gnome-keyring libsecret-tools
  desktop-file-utils appstream libxml2-utils shared-mime-info libglib2.0-bin man-db lintian
  json-schema-test-suite)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Stage timing: `stage NAME` ends the running stage (printing its wall time and the CPU its
# child processes used) and starts NAME; `stage_summary` ends the last one and prints them all.
# CI keeps only a failed run's log, so every run prints where its time went (scripts/test calls
# stage_summary from its EXIT trap, so a failed stage prints the table too).
_stage_name=""; _stage_start=0; _stage_cpu=0; _stage_lines=()
# CPU seconds of this shell's finished children: cutime + cstime, fields 16 and 17 of
# /proc/PID/stat (proc(5)), in clock ticks. $$ is this shell even inside $(...).
_children_cpu() {
  local fields; read -ra fields < "/proc/$$/stat"
  echo $(( (fields[15] + fields[16]) / $(getconf CLK_TCK) ))
}
stage() {
  local now cpu; now=$(date +%s); cpu=$(_children_cpu)
  if [ -n "$_stage_name" ]; then
    local line; line=$(printf '%-34s %5d s wall %6d s CPU' "$_stage_name" $((now-_stage_start)) $((cpu-_stage_cpu)))
    _stage_lines+=("$line"); say "stage done: $line"
  fi
  _stage_name="$*"; _stage_start=$now; _stage_cpu=$cpu
}
stage_summary() {
  stage ""
  say "Where the time went"
  printf '  %s\n' "${_stage_lines[@]}"
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "Need root to install packages: run as root or install sudo." >&2; exit 1
  fi
}

# Installs the given Debian packages that are not installed yet; does nothing when all are.
install_missing() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing ${#missing[@]} Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}

# scripts/test's clang tools: clang with libFuzzer and the sanitizer runtimes (the sanitizer tree)
# and clang-format (the formatting check); clang-tidy for scripts/tidy, the last stage.
CLANG_PACKAGES=(clang libclang-rt-14-dev clang-format-14 clang-tidy-14)

# node and npm for the tokenizer parity test; any node >= 18 will do (Debian 12 ships 18).
install_node_if_missing() {
  if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then return 0; fi
  install_missing nodejs npm
}

configure_and_build() {
  say "Configuring in $BUILD_DIR"
  cmake -S "$PROJECT_ROOT" -B "$BUILD_DIR" -G Ninja "$@" >/dev/null
  say "Building"
  cmake --build "$BUILD_DIR"
}
