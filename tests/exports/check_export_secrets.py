"""No export carries a key: every format is exported with each provider's key variable set to a
fake key in the environment (as on a machine that has real keys), and every exported file and
the command's output are searched for it, as text and base64. The exports must name the key
variables instead.

  check_export_secrets.py --cli build/app/switchyard-cli WORKSPACE...
"""

import argparse
import base64
import json
import os
import re
import subprocess
import sys
import tempfile

FAKE_KEY = "sk-export-FAKEKEY-7Hq2Lm9Pz4Wc"


def formats(cli):
    help_text = subprocess.run([cli, "export", "--help"], stdout=subprocess.PIPE, check=True).stdout.decode()
    m = re.search(r"one of: ([a-z, ]+)", help_text)
    return [f.strip() for f in m.group(1).split(",")]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cli", required=True)
    parser.add_argument("workspaces", nargs="+")
    args = parser.parse_args()
    needles = [FAKE_KEY.encode(), base64.b64encode(FAKE_KEY.encode()), FAKE_KEY[10:].encode()]
    problems, files = [], 0
    all_formats = formats(args.cli)
    with tempfile.TemporaryDirectory(prefix="switchyard-export-secrets-") as tmp:
        for workspace in args.workspaces:
            with open(workspace, "rb") as f:
                ws = json.loads(f.read())
            key_vars = sorted({p["key_env"] for p in ws.get("providers", []) if p.get("key_env")})
            env = dict(os.environ, **{v: FAKE_KEY for v in key_vars})
            for fmt in all_formats:
                folder = os.path.join(tmp, os.path.basename(workspace) + "." + fmt)
                result = subprocess.run([args.cli, "export", workspace, "--format", fmt, "-o", folder + "/"], env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                if result.returncode != 0:
                    problems.append("%s %s: export failed: %s" % (workspace, fmt, result.stderr.decode()))
                    continue
                text = b""
                for name in sorted(os.listdir(folder)):
                    with open(os.path.join(folder, name), "rb") as f:
                        data = f.read()
                    files += 1
                    text += data
                    for needle in needles:
                        if needle in data:
                            problems.append("%s %s: %s holds the key" % (workspace, fmt, name))
                for needle in needles:
                    if needle in result.stdout + result.stderr:
                        problems.append("%s %s: the command printed the key" % (workspace, fmt))
                for var in key_vars:
                    if var.encode() not in text:
                        problems.append("%s %s: the export does not name the key variable %s" % (workspace, fmt, var))
    for p in problems:
        print(p)
    print("%d files of %d formats searched for the fake key: %d problems" % (files, len(all_formats), len(problems)))
    return 1 if problems or files == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
