#!/usr/bin/env bash
# Runs settings_test with or without a Secret Service, and fails if any byte of its output holds
# the test's fake API key.
#   settings_test.sh keychain BINARY  a private D-Bus session with GNOME Keyring unlocked
#   settings_test.sh none BINARY      no session bus at all: QtKeychain finds no keychain
# HOME and the XDG folders point into a scratch folder, so the keyring file and QSettings of
# the run never touch the user's own.
set -euo pipefail
mode="$1"
binary="$2"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home" "$scratch/data" "$scratch/config"
mkdir -m 700 "$scratch/runtime"
export HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" XDG_RUNTIME_DIR="$scratch/runtime"
status=0
case "$mode" in
  keychain)
    for tool in dbus-run-session gnome-keyring-daemon secret-tool; do
      command -v "$tool" >/dev/null || { echo "settings_test.sh: $tool is missing (scripts/lib/setup.sh TEST_PACKAGES)" >&2; exit 1; }
    done
    SWITCHYARD_TEST_SECRET_SERVICE=running dbus-run-session -- bash -c \
      'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$0"' "$binary" \
      >"$scratch/output" 2>&1 || status=$?
    ;;
  none)
    SWITCHYARD_TEST_SECRET_SERVICE=absent DBUS_SESSION_BUS_ADDRESS="unix:path=$scratch/no-such-bus" \
      "$binary" >"$scratch/output" 2>&1 || status=$?
    ;;
  *) echo "usage: settings_test.sh keychain|none BINARY" >&2; exit 2 ;;
esac
# dbus-daemon's notes about fd limits are noise here.
grep -v -e 'Failed to set fd limit' -e 'Activating service name' -e 'Successfully activated service' "$scratch/output" || true
if grep -q -F '7c1e94d2b05a6f38' "$scratch/output"; then
  echo "FAIL: the test's API key appears in its output" >&2
  exit 1
fi
exit "$status"
