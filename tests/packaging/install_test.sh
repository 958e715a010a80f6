#!/usr/bin/env bash
# The Debian package end to end, as a user gets it: builds the .deb from BUILD_DIR with CPack,
# checks it with lintian (no errors), installs it with `apt-get install ./switchyard_*.deb`, runs
# the installed programs as an unprivileged user (nobody) with no SWITCHYARD_RESOURCES, so they
# must find /usr/share/switchyard: --version of each, a route and a simulate on the installed demo
# (the same answers as the build tree's CLI on the source tree's demo), the GUI rendering every
# view offscreen, the man pages through man, the workspace MIME type and its default
# application. Then purges the package and every package apt pulled in for it, and checks that
# no file of the package is left and the list of installed packages is as before.
#
# Needs root (apt-get, dpkg). Exits 77 when not root or apt-get/lintian are missing.
# Usage: tests/packaging/install_test.sh BUILD_DIR       (BUILD_DIR built with the programs)
set -euo pipefail
build=$(cd "$1" && pwd)
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { printf '  - %s\n' "$*"; }

[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root (apt-get install, dpkg --purge)"; exit 77; }
for tool in apt-get dpkg-query lintian runuser gio man python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: $tool is not installed"; exit 77; }
done
if dpkg-query -W -f='${Status}' switchyard 2>/dev/null | grep -q 'install ok installed'; then
    fail "a switchyard package is already installed; this test would replace and then remove it"
fi

work=$(mktemp -d /tmp/switchyard-install-test.XXXXXX)
chmod 0755 "$work"
packages_before="$work/packages-before"
dpkg-query -W -f='${Package}:${Architecture} ${Status}\n' | awk '$NF == "installed" {print $1}' | sort >"$packages_before"
installed_new=""
cleanup() {
    if [ -n "$installed_new" ]; then
        DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq $installed_new >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

step "building the package with CPack"
(cd "$build" && cpack -G DEB -B "$work/cpack" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack"; }
deb=$(ls "$work"/cpack/switchyard_*.deb)
cp "$deb" "$work/"
deb="$work/$(basename "$deb")"
dpkg-deb -f "$deb" Depends | grep -q 'libc6' || fail "Depends has no computed library list: $(dpkg-deb -f "$deb" Depends)"

step "lintian: no errors and no warnings (the info-level tags accepted are in docs/packaging.md)"
lintian --fail-on error,warning "$deb" >"$work/lintian.txt" 2>&1 || { cat "$work/lintian.txt"; fail "lintian"; }
grep -v 'running with root privileges' "$work/lintian.txt" || true

step "apt-get install ./$(basename "$deb")"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get install"; }
dpkg-query -W -f='${Package}:${Architecture} ${Status}\n' | awk '$NF == "installed" {print $1}' | sort >"$work/packages-after"
installed_new=$(comm -13 "$packages_before" "$work/packages-after" | tr '\n' ' ')
echo "    installed: $installed_new"

# An ordinary user with an empty home: nothing from the build tree or the test environment.
home="$work/home"
mkdir -p "$home/runtime"
chmod 0700 "$home/runtime"
chown -R nobody "$home"
as_user() {
    runuser -u nobody -- env -i PATH=/usr/bin:/bin HOME="$home" XDG_RUNTIME_DIR="$home/runtime" \
        QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 "$@"
}
demo=/usr/share/switchyard/demo/workspace.json

step "--version of every program names the commit and /usr/share/switchyard"
expected_line="$(sed -n 's/^ *inline constexpr const char\* kVersion = "\(.*\)";/\1/p' "$build/generated/core/version.h") (git $(sed -n 's/.*return "\(.*\)";.*/\1/p' "$build/generated/core/commit.cpp"))"
for program in switchyard-cli switchyard-mock switchyard; do
    [ "$(command -v $program)" = "/usr/bin/$program" ] || fail "$program is not /usr/bin/$program"
    out=$(as_user "/usr/bin/$program" --version) || fail "$program --version exited with $?"
    [ "$(echo "$out" | head -1)" = "$program $expected_line" ] || fail "$program --version: '$(echo "$out" | head -1)', expected '$program $expected_line'"
    echo "$out" | grep -qx 'resources: /usr/share/switchyard' || fail "$program does not read /usr/share/switchyard: $out"
    echo "$out" | grep -q 'SQLite .*libcurl .*RE2 ' || fail "$program --version lists no libraries: $out"
done

step "route and simulate on the installed demo match the build tree's CLI on the source demo"
prompt="Write a Python function that merges two sorted lists and explain its complexity"
as_user switchyard-cli route "$demo" --prompt "$prompt" --json >"$work/route-installed.json"
env -u SWITCHYARD_RESOURCES "$build/app/switchyard-cli" route "$source_dir/resources/demo/workspace.json" --prompt "$prompt" --json >"$work/route-build.json"
as_user switchyard-cli simulate "$demo" --json >"$work/simulate-installed.json"
env -u SWITCHYARD_RESOURCES "$build/app/switchyard-cli" simulate "$source_dir/resources/demo/workspace.json" --json >"$work/simulate-build.json"
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
def load(name):
    with open(f"{work}/{name}.json") as f:
        return json.load(f)
def without(d, keys):
    return {k: v for k, v in d.items() if k not in keys}
route, route_ref = load("route-installed"), load("route-build")
assert route["model"] and route["tier"], route
assert route == route_ref, (route, route_ref)
sim, sim_ref = load("simulate-installed"), load("simulate-build")
assert sim["file"] == "/usr/share/switchyard/demo/traffic.jsonl", sim["file"]
assert sim["requests"] == 6000 and sim["malformed_lines"] == 0, sim
a, b = without(sim, {"file"}), without(sim_ref, {"file"})
def drop_timing(x):
    if isinstance(x, dict):
        return {k: drop_timing(v) for k, v in x.items() if k != "seconds"}
    if isinstance(x, list):
        return [drop_timing(v) for v in x]
    return x
assert drop_timing(a) == drop_timing(b), "simulate differs between the installed and the build-tree CLI"
print(f"    route: {route['tier']} -> {route['model']}; simulate: {sim['requests']} requests, "
      f"routed ${sim['routed_cost_usd']} vs ${sim['baseline_cost_usd']} baseline")
PY

step "the installed GUI renders every view offscreen from the installed demo"
mkdir -p "$work/shots" && chown nobody "$work/shots"
cp /usr/share/switchyard/demo/workspace.json /usr/share/switchyard/demo/traffic.jsonl "$home/"
chown nobody "$home"/*.json* "$home"/*.jsonl
as_user switchyard --screenshot "$work/shots" "$home/workspace.json" >"$work/shots.log" 2>&1 || { cat "$work/shots.log"; fail "switchyard --screenshot"; }
shots=$(ls "$work"/shots/*.png | wc -l)
[ "$shots" -ge 10 ] || fail "only $shots screenshots"
python3 - "$work/shots/tiers.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
width, height = struct.unpack(">II", data[16:24])
assert width >= 800 and height >= 500, (width, height)
assert len(data) > 50_000, f"tiers.png is {len(data)} bytes: an empty window?"
PY
echo "    $shots views rendered"
# What a user sees first: with no argument the GUI opens the bundled demo, in a folder it cannot write.
mkdir -p "$work/shots-demo" && chown nobody "$work/shots-demo"
as_user switchyard --screenshot "$work/shots-demo" >"$work/shots-demo.log" 2>&1 || { cat "$work/shots-demo.log"; fail "switchyard --screenshot on the read-only demo"; }
[ "$(ls "$work"/shots-demo/*.png | wc -l)" -eq "$shots" ] || { cat "$work/shots-demo.log"; fail "the read-only demo rendered fewer views"; }

step "man pages render and list every switchyard-cli command"
man_dir=/usr/share/man/man1
if grep -qs '^path-exclude=/usr/share/man' /etc/dpkg/dpkg.cfg.d/*; then
    # A minimal image (e.g. Docker's debian:12) tells dpkg to drop man pages: read the package's own.
    echo "    dpkg here excludes /usr/share/man ($(grep -ls '^path-exclude=/usr/share/man' /etc/dpkg/dpkg.cfg.d/*)): reading the pages from the .deb"
    dpkg-deb -x "$deb" "$work/extracted"
    man_dir="$work/extracted/usr/share/man/man1"
fi
for page in switchyard switchyard-cli switchyard-mock; do
    [ "$man_dir" != /usr/share/man/man1 ] || [ "$(man -w "$page")" = "/usr/share/man/man1/$page.1.gz" ] || fail "man -w $page: $(man -w "$page" 2>&1)"
    MANWIDTH=100 man --warnings -l "$man_dir/$page.1.gz" >"$work/$page.txt" 2>"$work/$page.warn" || fail "man -l $page"
    [ ! -s "$work/$page.warn" ] || { cat "$work/$page.warn"; fail "groff warnings in $page(1)"; }
done
for command in $(as_user switchyard-cli --help | sed -n '/^Subcommands:/,$ s/^  \([a-z-]*\) .*/\1/p'); do
    grep -q "^   $command\$" "$work/switchyard-cli.txt" || fail "switchyard-cli(1) has no section for '$command'"
done

step "a workspace is recognised by its content and opens in Switchyard; other JSON stays JSON"
type_of() { as_user gio info -a standard::content-type "$1" | sed -n 's/.*standard::content-type: //p'; }
[ "$(type_of "$home/workspace.json")" = application/x-switchyard-workspace ] || fail "workspace.json is $(type_of "$home/workspace.json")"
cp "$home/workspace.json" "$home/no-extension"
[ "$(type_of "$home/no-extension")" = application/x-switchyard-workspace ] || fail "a workspace without .json is $(type_of "$home/no-extension")"
[ "$(type_of /usr/share/switchyard/catalog/models.json)" = application/json ] || fail "the catalog is $(type_of /usr/share/switchyard/catalog/models.json)"
handlers=$(as_user gio mime application/x-switchyard-workspace)
[ "$(echo "$handlers" | head -1)" = 'Default application for “application/x-switchyard-workspace”: io.github.switchyard.Switchyard.desktop' ] ||
    fail "Switchyard does not open workspaces: $handlers"
handlers=$(as_user gio mime application/json)
case "$handlers" in *io.github.switchyard.Switchyard*) fail "Switchyard claims every JSON file: $handlers" ;; esac
[ -f /usr/share/icons/hicolor/48x48/apps/io.github.switchyard.Switchyard.png ] || fail "no 48x48 icon"

step "purge: no file of the package is left, and the packages are as before"
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\.||' | grep -v '/$' >"$work/files"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq $installed_new >"$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "apt-get purge"; }
installed_new=""
dpkg-query -W -f='${Status}' switchyard 2>/dev/null | grep -q 'installed' && fail "switchyard is still installed"
dpkg -L switchyard >/dev/null 2>&1 && fail "dpkg -L switchyard still lists files"
while read -r file; do
    [ ! -e "$file" ] && [ ! -L "$file" ] || fail "$file is left after purge"
done <"$work/files"
for dir in /usr/share/switchyard /usr/share/doc/switchyard; do [ ! -e "$dir" ] || fail "$dir is left after purge"; done
[ ! -e /usr/share/mime/application/x-switchyard-workspace.xml ] || fail "the MIME type is still registered"
grep -q switchyard /usr/share/applications/mimeinfo.cache 2>/dev/null && fail "mimeinfo.cache still names Switchyard"
dpkg-query -W -f='${Package}:${Architecture} ${Status}\n' | awk '$NF == "installed" {print $1}' | sort >"$work/packages-end"
diff "$packages_before" "$work/packages-end" >/dev/null || fail "installed packages differ from before: $(diff "$packages_before" "$work/packages-end")"
echo "PASS: the package installs, runs from /usr/share/switchyard and purges cleanly"
