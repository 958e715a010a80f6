#!/bin/sh
# The man pages made from --help at build time: each renders through `man -l` without a groff
# warning, and switchyard-cli(1) has a section for every command and nested command the CLI
# lists, naming every long option that command's --help lists. Exits 77 when man is missing.
# Usage: check_manpages.sh SWITCHYARD_CLI PAGE...
set -eu
cli=$1
shift
command -v man >/dev/null 2>&1 || { echo "SKIP: man is not installed (apt-get install man-db)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for page in "$@"; do
    [ -s "$page" ] || { echo "FAIL: $page is missing (build the default target)"; exit 1; }
    MANWIDTH=100 man --warnings -l "$page" >"$work/$(basename "$page").txt" 2>"$work/warnings" || { echo "FAIL: man -l $page"; exit 1; }
    [ ! -s "$work/warnings" ] || { cat "$work/warnings"; echo "FAIL: groff warnings in $page"; exit 1; }
done
rendered="$work/switchyard-cli.1.txt"
[ -s "$rendered" ] || { echo "FAIL: no switchyard-cli.1 given"; exit 1; }
subcommands() { "$cli" "$@" --help | sed -n '/^Subcommands:/,/^$/ s/^  \([a-z][a-z0-9-]*\) .*/\1/p'; }
check() {  # check COMMAND... : its section and its options, then its subcommands
    grep -qx "   $*" "$rendered" || { echo "FAIL: switchyard-cli(1) has no section '$*'"; exit 1; }
    section=$(awk -v title="   $*" '$0 == title {on = 1; next} on && /^   [a-z]/ {exit} on' "$rendered")
    for option in $("$cli" "$@" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
        echo "$section" | grep -q -- "$option" || { echo "FAIL: '$*' in switchyard-cli(1) does not name $option"; exit 1; }
    done
    for sub in $(subcommands "$@"); do check "$@" "$sub"; done
    count=$((count + 1))
}
count=0
for command in $(subcommands); do check "$command"; done
[ "$count" -ge 10 ] || { echo "FAIL: only $count commands found in switchyard-cli --help"; exit 1; }
echo "PASS: $# pages render; switchyard-cli(1) covers all $count commands and their options"
