"""Writes a seeded corpus of varied requests (JSONL, the format of `switchyard-cli route
--requests`) aimed at the edges of the routing contract: keywords next to punctuation,
underscores, digits and non-ASCII bytes, mixed case, globs with '*' and '?' against multi-byte
characters, metadata numbers in every JSON spelling, split keys, empty texts, multi-turn
conversations, long words, and a few deliberately malformed lines.

The vocabulary (keywords, globs, metadata keys and values) is read from the workspaces given, so
every rule of every workspace gets requests that match it and requests that narrowly miss it.
"""

import argparse
import json
import random

WORDS = (
    "the a to and please help me with my order refund account password reset invoice summary "
    "explain why how what when translate draft reply email meeting notes schedule report quarterly "
    "analysis compare contrast algorithm proof theorem derive optimise refactor function class "
    "module database index query latency throughput audit logs security incident policy contract"
).split()
UNICODE_WORDS = [
    "café", "naïve", "Straße", "ÉCOLE", "İstanbul", "ǅemal", "Ωmega", "µs", "ﬁle",
    "你好", "请帮我总结这份报告", "東京都", "ありがとう", "한국어", "مرحبا", "שלום", "Привет", "ΔΣ",
    "😀", "🚀🚀", "👩‍💻", "🇩🇪", "e\u0301", "\u200b", "\u00a0", "\ufeff", "𝔘𝔫𝔦", "Ⅻ", "①", "٣",
]
PUNCT = list(".,;:!?()[]{}<>\"'`~@#$%^&*-+=/\\|") + ["...", "--", "—", "«", "»", "“", "”", "\t", "  "]
ADJACENT = ["_", "0", "7", "x", "Z", "é", "日", "😀", "-", ".", "'", "+", "#", "\n", ""]


def collect_vocab(workspaces):
    vocab = {"keywords": set(), "globs": {}, "meta_keys": set(), "meta_values": set()}
    for ws in workspaces:
        for rule in ws["policy"].get("rules", []):
            if "when" in rule:
                walk_condition(rule["when"], vocab)
        for label in ws["policy"].get("classifier", {}).get("labels", {}):
            vocab["keywords"].add(label)
    vocab["globs"].setdefault("endpoint", set()).update(["/tickets/classify", "/reports/*", "/api/*/chat"])
    return vocab


def walk_condition(cond, vocab):
    (kind, arg), = cond.items()
    if kind in ("all", "any"):
        for c in arg:
            walk_condition(c, vocab)
    elif kind == "not":
        walk_condition(arg, vocab)
    elif kind in ("endpoint", "user_plan", "task_type"):
        vocab["globs"].setdefault(kind, set()).update(arg if isinstance(arg, list) else [arg])
    elif kind == "keywords":
        vocab["keywords"].update(arg if isinstance(arg, list) else arg["words"])
    elif kind == "meta":
        vocab["meta_keys"].add(arg["key"])
        for op in ("equals", "glob", "gt", "gte", "lt", "lte"):
            if op in arg:
                if op == "glob":
                    vocab["globs"].setdefault("meta:" + arg["key"], set()).add(arg["glob"])
                else:
                    vocab["meta_values"].add(json.dumps(arg[op]))
        for v in arg.get("in", []):
            vocab["meta_values"].add(json.dumps(v))


class Generator:
    def __init__(self, seed, vocab):
        self.r = random.Random(seed)
        self.vocab = vocab
        self.keywords = sorted(vocab["keywords"])
        self.globs = {k: sorted(v) for k, v in sorted(vocab["globs"].items())}
        self.meta_keys = sorted(vocab["meta_keys"]) + ["region", "user", "endpoint", "task_type", "n"]
        self.meta_values = sorted(vocab["meta_values"])

    def chance(self, p):
        return self.r.random() < p

    def pick(self, seq):
        return seq[self.r.randrange(len(seq))]

    def case_variant(self, s):
        mode = self.r.randrange(5)
        if mode == 0:
            return s.upper()
        if mode == 1:
            return s.title()
        if mode == 2:
            return "".join(c.upper() if self.chance(0.5) else c for c in s)
        return s

    def keyword_in_context(self):
        kw = self.case_variant(self.pick(self.keywords)) if self.keywords else "help"
        before = self.pick(ADJACENT + [" ", " ", " ", "(", "\""])
        after = self.pick(ADJACENT + [" ", " ", " ", ")", ",", ".", "s", "ing"])
        return before + kw + after

    def glob_value(self, glob):
        """A value that matches `glob`, or one that narrowly misses it."""
        out = []
        for ch in glob:
            if ch == "*":
                out.append(self.pick(["", "x", "q3/2024", "é", "a*b", "/", "日本"]))
            elif ch == "?":
                # One byte matches; a two-byte character does not.
                out.append(self.pick(["a", "Z", "1", "-", "é", "?"]))
            else:
                out.append(ch)
        value = "".join(out)
        mode = self.r.randrange(8)
        if mode == 0:
            value = value.upper()
        elif mode == 1:
            value = value[:-1]
        elif mode == 2:
            value = value + self.pick(["x", "/", " ", "é"])
        elif mode == 3:
            value = self.pick(["", "/"]) + value
        return value

    def sentence(self):
        parts = []
        for _ in range(self.r.randrange(0, 14)):
            roll = self.r.random()
            if roll < 0.55:
                parts.append(self.case_variant(self.pick(WORDS)))
            elif roll < 0.65:
                parts.append(self.keyword_in_context())
            elif roll < 0.8:
                parts.append(self.pick(UNICODE_WORDS))
            elif roll < 0.9:
                parts.append(self.pick(PUNCT))
            else:
                parts.append(str(self.r.randrange(0, 100000)))
        sep = self.pick([" ", " ", " ", "", "\n", "_", "-", "\t"])
        return sep.join(parts)

    def text(self):
        roll = self.r.random()
        if roll < 0.05:
            return ""
        if roll < 0.08:
            return self.pick([" ", "\n", "\n\n\n", "```", "``", "` ``", "\t \t"])
        if roll < 0.1:
            # A word longer than the classifier's 4,094-byte cut, or many lines.
            if self.chance(0.5):
                return self.pick(["a", "é", "x_", "日"]) * self.r.randrange(2000, 5000)
            return "\n".join(self.sentence() for _ in range(self.r.randrange(18, 30)))
        if roll < 0.13:
            return "key: " + self.pick(["sk-", "AKIA", "sk_"]) + "".join(
                self.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-ab") for _ in range(self.r.randrange(10, 30)))
        text = self.sentence()
        if self.chance(0.15):
            fence = self.pick(["```", "```py", "~~~", "``"])
            text += "\n" + fence + "\n" + self.pick(["x = 1", "def f(): pass", "SELECT 1;", ""]) + "\n```"
        if self.chance(0.2):
            text = self.sentence() + "\n" + text
        return text

    def messages(self):
        n = self.pick([1, 1, 1, 2, 3, 4, 5, 7])
        roles = ["user"] if n == 1 else [self.pick(["system", "user", "user", "assistant", "tool"]) for _ in range(n)]
        return [{"role": role, self.pick(["content", "content", "text"]): self.text()} for role in roles]

    def number_spelling(self):
        return self.pick([
            0, 1, 5, -3, 2.5, 1e3, 1e15, 1e16, 1e-5, 0.0001, -0.0, 0.1, 100.0, 123456789012, 12345678901234567890,
            123456789012345678901234, True, False,
            "5", " 5", "5 ", "+5", "-5", "5.", ".5", "1e3", "1E+2", "0x10", "inf", "nan", "5abc", "", "abc", "١٢",
            "10", "2.50", "99", "100", "101", "INF", "-inf", "Infinity", "infinit", "NaN", "nan(1)", "-0", "1e",
            "1e400", "-1e400", "1e-400", "0e999", "4.9e-324", "00012", "1_000", "5.0", "-5.5e0",
        ])

    def metadata(self):
        meta = {}
        for _ in range(self.r.randrange(0, 4)):
            key = self.pick(self.meta_keys)
            roll = self.r.random()
            if roll < 0.35 and self.meta_values:
                value = json.loads(self.pick(self.meta_values))
                if isinstance(value, str) and self.chance(0.2):
                    value = self.case_variant(value)
            elif roll < 0.55 and ("meta:" + key) in self.globs:
                value = self.glob_value(self.pick(self.globs["meta:" + key]))
            else:
                value = self.number_spelling()
            meta[key] = value
        return meta

    def request(self):
        req = {}
        if self.chance(0.6):
            req["id"] = self.pick([
                "", "a", "req-" + str(self.r.randrange(10 ** 6)), "ä", "日本-" + str(self.r.randrange(1000)),
                "%032x" % self.r.getrandbits(128), str(self.r.randrange(10 ** 9)), "id with spaces",
            ])
        if self.chance(0.3):
            req["prompt"] = self.text()
        elif self.chance(0.95):
            req["messages"] = self.messages()
        for field in ("endpoint", "user_plan", "task_type"):
            if self.chance(0.5) and field in self.globs:
                req[field] = self.glob_value(self.pick(self.globs[field]))
            elif self.chance(0.1):
                req[field] = self.pick(["", "free", "pro", "code", "faq", "extraction", "/x"])
        meta = self.metadata()
        if meta or self.chance(0.05):
            req["metadata"] = meta
        if self.chance(0.3):
            req[self.pick(["max_output_tokens", "max_tokens"])] = self.pick([1, 16, 256, 1024, 4000, 8192, 64000, 300000])
        if self.chance(0.25):
            req["json_mode"] = self.chance(0.7)
        if self.chance(0.25):
            req["tools"] = self.pick([True, False, [], [{"type": "function", "name": "f"}]])
        if self.chance(0.15):
            req["output_tokens"] = self.pick([0, 10, 500, 4000])
        if self.chance(0.25) or len(json.dumps(req, ensure_ascii=False)) > 900:
            # A logged count, as traffic carries: rules and the guard use it instead of counting.
            req["input_tokens"] = self.pick([0, 3, 7, 50, 999, 1000, 1500, 5000, 99999, 100000, 150000, 199000,
                                             250000, 1047000, 2000000])
        return req

    def malformed(self):
        return self.pick([
            '{"prompt": "unterminated',
            '{"messages": [{"content": "no role"}]}',
            '{"messages": [{"role": "user", "content": "x"}], "prompt": "both"}',
            '{"prompt": "x", "metadata": {"k": [1, 2]}}',
            '{"prompt": "x", "max_tokens": 0}',
            '{"prompt": "x", "id": 42}',
            '{"prompt": "\\ud800 lone surrogate"}',
            '["not", "an", "object"]',
            '{"prompt": "x"} trailing',
            '{"prompt": "x", "json_mode": "yes"}',
            '{"prompt": "x", "input_tokens": -1}',
        ])


def write_corpus(gen, count, out, settle=None):
    """`settle` may adjust each request (e.g. give it a logged token count) before it is written."""
    for _ in range(count):
        roll = gen.r.random()
        if roll < 0.01:
            out.write(gen.malformed() + "\n")
        elif roll < 0.015:
            out.write(gen.pick(["", "   ", "\t"]) + "\n")  # blank lines are skipped
        else:
            req = gen.request()
            out.write(json.dumps(settle(req) if settle else req, ensure_ascii=gen.chance(0.3)) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=20260612)
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--out", required=True)
    parser.add_argument("workspaces", nargs="+")
    args = parser.parse_args()
    workspaces = []
    for path in args.workspaces:
        with open(path, "rb") as f:
            workspaces.append(json.loads(f.read()))
    gen = Generator(args.seed, collect_vocab(workspaces))
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        write_corpus(gen, args.count, out)


if __name__ == "__main__":
    main()
