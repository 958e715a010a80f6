"""The Portkey export's TypeScript client helper against its Python one, request by request.

  check_portkey_helper_ts.py --cli build/app/switchyard-cli --tsc TSC [--node NODE] [--count N] WORKSPACE...

The Python helper is checked through the real gateway (check_portkey_gateway.py): every model
that reaches the mock equals the engine's decision. This test compiles the TypeScript helper
and its router with `tsc --strict` and prepares the conformance corpus with both (the TypeScript
one given each request as JSON text, as a service would): the metadata sent in
x-portkey-metadata, the x-portkey-config header and the body must be equal, and a request the
engine rejects must be refused by both. The gateway decides from exactly these, so the
TypeScript helper routes as the Python one does.
"""

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import check_router_conformance as conformance  # noqa: E402

sys.path.insert(0, os.path.join(HERE, "..", "parity", "routing"))
import generate_requests  # noqa: E402


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, os.path.dirname(path))
    sys.modules.pop("switchyard_router", None)  # the helper imports its own folder's router, not an earlier one
    spec.loader.exec_module(module)
    sys.path.pop(0)
    return module


def same_metadata(a, b):
    """Equal, but for numbers the gateway reads with parseFloat: the classifier's confidence may
    differ in its last bits between the two languages' float arithmetic (the routers' conformance
    allows 1e-6 for probabilities too), and the engine's reading of a metadata number (sy_num_*,
    compared only by $lt $lte $gt $gte) is spelt by each language's own float printing
    ("12.0" / "12", "1e-05" / "0.00001") but must be the same number."""
    if set(a) != set(b):
        return False
    for key in a:
        if a[key] == b[key]:
            continue
        if key == "classifier_confidence":
            if abs(float(a[key]) - float(b[key])) > conformance.TOLERANCE:
                return False
        elif key.startswith("sy_num_"):
            if float(a[key]) != float(b[key]):
                return False
        elif a[key] != b[key]:
            return False
    return True


def check(args, workspace, index, tmp, traffic):
    folder = os.path.join(tmp, "w%d" % index)
    subprocess.run([args.cli, "export", workspace, "--format", "portkey", "-o", folder + "/"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run([args.tsc, "--strict", "--target", "es2020", "--module", "commonjs", "--outDir", os.path.join(folder, "js"),
                    os.path.join(folder, "portkey_helper.ts")], check=True)
    helper_module = load(os.path.join(folder, "portkey_helper.py"), "portkey_helper_%d" % index)
    router_module = load(os.path.join(folder, "switchyard_router.py"), "switchyard_router_pk_%d" % index)
    helper = helper_module.Helper()
    with open(workspace, "rb") as f:
        ws = json.loads(f.read())
    gen = generate_requests.Generator(args.seed + index, generate_requests.collect_vocab([ws]))
    requests = conformance.build_corpus(ws, gen, traffic, args.count)
    requests += conformance.split_cases(router_module, ws, requests)
    path = os.path.join(folder, "requests.jsonl")
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for req in requests:
            out.write(json.dumps(req, ensure_ascii=False) + "\n")
    engine = conformance.engine_decisions(args.cli, workspace, path, True)
    out = subprocess.run([args.node, os.path.join(HERE, "ts", "prepare_portkey.js"), os.path.join(folder, "js", "portkey_helper.js"), path],
                         stdout=subprocess.PIPE, check=True).stdout.decode("utf-8")
    ts = {}
    for line in out.split("\n"):  # not splitlines(): a text may hold U+2028, which JSON.stringify leaves raw
        if not line:
            continue
        d = json.loads(line)
        ts[d.pop("line")] = d
    problems, checked = [], 0
    for line, req in enumerate(requests, start=1):
        if line not in engine:
            continue  # refused by the engine as malformed
        checked += 1
        t = ts.get(line)
        if engine[line]["rejected"]:
            if not (t and t.get("rejected")):
                problems.append("line %d: the engine rejects it, the TypeScript helper prepared it" % line)
            continue
        p = helper.prepare(req)
        if not t or t.get("rejected"):
            problems.append("line %d: the TypeScript helper refused a request the engine sends to %s" % (line, engine[line]["model"]))
            continue
        if t["model"] != engine[line]["model"]:
            problems.append("line %d: model: engine %s, TypeScript helper %s" % (line, engine[line]["model"], t["model"]))
        if not same_metadata(t["metadata"], p.metadata):
            keys = sorted(k for k in set(t["metadata"]) | set(p.metadata) if t["metadata"].get(k) != p.metadata.get(k))
            problems.append("line %d: metadata differs in %s: Python %r, TypeScript %r" % (
                line, keys, {k: p.metadata.get(k) for k in keys}, {k: t["metadata"].get(k) for k in keys}))
        if json.loads(t["config"]) != json.loads(p.headers["x-portkey-config"]):
            problems.append("line %d: the x-portkey-config headers differ" % line)
        if t["body"] != p.body:
            problems.append("line %d: body: Python %r, TypeScript %r" % (line, p.body, t["body"]))
    return checked, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", required=True)
    parser.add_argument("--tsc", required=True)
    parser.add_argument("--node", default="node")
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--traffic", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("workspaces", nargs="+")
    args = parser.parse_args()
    if not os.path.exists(args.tsc):
        print("SKIP: the TypeScript compiler is missing (%s): run `npm ci` in tests/exports/ts" % args.tsc)
        return 77
    traffic = conformance.demo_traffic(args.traffic)
    total = all_problems = 0
    with tempfile.TemporaryDirectory(prefix="switchyard-portkey-ts-") as tmp:
        for index, workspace in enumerate(args.workspaces):
            checked, problems = check(args, workspace, index, tmp, traffic)
            total += checked
            all_problems += len(problems)
            print("%s: %d requests prepared by both helpers, %d differences" % (os.path.basename(workspace), checked, len(problems)))
            for p in problems[:12]:
                print("  " + p)
    print("%d requests in all, %d differences" % (total, all_problems))
    return conformance.verdict(None, total, all_problems)


if __name__ == "__main__":
    sys.exit(main())
