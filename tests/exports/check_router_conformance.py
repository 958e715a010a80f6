"""Conformance of a generated router (switchyard-cli export --format python|typescript) with the
engine (switchyard-cli route --requests --json), request by request.

  check_router_conformance.py --cli build/app/switchyard-cli [--language typescript --tsc TSC]
                              [--count N] [--perturb NAME] WORKSPACE...

The TypeScript module is compiled with `tsc --strict` and run by node over the corpus, each line
given as JSON text (Router.routeJson), so metadata numbers keep their exact spelling.

The corpus per workspace: the demo traffic, requests from the routing parity generator
(tests/parity/routing/generate_requests.py: unicode and mixed scripts, empty texts, every
predicate kind of the workspace, metadata numbers in every spelling), and edge cases made here:
input-token counts at every bound of every input_tokens rule -1/0/+1 (given as a logged count
and as a text whose estimate lands there), counts at every context window, long prompts near
the smallest windows, and for every weighted split the ids whose bucket is on each side of every
boundary.

Two comparisons:
1. Against the engine in estimate mode (route --token-estimate), which counts tokens as the
   router does without a token counter: every field of every decision must agree (tier, model,
   fallbacks, rule, split, classifier label, source and probabilities to 1e-6, escalation,
   token counts, output tokens, cost, guard moves, prompt adaptation).
2. Against the engine with its exact tokenizers: the routing fields must agree, except for
   requests within the estimate's error of a bound: those without a logged count where the exact
   count and the estimate fall on different sides of a token rule's bound, or where the context
   guard moved one of the decisions. They are counted and listed.
3. With --ranks, the router also routes with exact o200k/cl100k counts from the engine's rank
   files, and every field must equal the exact engine's, no request excluded.

--perturb NAME changes one threshold or rule in the exported config and inverts the verdict
(exit 0 only when the comparison notices), so the test is shown to be able to fail.
"""

import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "parity", "routing"))
import generate_requests  # noqa: E402

TOLERANCE = 1e-6
TOKENIZER_EDGES = ["I'm sure they'LL say it's fine, we'd've", "\u2019s and 's", "1234567 89 0.5", "a  \n  b\r\n\r\nc   ", "end  ",
                   "a\n  ", "HTTPServer JSONParser iOS", "e\u0301te\u0301 \u03a9\u03a3 \u01c5", "\u05e9\u05dc\u05d5\u05dd \u0645\u0631",
                   "  \t\u00a0\u3000x", "http://x.y/z?q=1&r=2", "\U0001f600\U0001f600 \U0001f469\u200d\U0001f4bb", "\ufeff bom",
                   "don't DON'T dOn'T", "rock 'n' roll o'clock ''s", "\u0085next\u2028line",
                   "z" * 3000, "\u65e5" * 1200, "ab" * 1500]  # long single pieces: the heap merge


def export_python(cli, workspace, folder):
    subprocess.run([cli, "export", workspace, "--format", "python", "-o", folder + "/"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    path = os.path.join(folder, "switchyard_router.py")
    spec = importlib.util.spec_from_file_location("switchyard_router_" + str(abs(hash(folder))), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def engine_decisions(cli, workspace, path, estimate):
    cmd = [cli, "route", workspace, "--requests", path, "--json"] + (["--token-estimate"] if estimate else [])
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    decisions = {}
    for line in proc.stdout.decode("utf-8").splitlines():
        d = json.loads(line)
        decisions[d.pop("line")] = d
    return decisions


def walk(cond, found):
    (kind, arg), = cond.items()
    if kind in ("all", "any"):
        for c in arg:
            walk(c, found)
    elif kind == "not":
        walk(arg, found)
    elif kind == "input_tokens":
        found.extend((side, v) for side, v in (("min", arg.get("min")), ("max", arg.get("max"))) if v is not None)


def token_rule_bounds(ws):
    bounds = []
    for rule in ws["policy"].get("rules", []):
        if "when" in rule:
            walk(rule["when"], bounds)
    return sorted(set(bounds))


def token_bounds(ws):
    return sorted({v for _, v in token_rule_bounds(ws)})


RULE_TOKENS = re.compile(r"token conditions counted (\d+) input tokens")


def rule_token_count(decision):
    for step in decision.get("trace", []):
        m = RULE_TOKENS.match(step["text"]) if step["stage"] == "rule_tokens" else None
        if m:
            return int(m.group(1))
    return None


def near_a_bound(ws, req, estimate, exact):
    """Why only the estimate's error can explain a difference: the estimate and the exact count
    are on different sides of a token rule's bound, or the context guard moved one of the two
    decisions (its windows are bounds as well). None when neither holds."""
    if "input_tokens" in req:
        return None  # a logged count: no estimate involved
    e, x = rule_token_count(estimate), rule_token_count(exact)
    if e is not None and x is not None:
        for side, b in token_rule_bounds(ws):
            if (side == "min" and (e >= b) != (x >= b)) or (side == "max" and (e <= b) != (x <= b)):
                return "input_tokens %s %d: estimate %d, exact %d" % (side, b, e, x)
    if estimate["guard_moves"] or exact["guard_moves"]:
        return "context window: estimate %d, exact %d input tokens" % (estimate["input_tokens"]["count"], exact["input_tokens"]["count"])
    return None


def text_of_estimate(n, r):
    """A one-message prompt whose estimate is n tokens: 3 + 3 + ceil(4 / 4) + ceil(bytes / 4)."""
    size = max(0, (n - 7) * 4)
    words = "plan quarterly review of the latency budget and the audit logs ".split()
    phrase = " ".join(r.sample(words, len(words))) + " "
    return (phrase * (size // len(phrase) + 1))[:size]


def edge_cases(ws, gen):
    r = gen.r
    out = []
    for b in token_bounds(ws):
        for n in (b - 1, b, b + 1):
            if n < 0:
                continue
            out.append({"prompt": gen.sentence(), "input_tokens": n})
            if n <= 200000:
                out.append({"prompt": text_of_estimate(n, r)})
    used = {t["primary"] for t in ws["tiers"]} | {f for t in ws["tiers"] for f in t.get("fallbacks", [])}
    windows = sorted({m["context_window"] for m in ws["catalog"] if m["id"] in used and m["context_window"] > 0})
    out_tokens = ws["policy"].get("context_guard", {}).get("default_output_tokens", 1024)
    for w in windows:
        for d in (-1, 0, 1):
            out.append({"prompt": gen.sentence(), "input_tokens": w - out_tokens + d})
            out.append({"prompt": gen.sentence(), "input_tokens": w - 256 + d, "max_output_tokens": 256})
    for w in windows[:1]:
        for d in (-2, 0, 2):  # long prompts at the smallest window, by the estimate
            out.append({"prompt": text_of_estimate(w - out_tokens + d, r)})
    # What the tokenizers' pre-split distinguishes: contractions, digit runs, whitespace before
    # words and at the end, line breaks, marks, scripts without case.
    for t in TOKENIZER_EDGES:
        out.append({"prompt": t})
        out.append({"messages": [{"role": "system", "content": t}, {"role": "user", "content": t + t}]})
    out += [{"prompt": ""}, {"messages": []}, {"prompt": "Ωmega naïve 東京都 مرحبا 👩‍💻 Привет e\u0301 \u200b"},
            {"messages": [{"role": "system", "content": ""}, {"role": "user", "content": "日本語とEnglish mixed ```code```"}]}]
    return out


def split_cases(module, ws, requests):
    """For each split rule: requests it decides, again with ids on both sides of every boundary."""
    router = module.Router()
    out = []
    for index, rule in enumerate(ws["policy"].get("rules", [])):
        action = rule.get("then", rule)
        if "split" not in action:
            continue
        sample = None
        for req in requests:
            if router.route(req).get("rule_index") == index:
                sample = req
                break
        if sample is None:
            continue
        total = sum(t["weight"] for t in action["split"])
        wanted, running = set(), 0
        for t in action["split"]:
            running += t["weight"]
            wanted.update({(running - 1) % total, running % total})
        wanted.update({0, total - 1})
        by_text = action.get("key", "id") == "text"
        for k in range(200000):
            if not wanted:
                break
            req = dict(sample)
            if by_text:
                req.pop("messages", None)
                req["prompt"] = (sample.get("prompt") or "") + " #" + str(k)
                key = req["prompt"].encode()
                if req.get("id"):
                    req.pop("id")
            else:
                req["id"] = "edge-%d" % k
                key = req["id"].encode()
            bucket = module.fnv1a64(key) % total
            if bucket in wanted:
                wanted.discard(bucket)
                out.append(req)
    return out


def build_corpus(ws, gen, traffic, count):
    reqs = list(traffic)
    for _ in range(count):
        reqs.append(gen.request())
    reqs += edge_cases(ws, gen)
    return reqs


ROUTING_FIELDS = ("rejected", "tier", "model", "fallbacks", "decided_by", "rule", "rule_index", "split")
ALL_FIELDS = ROUTING_FIELDS + ("reject_message", "input_tokens", "output_tokens", "estimated_cost_usd", "guard_moves",
                               "system_prefix", "system_suffix")


def differences(engine, router, fields, whole_classifier):
    out = []
    for f in fields:
        if engine.get(f) != router.get(f):
            out.append("%s: engine %r, router %r" % (f, engine.get(f), router.get(f)))
    if not fields is ALL_FIELDS:
        em = [g["to_model"] for g in engine.get("guard_moves", [])]
        rm = [g["to_model"] for g in router.get("guard_moves", [])]
        if em != rm:
            out.append("guard moves: engine %r, router %r" % (em, rm))
    ec, rc = engine.get("classifier"), router.get("classifier")
    if (ec is None) != (rc is None):
        out.append("classifier: engine %r, router %r" % (ec, rc))
    elif ec:
        keys = ("kind", "label", "label_tier", "escalated") + (("source", "used_default") if whole_classifier else ())
        for k in keys:
            if ec.get(k) != rc.get(k):
                out.append("classifier %s: engine %r, router %r" % (k, ec.get(k), rc.get(k)))
        if list(ec["probabilities"]) != list(rc["probabilities"]):
            out.append("classifier labels: engine %r, router %r" % (list(ec["probabilities"]), list(rc["probabilities"])))
        for label, p in ec["probabilities"].items():
            q = rc["probabilities"].get(label)
            if q is None or abs(p - q) > TOLERANCE:
                out.append("probability of %s: engine %r, router %r" % (label, p, q))
        if abs(ec["confidence"] - rc["confidence"]) > TOLERANCE:
            out.append("confidence: engine %r, router %r" % (ec["confidence"], rc["confidence"]))
    return out


def perturb(name, config):
    policy = config["policy"]
    if name == "threshold":
        policy["confidence_threshold"] = round(policy.get("confidence_threshold", 0.85) + 0.07, 6)
    elif name == "rule":
        tiers = [t["name"] for t in config["tiers"]]
        for rule in policy["rules"]:
            action = rule.get("then", {})
            if "tier" in action:
                action["tier"] = tiers[(tiers.index(action["tier"]) + 1) % len(tiers)]
                return
        raise SystemExit("no rule with a tier action to perturb")
    elif name == "token-bound":
        def bump(cond):
            (kind, arg), = cond.items()
            if kind in ("all", "any"):
                return any(bump(c) for c in arg)
            if kind == "not":
                return bump(arg)
            if kind == "input_tokens" and "min" in arg:
                arg["min"] += 1
                return True
            return False
        if not any("when" in r and bump(r["when"]) for r in policy["rules"]):
            raise SystemExit("no input_tokens rule with a minimum to perturb")
    else:
        raise SystemExit("unknown perturbation " + name)


def llm_variant(workspace, folder):
    with open(workspace, "rb") as f:
        ws = json.loads(f.read())
    labels = ws["policy"]["classifier"]["labels"]
    ws["policy"]["classifier"] = {"kind": "llm", "labels": labels, "llm": {
        "model": ws["tiers"][0]["primary"], "prompt": "Label this: {{text}}", "default_label": sorted(labels)[-1], "timeout_ms": 2000}}
    ws["name"] = ws.get("name", "") + " (LLM classifier)"
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "llm-classifier-variant.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(ws, f, ensure_ascii=False)
    return path


def compile_typescript(args, cli, workspaces, folder):
    """Exports each workspace's TypeScript router (router_<n>.ts) and compiles them all with one
    `tsc --strict` run (the compiler's start-up is most of its time). Returns the .js paths."""
    os.makedirs(folder, exist_ok=True)
    sources = []
    for n, workspace in enumerate(workspaces):
        subprocess.run([cli, "export", workspace, "--format", "typescript", "--module", "router_%d" % n, "-o", folder + "/"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        sources.append(os.path.join(folder, "router_%d.ts" % n))
    subprocess.run([args.tsc, "--strict", "--target", "es2020", "--module", "commonjs", "--outDir", os.path.join(folder, "js")] + sources,
                   check=True)
    return [os.path.join(folder, "js", "router_%d.js" % n) for n in range(len(workspaces))]


def typescript_decisions(args, compiled, folder, path, config, ranks):
    config_path = os.path.join(folder, "config.json")
    with open(config_path, "w", encoding="utf-8") as f:
        json.dump(config, f)
    out = subprocess.run([args.node, os.path.join(HERE, "ts", "route_requests.js"), compiled, path, config_path] + ([ranks] if ranks else []),
                         stdout=subprocess.PIPE, check=True).stdout.decode("utf-8")
    decisions = {}
    for line in out.splitlines():
        d = json.loads(line)
        decisions[d.pop("line")] = d
    return decisions


def check(args, cli, workspace, count, seed, tmp, traffic, perturbation, compiled=None):
    with open(workspace, "rb") as f:
        ws = json.loads(f.read())
    folder = os.path.join(tmp, os.path.basename(workspace) + ".export")
    module = export_python(cli, workspace, folder)
    gen = generate_requests.Generator(seed, generate_requests.collect_vocab([ws]))
    requests = build_corpus(ws, gen, traffic, count)
    requests += split_cases(module, ws, requests)
    path = os.path.join(folder, "requests.jsonl")
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for req in requests:
            out.write(json.dumps(req, ensure_ascii=False) + "\n")
    config = json.loads(module.ROUTING_CONFIG_JSON)
    if perturbation:
        perturb(perturbation, config)
    router = module.Router(config=config)
    generated = typescript_decisions(args, compiled, folder, path, config, None) if compiled else None
    exact_router, exact_generated = None, None
    if args.ranks and compiled:
        exact_generated = typescript_decisions(args, compiled, folder, path, config, args.ranks)
    elif args.ranks:
        rank_files = {e: os.path.join(args.ranks, e + ".ranks") for e in ("o200k_base", "cl100k_base")}
        exact_router = module.Router(config=config, rank_files=rank_files)
    estimate = engine_decisions(cli, workspace, path, True)
    exact = engine_decisions(cli, workspace, path, False)
    problems, excluded, refused = [], [], 0
    stats = {}
    for line, req in enumerate(requests, start=1):
        if line not in estimate:
            refused += 1  # the engine refused the line as malformed; not a routing decision
            continue
        d = generated[line] if generated is not None else router.route(req)
        stats[d["decided_by"]] = stats.get(d["decided_by"], 0) + 1
        for diff in differences(estimate[line], d, ALL_FIELDS, True):
            problems.append("line %d (estimate mode): %s" % (line, diff))
        diffs = differences(exact[line], d, ROUTING_FIELDS, False)
        if diffs:
            why = near_a_bound(ws, req, estimate[line], exact[line])
            if why and not differences(estimate[line], d, ROUTING_FIELDS, False):
                excluded.append("line %d: %s" % (line, why))
            else:
                for diff in diffs:
                    problems.append("line %d (exact tokens): %s" % (line, diff))
        if exact_router is not None or exact_generated is not None:
            # With the rank files: every field equals the exact engine's, nothing excluded.
            e = exact_generated[line] if exact_generated is not None else exact_router.route(req)
            for diff in differences(exact[line], e, ALL_FIELDS, True):
                problems.append("line %d (exact BPE): %s" % (line, diff))
    return len(requests), refused, excluded, stats, problems, path


def demo_traffic(count):
    """The first `count` records of the demo's traffic log (its header line skipped)."""
    traffic = []
    with open(os.path.join(HERE, "..", "..", "resources", "demo", "traffic.jsonl"), encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if "_header" not in record:
                traffic.append(record)
            if len(traffic) >= count:
                break
    return traffic


def verdict(perturbation, total, problems):
    """The exit code: with a perturbation, 0 only when it was noticed; else 0 only for a corpus of
    at least 5,000 requests without a difference."""
    if perturbation:
        if problems == 0:
            print("perturbation %s went unnoticed: the comparison is too weak" % perturbation)
            return 1
        print("perturbation %s caught" % perturbation)
        return 0
    if total < 5000:
        print("fewer than 5,000 requests: the corpus is too small")
        return 1
    return 1 if problems else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", required=True)
    parser.add_argument("--count", type=int, default=1000, help="generated requests per workspace (besides traffic and edge cases)")
    parser.add_argument("--traffic", type=int, default=3000, help="demo traffic records per workspace")
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--perturb")
    parser.add_argument("--language", choices=("python", "typescript"), default="python")
    parser.add_argument("--tsc", help="the TypeScript compiler (tests/exports/ts/node_modules/.bin/tsc) for --language typescript")
    parser.add_argument("--node", default="node")
    parser.add_argument("--ranks", help="folder of o200k_base.ranks / cl100k_base.ranks: also route with exact token counts, "
                        "which must agree with the engine's exact decisions field by field, with no request excluded")
    parser.add_argument("--keep")
    parser.add_argument("--llm-variant-of", help="also check this workspace with an LLM classifier in place of its own "
                        "(no call function: the default label, as the engine without --live)")
    parser.add_argument("workspaces", nargs="+")
    args = parser.parse_args()
    if args.language == "typescript" and not (args.tsc and os.path.exists(args.tsc)):
        # A skip (ctest's SKIP_RETURN_CODE), said loudly: where npm cannot reach its registry
        # (scripts/test warns when `npm ci` fails) there is no compiler to check the module with.
        print("SKIP: the TypeScript compiler is missing (%s): run `npm ci` in tests/exports/ts" % args.tsc)
        return 77
    traffic = demo_traffic(args.traffic)
    total = total_problems = total_excluded = 0
    with tempfile.TemporaryDirectory(prefix="switchyard-export-conformance-") as tmp:
        tmpdir = args.keep or tmp
        workspaces = list(args.workspaces)
        if args.llm_variant_of:
            workspaces.append(llm_variant(args.llm_variant_of, tmpdir))
        compiled = [None] * len(workspaces)
        if args.language == "typescript":
            compiled = compile_typescript(args, args.cli, workspaces, os.path.join(tmpdir, "typescript"))
        for index, workspace in enumerate(workspaces):
            n, refused, excluded, stats, problems, path = check(args, args.cli, workspace, args.count, args.seed + index, tmpdir, traffic,
                                                                args.perturb, compiled[index])
            total += n - refused
            total_problems += len(problems)
            total_excluded += len(excluded)
            print("%s: %d requests (%s), %d refused by the engine as malformed, %d within the estimate's error of a bound (excluded "
                  "from the exact comparison)" % (os.path.basename(workspace), n - refused,
                                                 ", ".join("%d %s" % (v, k) for k, v in sorted(stats.items())), refused, len(excluded)))
            for e in excluded[:6]:
                print("  excluded " + e)
            for p in problems[:12]:
                print("  " + p)
            if len(problems) > 12:
                print("  ... %d differences in all (corpus %s)" % (len(problems), path))
    print("%d requests in all, %d excluded near a token bound, %d differences" % (total, total_excluded, total_problems))
    return verdict(args.perturb, total, total_problems)


if __name__ == "__main__":
    sys.exit(main())
