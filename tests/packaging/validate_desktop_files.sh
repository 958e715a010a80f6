#!/bin/sh
# The desktop entry through desktop-file-validate, the AppStream metainfo through appstreamcli
# (offline: --no-net, so the screenshot URLs are not fetched; instead each screenshot must be a
# file in docs/screenshots with the width and height the metainfo states), and the MIME package
# through xmllint and, compiled into a private XDG_DATA_HOME, through GLib's content sniffing
# (gio): the demo workspace is a workspace with or without its .json name, the catalog stays JSON.
# Exits 77 (ctest SKIP) when a validator is missing.
# Usage: validate_desktop_files.sh DESKTOP_FILE METAINFO MIME_XML SCREENSHOT_DIR RESOURCES_DIR
set -eu
desktop=$1 metainfo=$2 mime=$3 shots=$4 resources=$5
for tool in desktop-file-validate appstreamcli xmllint python3 gio update-mime-database; do
    command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: $tool is not installed (apt-get install desktop-file-utils appstream libxml2-utils)"; exit 77; }
done
out=$(desktop-file-validate "$desktop" 2>&1) || { echo "$out"; echo "FAIL: desktop-file-validate"; exit 1; }
[ -z "$out" ] || { echo "$out"; echo "FAIL: desktop-file-validate has hints"; exit 1; }
grep -qx 'MimeType=application/x-switchyard-workspace;' "$desktop" || { echo "FAIL: the desktop entry claims other types than workspaces"; exit 1; }
appstreamcli validate --no-net --explain "$metainfo" || { echo "FAIL: appstreamcli validate"; exit 1; }
xmllint --noout "$mime" || { echo "FAIL: $mime is not well-formed"; exit 1; }
python3 - "$metainfo" "$shots" <<'PY'
import os, struct, sys
import xml.etree.ElementTree as ET
metainfo, shots = sys.argv[1:3]
images = ET.parse(metainfo).getroot().findall("./screenshots/screenshot/image")
assert len(images) >= 3, f"{len(images)} screenshots in the metainfo"
for image in images:
    path = os.path.join(shots, os.path.basename(image.text.strip()))
    assert os.path.isfile(path), f"{image.text} is not in docs/screenshots"
    with open(path, "rb") as f:
        head = f.read(24)
    width, height = struct.unpack(">II", head[16:24])
    assert (str(width), str(height)) == (image.get("width"), image.get("height")), \
        f"{path} is {width}x{height}, the metainfo says {image.get('width')}x{image.get('height')}"
print(f"{len(images)} screenshots found with their stated sizes")
PY
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/mime/packages"
cp "$mime" "$work/mime/packages/switchyard.xml"
update-mime-database "$work/mime"
cp "$resources/demo/workspace.json" "$work/workspace.json"
cp "$resources/demo/workspace.json" "$work/no-extension"
type_of() { XDG_DATA_HOME="$work" gio info -a standard::content-type "$1" | sed -n 's/.*standard::content-type: //p'; }
for file in "$work/workspace.json" "$work/no-extension"; do
    [ "$(type_of "$file")" = application/x-switchyard-workspace ] || { echo "FAIL: gio calls $file $(type_of "$file")"; exit 1; }
done
[ "$(type_of "$resources/catalog/models.json")" = application/json ] || { echo "FAIL: gio calls the catalog $(type_of "$resources/catalog/models.json")"; exit 1; }
echo "PASS"
