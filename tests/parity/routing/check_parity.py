"""Routing parity: the engine (switchyard-cli route --requests) and the Python reference
(reference_router.py, written from the docs) must decide every generated request the same way:
tier, model, matched rule, split bucket and target, classifier label, escalation and
probabilities (to 1e-6), guard moves, rejections, and which lines are malformed.

  check_parity.py --cli build/app/cli/switchyard-cli [--count 3000] [--seed N] WORKSPACE...

--perturb NAME breaks one documented detail on the Python side and inverts the verdict (exit 0
only when the comparison catches it), to prove the test can fail.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # ctest runs this from the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate_requests  # noqa: E402
import reference_router as ref  # noqa: E402

TOLERANCE = 1e-6
SPLIT_NOTE = re.compile(r"bucket (\d+) of (\d+) \(FNV-1a-64 of the request (id|text)\) -> (\S+)")


def perturb(name):
    """Each one is a plausible misreading of the docs that an exporter could make."""
    if name == "fnv-prime":
        ref.FNV_PRIME = 0x100000001B5
    elif name == "fnv-offset":
        ref.FNV_OFFSET = 0xCBF29CE484222326
    elif name == "char-ngrams":
        ref.CHAR_GRAM = 3
    elif name == "lines-cap":
        ref.MAX_LINES_FEATURE = 19
    elif name == "keyword-underscore":
        original = ref.is_keyword_char
        ref.is_keyword_char = lambda b: b != 0x5F and original(b)
    elif name == "unicode-lowercase":
        ref.ascii_lower = lambda data: data.decode("utf-8", "surrogateescape").lower().encode("utf-8", "surrogateescape")
    elif name == "glob-question-is-character":
        original = ref.glob_match
        ref.glob_match = lambda p, v: original(p.decode("utf-8", "replace").encode("utf-32-le"),
                                               v.decode("utf-8", "replace").encode("utf-32-le"))
    elif name == "no-l2-norm":
        original = ref.extract_features

        def raw_counts(text, hash_bits):
            features = original(text, hash_bits)
            smallest = min(features.values())  # one occurrence
            return {b: v / smallest for b, v in features.items()}

        ref.extract_features = raw_counts
    elif name == "escalated-at-top":
        original = ref.Policy.route

        def route(self, req):
            d = original(self, req)
            c = d.get("classifier")
            if c and c["probabilities"][c["label"]] < self.threshold:
                c["escalated"] = True
            return d

        ref.Policy.route = route
    elif name == "split-ignores-id":
        original = ref.read_request

        def without_id(obj):
            req = original(obj)
            req.id = ""
            return req

        ref.read_request = without_id
    else:
        raise SystemExit("unknown perturbation " + name)


def start_cli(cli, workspace, requests_path):
    return subprocess.Popen([cli, "route", workspace, "--requests", requests_path, "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish_cli(proc, requests_path):
    out, err = proc.communicate()
    decisions = {}
    for line in out.decode("utf-8").splitlines():
        d = json.loads(line)
        decisions[d["line"]] = d
    malformed = set()
    prefix = re.escape(requests_path) + r":(\d+)"
    for line in err.decode("utf-8", "replace").splitlines():
        m = re.match(prefix, line)
        if m:
            malformed.add(int(m.group(1)))
    return proc.returncode, decisions, malformed


def reference_decisions(workspace, requests_path):
    policy = ref.Policy(ref.load_workspace(workspace))
    decisions, malformed = {}, set()
    with open(requests_path, "rb") as f:
        for number, raw in enumerate(f, start=1):
            if not raw.strip(b" \t\r\n"):
                continue
            try:
                req = ref.read_request(ref.parse_json_line(raw.decode("utf-8")))
            except (ValueError, ref.MalformedRequest):
                malformed.add(number)
                continue
            decisions[number] = policy.route(req)
    return decisions, malformed


def differences(engine, reference):
    out = []

    def same(field, a, b):
        if a != b:
            out.append("%s: engine %r, reference %r" % (field, a, b))

    same("rejected", engine["rejected"], reference["rejected"])
    if "reject_message" in reference:
        same("reject_message", engine.get("reject_message"), reference["reject_message"])
    same("tier", engine["tier"], reference["tier"])
    same("model", engine["model"], reference["model"])
    same("decided_by", engine["decided_by"], reference["decided_by"])
    same("rule", engine.get("rule"), reference.get("rule"))
    same("rule_index", engine.get("rule_index"), reference.get("rule_index"))
    m = SPLIT_NOTE.match(engine.get("split", ""))
    same("split bucket", int(m.group(1)) if m else None, reference.get("split_bucket"))
    same("split target", m.group(4) if m else None, reference.get("split_target"))
    same("guard moves", [g["to_model"] for g in engine.get("guard_moves", [])], reference.get("guard_moves", []))
    ec, rc = engine.get("classifier"), reference.get("classifier")
    same("classifier", ec is not None, rc is not None)
    if ec and rc:
        for field in ("label", "label_tier", "escalated"):
            same("classifier " + field, ec[field], rc[field])
        same("classifier labels", list(ec["probabilities"]), list(rc["probabilities"]))
        for label, p in rc["probabilities"].items():
            q = ec["probabilities"].get(label)
            if q is None or abs(p - q) > TOLERANCE:
                out.append("probability of %s: engine %r, reference %r" % (label, q, p))
    return out


def check_workspace(cli, workspace, count, seed, tmpdir):
    with open(workspace, "rb") as f:
        ws = json.loads(f.read())
    gen = generate_requests.Generator(seed, generate_requests.collect_vocab([ws]))
    policy = ref.Policy(ws)
    settled = 0

    def settle(request):
        # Exact token counts are the tokenizer parity test's business: where only they could
        # decide (an input_tokens range or a context window between the byte bounds), the
        # request carries a logged count, as traffic logs do.
        nonlocal settled
        try:
            policy.route(ref.read_request(ref.parse_json_line(json.dumps(request))))
        except ref.Undecidable:
            settled += 1
            request["input_tokens"] = len(json.dumps(request, ensure_ascii=False).encode()) // 4
        return request

    path = os.path.join(tmpdir, os.path.basename(workspace) + ".requests.jsonl")
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        generate_requests.write_corpus(gen, count, out, settle)

    engine_run = start_cli(cli, workspace, path)  # decides while the reference does
    reference, reference_malformed = reference_decisions(workspace, path)
    code, engine, engine_malformed = finish_cli(engine_run, path)
    problems = []
    if engine_malformed != reference_malformed:
        problems.append("malformed lines: engine %s, reference %s" % (sorted(engine_malformed), sorted(reference_malformed)))
    if code != (1 if engine_malformed else 0):
        problems.append("exit code %d with %d malformed lines" % (code, len(engine_malformed)))
    stats = {"requests": len(reference), "rule": 0, "classifier": 0, "default": 0, "split": 0, "rejected": 0,
             "escalated": 0, "guard": 0, "malformed": len(reference_malformed), "given a token count": settled}
    for line, r in sorted(reference.items()):
        e = engine.get(line)
        if e is None:
            problems.append("line %d: no decision from the engine" % line)
            continue
        for diff in differences(e, r):
            problems.append("line %d: %s" % (line, diff))
        stats[r["decided_by"]] += 1
        stats["split"] += "split_bucket" in r
        stats["rejected"] += r["rejected"]
        stats["escalated"] += bool(r.get("classifier", {}).get("escalated"))
        stats["guard"] += bool(r.get("guard_moves"))
    return stats, problems, path


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", required=True)
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=20260612)
    parser.add_argument("--perturb", action="append", default=[])
    parser.add_argument("--keep", help="keep the generated corpora in this folder")
    parser.add_argument("workspaces", nargs="+")
    args = parser.parse_args()

    for name in args.perturb:
        perturb(name)
    total_problems = 0
    with tempfile.TemporaryDirectory(prefix="switchyard-routing-parity-") as tmp:
        tmpdir = args.keep or tmp
        os.makedirs(tmpdir, exist_ok=True)
        for index, workspace in enumerate(args.workspaces):
            try:
                stats, problems, path = check_workspace(args.cli, workspace, args.count, args.seed + index, tmpdir)
            except ref.Undecidable as e:
                print("%s: the reference cannot decide a generated request (%s); the generator must avoid it" % (workspace, e))
                return 1
            print("%s: %s" % (os.path.basename(workspace), ", ".join("%d %s" % (v, k) for k, v in stats.items())))
            for p in problems[:15]:
                print("  " + p)
            if len(problems) > 15:
                print("  ... %d differences in all (corpus %s)" % (len(problems), path))
            total_problems += len(problems)
    if args.perturb:
        if total_problems == 0:
            print("perturbation %s went unnoticed: the parity test is too weak" % ", ".join(args.perturb))
            return 1
        print("perturbation %s caught (%d differences)" % (", ".join(args.perturb), total_problems))
        return 0
    if total_problems:
        print("%d differences between the engine and the reference" % total_problems)
        return 1
    print("engine and reference agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
