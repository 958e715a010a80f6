"""The native routing config (switchyard-cli export --format native):

1. Each export passes resources/schema/routing-config.schema.json (checked with python3-jsonschema,
   its parts by reference to the workspace schema), and broken configs fail both the schema and
   `import-config` (exit 1, the problem located).
2. Round trip: `import-config` reads it back into a workspace that decides every request of the
   conformance corpus exactly as the original (every field of `route --json`, the trace too), and
   exporting that workspace again gives the same config, byte for byte.

  check_native_config.py --cli build/app/switchyard-cli [--perturb threshold|rule] WORKSPACE...

--perturb changes one threshold or rule in the exported config before it is imported and inverts
the verdict, so the round-trip comparison is shown to be able to fail.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import jsonschema

try:
    import referencing
except ImportError:  # jsonschema before 4.18 (Debian 12 ships 4.10) resolves $refs with RefResolver
    referencing = None

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "parity", "routing"))
import check_router_conformance as conformance  # noqa: E402
import generate_requests  # noqa: E402


def validator():
    schemas = {}
    for name in ("workspace", "routing-config"):
        with open(os.path.join(ROOT, "resources", "schema", name + ".schema.json"), encoding="utf-8") as f:
            schemas[name] = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schemas["routing-config"])
    if referencing is None:
        resolver = jsonschema.RefResolver.from_schema(schemas["routing-config"], store={s["$id"]: s for s in schemas.values()})
        return jsonschema.Draft202012Validator(schemas["routing-config"], resolver=resolver)
    registry = referencing.Registry().with_resources(
        [(s["$id"], referencing.Resource.from_contents(s)) for s in schemas.values()])
    return jsonschema.Draft202012Validator(schemas["routing-config"], registry=registry)


def run(cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def decisions(cli, workspace, path):
    out = run([cli, "route", workspace, "--requests", path, "--json"]).stdout.decode("utf-8").splitlines()
    return [json.loads(line) for line in out]


def check_schema(cli, check, config, tmp):
    problems = ["schema: %s: %s" % ("/" + "/".join(map(str, e.absolute_path)), e.message) for e in check.iter_errors(config)]
    provider = dict(config["providers"][0], api_key="sk-not-here") if config.get("providers") else None
    broken = [({**config, "format": "switchyard.workspace"}, "another format"),
              ({**config, "version": 2}, "a newer version"),
              ({**config, "datasets": []}, "workspace-only datasets"),
              ({**config, "tiers": []}, "no tiers"),
              ({**config, "policy": {**config["policy"], "default_tier": 7}}, "a default tier that is not a name")]
    if provider:
        broken.append(({**config, "providers": [provider] + config["providers"][1:]}, "a key in a provider"))
    for doc, why in broken:
        if check.is_valid(doc):
            problems.append("the schema accepted a config with " + why)
        path = os.path.join(tmp, "broken.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f)
        result = run([cli, "import-config", path])
        if result.returncode != 1 or not result.stderr.startswith(path.encode()):
            problems.append("import-config took a config with %s (exit %d: %s)" % (why, result.returncode, result.stderr[:200]))
    return problems


def check(cli, check_schema_of, workspace, seed, tmp, perturbation):
    folder = os.path.join(tmp, os.path.basename(workspace) + ".native")
    os.makedirs(folder, exist_ok=True)
    config_path = os.path.join(folder, "routing-config.json")
    exported = run([cli, "export", workspace, "--format", "native", "-o", config_path])
    if exported.returncode != 0:
        return ["export failed: " + exported.stderr.decode()]
    with open(config_path, encoding="utf-8") as f:
        text = f.read()
    config = json.loads(text)
    problems = [] if perturbation else check_schema(cli, check_schema_of, config, folder)
    if perturbation:
        conformance.perturb(perturbation, config)
        with open(config_path, "w", encoding="utf-8") as f:
            json.dump(config, f)
    imported = os.path.join(folder, "imported-workspace.json")
    result = run([cli, "import-config", config_path, "-o", imported, "--force"])
    if result.returncode != 0:
        return problems + ["import-config failed: " + result.stderr.decode()]
    if not perturbation:
        again = run([cli, "export", imported, "--format", "native"]).stdout.decode("utf-8")
        if again != text:
            problems.append("exporting the imported workspace does not give the same config")
    with open(workspace, "rb") as f:
        ws = json.loads(f.read())
    gen = generate_requests.Generator(seed, generate_requests.collect_vocab([ws]))
    requests = conformance.build_corpus(ws, gen, [], 1500)
    path = os.path.join(folder, "requests.jsonl")
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for req in requests:
            out.write(json.dumps(req, ensure_ascii=False) + "\n")
    original, roundtrip = decisions(cli, workspace, path), decisions(cli, imported, path)
    if len(original) != len(roundtrip):
        problems.append("%d decisions from the original, %d after the round trip" % (len(original), len(roundtrip)))
    for a, b in zip(original, roundtrip):
        if a != b:
            keys = [k for k in a if a.get(k) != b.get(k)]
            problems.append("line %d differs in %s: %r / %r" % (a["line"], ", ".join(keys), a.get(keys[0]), b.get(keys[0])))
    print("%s: %d requests decided the same after the round trip, %d problems" % (os.path.basename(workspace), len(original), len(problems)))
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", required=True)
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--perturb")
    parser.add_argument("workspaces", nargs="+")
    args = parser.parse_args()
    schema = validator()
    total = 0
    with tempfile.TemporaryDirectory(prefix="switchyard-native-config-") as tmp:
        for index, workspace in enumerate(args.workspaces):
            problems = check(args.cli, schema, workspace, args.seed + index, tmp, args.perturb)
            for p in problems[:12]:
                print("  " + p)
            total += len(problems)
    if args.perturb:
        print("perturbation %s %s" % (args.perturb, "caught" if total else "went unnoticed: the round-trip test is too weak"))
        return 0 if total else 1
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
