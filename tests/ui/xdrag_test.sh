#!/bin/sh
# The editor tests through real input: QTest cannot drive QDrag::exec, so this starts the real
# switchyard under Xvfb on a copy of the demo, drags a tier card with xdotool (press, move in
# steps, release), saves with Ctrl+S, switches to the Policy page with Ctrl+2, drags the first
# rule down the list, saves again, and checks both edits in the saved file. Exits 77 (ctest SKIP) when
# xvfb-run, xdotool or python3 are missing.
# Usage: xdrag_test.sh SWITCHYARD_BINARY DEMO_DIR
set -eu
app=$1
demo=$2
for tool in xvfb-run xdotool python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIP: $tool is not installed (apt-get install xvfb xauth xdotool)"
        exit 77
    fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$demo/workspace.json" "$demo/traffic.jsonl" "$work/"
chmod u+w "$work/workspace.json"

cat >"$work/drive.sh" <<'DRIVE'
#!/bin/sh
# Runs inside the X server: start the app, drag, save, stop the app (by its pid).
set -eu
app=$1
work=$2
export XDG_CONFIG_HOME="$work/config" QT_QPA_PLATFORM=xcb
"$app" --layout-report "$work/layout.txt" "$work/workspace.json" >"$work/app.log" 2>&1 &
pid=$!
stop() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap stop EXIT
i=0
while [ ! -s "$work/layout.txt" ]; do
    i=$((i + 1))
    if [ $i -gt 300 ] || ! kill -0 "$pid" 2>/dev/null; then
        echo "FAIL: the window did not come up"; cat "$work/app.log"; exit 1
    fi
    sleep 0.1
done
# Presses at (fx, fy), moves to (tx, ty) in steps and releases: a drag as a hand makes it.
drag() {
    xdotool mousemove "$1" "$2"
    sleep 0.3
    xdotool mousedown 1
    sleep 0.2
    s=1
    while [ $s -le 20 ]; do
        xdotool mousemove $(($1 + ($3 - $1) * s / 20)) $(($2 + ($4 - $2) * s / 20))
        sleep 0.05
        s=$((s + 1))
    done
    sleep 0.3
    xdotool mouseup 1
    sleep 0.5
}
# Ctrl+S, then waits until the file differs from $1.
save_differing_from() {
    xdotool key --clearmodifiers ctrl+s
    i=0
    while cmp -s "$work/workspace.json" "$1"; do
        i=$((i + 1))
        if [ $i -gt 100 ]; then echo "FAIL: Ctrl+S did not save a changed workspace"; cat "$work/app.log"; exit 1; fi
        sleep 0.1
    done
}
# Medium's last fallback (tier 1, slot 2) onto complex's primary card (tier 2, slot 0).
from=$(awk '$1 == 1 && $2 == 2 { printf "%d %d %s", $4 + $6 / 2, $5 + $7 / 2, $3 }' "$work/layout.txt")
to=$(awk '$1 == 2 && $2 == 0 { printf "%d %d", $4 + $6 / 2, $5 + $7 / 3 }' "$work/layout.txt")
set -- $from
fx=$1; fy=$2; model=$3
set -- $to
tx=$1; ty=$2
echo "dragging $model from $fx,$fy to $tx,$ty"
drag "$fx" "$fy" "$tx" "$ty"
wid=$(xdotool search --pid "$pid" --onlyvisible --name 'Switchyard' | head -n 1)
xdotool windowfocus --sync "$wid" || true
sleep 0.2
save_differing_from "$work/original.json"
cp "$work/workspace.json" "$work/after-card.json"

# The Policy page: the first rule dragged to just inside the top edge of the fourth row, which
# drops it above that row.
xdotool key --clearmodifiers ctrl+2
i=0
while ! grep -q '^rule 3 ' "$work/layout.txt" 2>/dev/null; do
    i=$((i + 1))
    if [ $i -gt 100 ]; then echo "FAIL: the Policy page's rules were not reported"; cat "$work/app.log"; exit 1; fi
    sleep 0.1
done
from=$(awk '$1 == "rule" && $2 == 0 { printf "%d %d", $4 + $6 / 3, $5 + $7 / 2 }' "$work/layout.txt")
to=$(awk '$1 == "rule" && $2 == 3 { printf "%d %d", $4 + $6 / 3, $5 + 2 }' "$work/layout.txt")
set -- $from $to
echo "dragging the first rule from $1,$2 to $3,$4"
drag "$1" "$2" "$3" "$4"
save_differing_from "$work/after-card.json"
echo "$model" >"$work/moved.txt"
DRIVE

cp "$work/workspace.json" "$work/original.json"
xvfb-run -a -s "-screen 0 1440x900x24" sh "$work/drive.sh" "$app" "$work"

python3 - "$work/original.json" "$work/workspace.json" "$(cat "$work/moved.txt")" <<'CHECK'
import json, sys
before = json.load(open(sys.argv[1]))
after = json.load(open(sys.argv[2]))
model = sys.argv[3]
tiers = {t["name"]: t for t in after["tiers"]}
old = {t["name"]: t for t in before["tiers"]}
expected_medium = [m for m in old["medium"]["fallbacks"] if m != model]
assert tiers["complex"]["primary"] == model, tiers["complex"]
assert tiers["complex"]["fallbacks"] == [old["complex"]["primary"]] + old["complex"]["fallbacks"], tiers["complex"]
assert tiers["medium"]["fallbacks"] == expected_medium, tiers["medium"]
assert tiers["simple"] == old["simple"]
print("PASS: %s is the primary of complex in the saved file" % model)
rules_before = [r["name"] for r in before["policy"]["rules"]]
rules_after = [r["name"] for r in after["policy"]["rules"]]
expected = rules_before[1:3] + rules_before[:1] + rules_before[3:]
assert rules_after == expected, (rules_after, expected)
print("PASS: the first rule, %s, moved to third place in the saved file" % rules_before[0])
CHECK
