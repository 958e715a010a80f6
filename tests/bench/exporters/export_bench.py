"""Export and generated-router timings (run by hand, not by ctest; speed is measured here, never in
unit tests).

  export_bench.py --cli build/app/switchyard-cli [--workspace resources/demo/workspace.json]

1. `switchyard-cli export` of the workspace in every format, end to end (process start, reading
   and compiling the workspace, writing the files): median of 15 runs.
2. The generated Python router's decision time per request on the 2 KB benchmark prompt
   (tests/bench/benchprompt.h): decided by a rule, by the local classifier, with the workspace's
   token rule (estimate mode, and exact BPE from the rank files) and without it; median over
   decisions of fresh requests. Exact BPE alone: tokens per second on the same text.
3. The same for the TypeScript router under node (tests/bench/exporters/ts_router_bench.js),
   compiled with tests/exports/ts's tsc.
"""

import argparse
import importlib.util
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True


def prompt2k():
    para = ("Our team of 42 people moved to the Pro plan in March, and since then uploads from the Brazil office are slow. "
            "We tried the desktop client (v5.3) and the web app; both stall at 80% for files over 2 GB. Can you explain why? ")
    s = ""
    while len(s) < 2048:
        s += para
    return s[:2048]


def gen_words(n):
    import random
    r = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(r.choice(letters) for _ in range(r.randrange(2, 11))) for _ in range(n)]


def formats(cli):
    text = subprocess.run([cli, "export", "--help"], stdout=subprocess.PIPE, check=True).stdout.decode()
    return [f.strip() for f in re.search(r"one of: ([a-z, ]+)", text).group(1).split(",")]


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def per_request(router, make, n):
    times = []
    for i in range(n):
        req = make(i)
        t0 = time.perf_counter()
        router.route(req)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e6, sorted(times)[int(0.99 * (n - 1))] * 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", required=True)
    parser.add_argument("--workspace", default=os.path.join(os.path.dirname(__file__), "..", "..", "..", "resources", "demo", "workspace.json"))
    parser.add_argument("--decisions", type=int, default=300)
    parser.add_argument("--ranks", default=os.path.join(os.path.dirname(__file__), "..", "..", "..", "resources", "tokenizer"))
    parser.add_argument("--tsc", default=os.path.join(os.path.dirname(__file__), "..", "..", "exports", "ts", "node_modules", ".bin", "tsc"))
    args = parser.parse_args()
    print("load: " + open("/proc/loadavg").read().strip())
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in formats(args.cli):
            runs = []
            for _ in range(15):
                t0 = time.perf_counter()
                subprocess.run([args.cli, "export", args.workspace, "--format", fmt, "-o", tmp + "/" + fmt + "/"], check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                runs.append(time.perf_counter() - t0)
            print("export --format %-8s median %.1f ms (min %.1f) end to end" % (fmt, statistics.median(runs) * 1e3, min(runs) * 1e3))
        subprocess.run([args.cli, "export", args.workspace, "--format", "python", "-o", tmp + "/py/"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        module = load(tmp + "/py/switchyard_router.py", "bench_router")
        t0 = time.perf_counter()
        router = module.Router()
        print("Router() from the embedded config: %.1f ms" % ((time.perf_counter() - t0) * 1e3))
        config = json.loads(module.ROUTING_CONFIG_JSON)
        config["policy"]["rules"] = [r for r in config["policy"]["rules"] if "input_tokens" not in json.dumps(r.get("when", {}))]
        no_token_rules = module.Router(config=config)
        rank_files = {e: os.path.join(args.ranks, e + ".ranks") for e in ("o200k_base", "cl100k_base")}
        t0 = time.perf_counter()
        exact = module.Router(rank_files=rank_files)
        print("Router(rank_files=both) loading the ranks: %.0f ms" % ((time.perf_counter() - t0) * 1e3))
        text = prompt2k()
        n = args.decisions
        # Each request differs (a number at the end), so no cache of the classifier's hashes of
        # whole texts helps; words repeat as they do in real traffic.
        cases = [
            ("rule (task_type code), 2 KB", router, lambda i: {"prompt": text[:-6] + "%06d" % i, "task_type": "code"}),
            ("local classifier + token rule (estimate), 2 KB", router, lambda i: {"prompt": text[:-6] + "%06d" % i}),
            ("local classifier, no token rule, 2 KB", no_token_rules, lambda i: {"prompt": text[:-6] + "%06d" % i}),
            ("token rule with a logged count, then classifier, 2 KB", router, lambda i: {"prompt": text[:-6] + "%06d" % i, "input_tokens": 520}),
            ("local classifier + token rule (exact BPE), 2 KB", exact, lambda i: {"prompt": text[:-6] + "%06d" % i}),
        ]
        for name, r, make in cases:
            p50, p99 = per_request(r, make, n)
            print("python router, %-52s p50 %8.1f us  p99 %8.1f us" % (name, p50, p99))
        counter = module.TiktokenCounter("o200k_base", rank_files["o200k_base"])
        prose = " ".join(text for _ in range(50)).encode()  # 100 KB of the prompt's words, cold memo
        counter.memo.clear()
        t0 = time.perf_counter()
        tokens = counter.count(prose)
        seconds = time.perf_counter() - t0
        print("python exact BPE (o200k_base) on 100 KB of prose: %.0f ms, %.0f KB/s, %d tokens" % (seconds * 1e3, len(prose) / 1024 / seconds, tokens))
        fresh = module.TiktokenCounter("o200k_base", rank_files["o200k_base"])
        varied = " ".join(gen_words(20000)).encode()
        t0 = time.perf_counter()
        fresh.count(varied)
        seconds = time.perf_counter() - t0
        print("python exact BPE (o200k_base) on %d KB of varied words (few repeats): %.0f KB/s" % (len(varied) // 1024, len(varied) / 1024 / seconds))
        if os.path.exists(args.tsc):
            subprocess.run([args.cli, "export", args.workspace, "--format", "typescript", "-o", tmp + "/ts/"], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            subprocess.run([args.tsc, "--strict", "--target", "es2020", "--module", "commonjs", "--outDir", tmp + "/ts/js",
                            tmp + "/ts/switchyard_router.ts"], check=True)
            bench = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ts_router_bench.js")
            subprocess.run(["node", bench, tmp + "/ts/js/switchyard_router.js", args.ranks, str(n)], check=True)
    print("load: " + open("/proc/loadavg").read().strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
