"""An independent Python router for Switchyard policies, written from docs/routing-policy.md and
core/classify/features.h rather than from the C++ engine, so that the parity test shows the
documented contract is enough to reproduce every decision: what a Python or TypeScript exporter
will have to do. Where the docs were silent or wrong, the docs were fixed, then this file.

Covered: rules with every predicate that needs neither a tokenizer nor RE2, input_tokens when the
request carries its count or byte bounds settle it, regexes in the subset where Python's `re` on
bytes agrees with RE2, all four actions, the local classifier with the confidence threshold, and
the context-window guard when byte bounds or known counts settle it. Anything else raises
Undecidable rather than guessing.

Everything works on UTF-8 bytes, as the engine does.
"""

import base64
import json
import math
import re
import struct

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
MASK64 = (1 << 64) - 1


class Undecidable(Exception):
    """The request needs something this reference does not model (exact token counts, RE2)."""


class MalformedRequest(Exception):
    pass


def fnv1a64(data):
    h = FNV_OFFSET
    for b in data:
        h = ((h ^ b) * FNV_PRIME) & MASK64
    return h


def ascii_lower(data):
    # bytes.lower() folds only A-Z, which is exactly the documented ASCII case folding.
    return data.lower()


def glob_match(pattern, value):
    """'*' any run of bytes (also empty), '?' one byte, all else literal; whole value."""
    p = v = 0
    star_p = -1
    star_v = 0
    while v < len(value):
        if p < len(pattern) and pattern[p] == ord("*"):
            star_p, star_v = p, v
            p += 1
        elif p < len(pattern) and (pattern[p] == ord("?") or pattern[p] == value[v]):
            p += 1
            v += 1
        elif star_p >= 0:
            star_v += 1
            p, v = star_p + 1, star_v
        else:
            return False
    while p < len(pattern) and pattern[p] == ord("*"):
        p += 1
    return p == len(pattern)


def is_keyword_char(b):
    return (0x30 <= b <= 0x39) or (0x41 <= b <= 0x5A) or (0x61 <= b <= 0x7A) or b == 0x5F


def keyword_found(lowered_text, keyword):
    kw = ascii_lower(keyword)
    if not kw:
        return False
    check_before = is_keyword_char(kw[0])
    check_after = is_keyword_char(kw[-1])
    start = lowered_text.find(kw)
    while start >= 0:
        end = start + len(kw)
        before_ok = not check_before or start == 0 or not is_keyword_char(lowered_text[start - 1])
        after_ok = not check_after or end == len(lowered_text) or not is_keyword_char(lowered_text[end])
        if before_ok and after_ok:
            return True
        start = lowered_text.find(kw, start + 1)
    return False


# --- the local classifier (core/classify/features.h) -------------------------------------------

MAX_WORD_BYTES = 4094
CHAR_GRAM = 4
MAX_LINES_FEATURE = 20


FEATURE_WORD_RE = re.compile(rb"[0-9A-Za-z_\x80-\xff]+")


def feature_strings(text):
    """Every feature occurrence as the bytes that are hashed (prefix included), in text order."""
    words = [w[:MAX_WORD_BYTES] for w in FEATURE_WORD_RE.findall(ascii_lower(text))]
    out = []
    previous = None
    for word in words:
        out.append(b"w:" + word)
        if previous is not None:
            out.append(b"b:" + previous + b" " + word)
        padded = b" " + word + b" "
        if len(padded) < CHAR_GRAM:
            out.append(b"c:" + padded)
        else:
            for k in range(len(padded) - CHAR_GRAM + 1):
                out.append(b"c:" + padded[k : k + CHAR_GRAM])
        previous = word
    length_bucket = (len(text) + 1).bit_length() - 1  # floor(log2(length + 1)), exactly
    out.append(b"len:" + str(length_bucket).encode())
    out.append(b"lines:" + str(min(text.count(b"\n"), MAX_LINES_FEATURE)).encode())
    if b"```" in text:
        out.append(b"code")
    return out


_HASHES = {}  # feature bytes -> FNV-1a-64: words repeat a lot, and hashing in Python is slow


def extract_features(text, hash_bits):
    counts = {}
    mask = (1 << hash_bits) - 1
    for s in feature_strings(text):
        h = _HASHES.get(s)
        if h is None:
            h = _HASHES[s] = fnv1a64(s)
        bucket = h & mask
        counts[bucket] = counts.get(bucket, 0) + 1
    norm = math.sqrt(sum(c * c for c in counts.values()))
    return {b: c / norm for b, c in counts.items()}


class LocalClassifier:
    def __init__(self, spec):
        self.labels = list(spec["labels"])
        self.hash_bits = int(spec["hash_bits"])
        self.bias = [float(b) for b in spec["bias"]]
        raw = base64.b64decode(spec["weights_f32le_base64"])
        dims = 1 << self.hash_bits
        if len(raw) != 4 * dims * len(self.labels):
            raise ValueError("weights do not have labels x 2^hash_bits float32 values")
        flat = struct.unpack("<%df" % (dims * len(self.labels)), raw)
        self.rows = [flat[k * dims : (k + 1) * dims] for k in range(len(self.labels))]
        self.memo = {}

    def probabilities(self, text):
        if text not in self.memo:
            self.memo[text] = self.compute(text)
        return self.memo[text]

    def compute(self, text):
        features = extract_features(text, self.hash_bits)
        scores = []
        for k, row in enumerate(self.rows):
            scores.append(self.bias[k] + sum(row[i] * v for i, v in features.items()))
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]


# --- requests (docs/traffic-format.md, the request file of `route --request`) ------------------


def _int_field(obj, key, minimum):
    if key not in obj:
        return None
    v = obj[key]
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise MalformedRequest(key)
    if isinstance(v, float):
        if not (v == math.floor(v) and abs(v) < 9e15):
            raise MalformedRequest(key)
        v = int(v)
    if v < minimum or v > (1 << 63) - 1:
        raise MalformedRequest(key)
    return v


def _string_field(obj, key, allow_empty=True):
    if key not in obj:
        return None
    v = obj[key]
    if not isinstance(v, str) or (not allow_empty and not v):
        raise MalformedRequest(key)
    return v


def json_text(value):
    """A JSON scalar as text, the way the engine spells metadata values that are not strings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return format_double(value)


def format_double(x):
    # The shortest round-trip digits, printed as nlohmann::json does: plain notation for
    # decimal exponents from -4 to 15, else d.ddde+XX; always a ".0" or an exponent.
    if x == 0:
        return "-0.0" if math.copysign(1.0, x) < 0 else "0.0"
    r = repr(x)
    mantissa, _, exp = r.partition("e")
    digits = mantissa.lstrip("-").replace(".", "")
    point = mantissa.lstrip("-").find(".")
    if point < 0:
        point = len(mantissa.lstrip("-"))
    decimal_exponent = point + (int(exp) if exp else 0)
    lead = len(digits) - len(digits.lstrip("0"))
    digits = digits.strip("0") or "0"
    decimal_exponent -= lead
    sign = "-" if x < 0 else ""
    if -4 < decimal_exponent <= 15:
        if decimal_exponent <= 0:
            body = "0." + "0" * (-decimal_exponent) + digits
        elif decimal_exponent >= len(digits):
            body = digits + "0" * (decimal_exponent - len(digits)) + ".0"
        else:
            body = digits[:decimal_exponent] + "." + digits[decimal_exponent:]
        return sign + body
    e = decimal_exponent - 1
    body = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return sign + body + "e" + ("-" if e < 0 else "+") + "%02d" % abs(e)


def parse_json_line(line):
    """JSON the way the engine reads it: integers beyond 64 bits become doubles."""

    def parse_int(s):
        v = int(s)
        return v if -(1 << 63) <= v < (1 << 64) else float(s)

    def reject_constant(name):
        raise MalformedRequest(name)

    return json.loads(line, parse_int=parse_int, parse_constant=reject_constant)


class Request:
    def __init__(self):
        self.id = ""
        self.messages = []  # (role bytes, text bytes)
        self.meta = {}  # str -> bytes, well-known keys included
        self.max_output_tokens = None
        self.json_mode = False
        self.tools = False
        self.input_tokens = None
        self.output_tokens = None

    def text(self):
        return b"\n".join(t for _, t in self.messages)

    def meta_value(self, key):
        v = self.meta.get(key)
        # Empty well-known fields mean "not given".
        if v is not None and v == b"" and key in ("endpoint", "user_plan", "task_type"):
            return None
        return v


def read_request(obj):
    if not isinstance(obj, dict):
        raise MalformedRequest("not an object")
    req = Request()
    req.id = _string_field(obj, "id") or ""
    if "messages" in obj:
        messages = obj["messages"]
        if not isinstance(messages, list):
            raise MalformedRequest("messages")
        for m in messages:
            if not isinstance(m, dict):
                raise MalformedRequest("message")
            role = _string_field(m, "role", allow_empty=False)
            if role is None:
                raise MalformedRequest("role")
            text = _string_field(m, "content" if "content" in m else "text")
            if text is None:
                raise MalformedRequest("content")
            req.messages.append((role.encode(), text.encode()))
    prompt = _string_field(obj, "prompt")
    if prompt is not None:
        if req.messages:
            raise MalformedRequest("prompt and messages")
        req.messages.append((b"user", prompt.encode()))
    for key in ("endpoint", "user_plan", "task_type"):
        v = _string_field(obj, key)
        if v is not None:
            req.meta[key] = v.encode()
    if "metadata" in obj:
        meta = obj["metadata"]
        if not isinstance(meta, dict):
            raise MalformedRequest("metadata")
        for k, v in meta.items():
            if isinstance(v, str):
                req.meta[k] = v.encode()
            elif isinstance(v, (bool, int, float)):
                req.meta[k] = json_text(v).encode()
            else:
                raise MalformedRequest("metadata value")
    req.max_output_tokens = _int_field(obj, "max_output_tokens", 1)
    if req.max_output_tokens is None:
        req.max_output_tokens = _int_field(obj, "max_tokens", 1)
    if "json_mode" in obj:
        if not isinstance(obj["json_mode"], bool):
            raise MalformedRequest("json_mode")
        req.json_mode = obj["json_mode"]
    if "tools" in obj:
        t = obj["tools"]
        req.tools = t if isinstance(t, bool) else (isinstance(t, list) and len(t) > 0)
    req.input_tokens = _int_field(obj, "input_tokens", 0)
    _int_field(obj, "cached_input_tokens", 0)
    req.output_tokens = _int_field(obj, "output_tokens", 0)
    return req


# --- the policy ---------------------------------------------------------------------------------


def _globs(value):
    return [g.encode() for g in (value if isinstance(value, list) else [value])]


def _meta_scalar(v):
    return v.encode() if isinstance(v, str) else json_text(v).encode()


DECIMAL_RE = re.compile(rb"-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
SPECIAL_RE = re.compile(rb"-?(inf|infinity|nan(\([0-9A-Za-z_]*\))?)", re.IGNORECASE)


def meta_number(value):
    """A metadata value read as a number, as the docs define it: the whole value is a decimal
    number (optional '-', no '+', no spaces, no hex) or inf / infinity / nan; a finite value
    beyond the range of a double does not parse."""
    if value is None:
        return None
    if SPECIAL_RE.fullmatch(value):
        special = value.lstrip(b"-")[:3].lower()
        x = float("nan") if special == b"nan" else float("inf")
        return -x if value.startswith(b"-") else x
    m = DECIMAL_RE.fullmatch(value)
    if not m:
        return None
    x = float(value)
    if math.isinf(x) or (x == 0 and m.group(1).strip(b"0.")):
        return None
    return x


def token_bounds(req):
    """Lower and upper bounds of the input tokens of any tokenizer (a token is 1+ bytes)."""
    if req.input_tokens is not None:
        return req.input_tokens, req.input_tokens
    lo = hi = 3
    for role, text in req.messages:
        lo += 3 + (1 if role else 0) + (1 if text else 0)
        hi += 3 + len(role) + len(text)
    return lo, hi


class Policy:
    def __init__(self, workspace):
        self.ws = workspace
        self.spec = workspace["policy"]
        self.tiers = workspace["tiers"]
        self.tier_names = [t["name"] for t in self.tiers]
        self.models = {m["id"]: m for m in workspace["catalog"]}
        self.rules = self.spec.get("rules", [])
        self.threshold = float(self.spec.get("confidence_threshold", 0.85))
        classifier = self.spec.get("classifier", {"kind": "none"})
        self.classifier_kind = classifier.get("kind", "none")
        self.label_tiers = classifier.get("labels", {})
        self.local = LocalClassifier(classifier["local"]) if self.classifier_kind == "local" else None
        guard = self.spec.get("context_guard", {})
        self.guard_enabled = guard.get("enabled", True)
        self.default_output = guard.get("default_output_tokens", 1024)

    def tier(self, name):
        return self.tiers[self.tier_names.index(name)]

    def tier_of_model(self, model):
        for t in self.tiers:
            if t["primary"] == model:
                return t["name"]
        for t in self.tiers:
            if model in t.get("fallbacks", []):
                return t["name"]
        return ""

    # Conditions ---------------------------------------------------------------------------------

    def matches(self, cond, req, ctx):
        (kind, arg), = cond.items()
        if kind == "always":
            return True
        if kind == "all":
            return all(self.matches(c, req, ctx) for c in arg)
        if kind == "any":
            return any(self.matches(c, req, ctx) for c in arg)
        if kind == "not":
            return not self.matches(arg, req, ctx)
        if kind in ("endpoint", "user_plan", "task_type"):
            # Absent is the empty value here (unlike {"meta": ...}), so "*" matches it.
            value = req.meta_value(kind) or b""
            return any(glob_match(g, value) for g in _globs(arg))
        if kind == "meta":
            return self.meta_matches(arg, req)
        if kind == "keywords":
            words = arg if isinstance(arg, list) else arg["words"]
            need_all = isinstance(arg, dict) and arg.get("match", "any") == "all"
            lowered = ctx["lowered"]
            found = (keyword_found(lowered, w.encode()) for w in words)
            return all(found) if need_all else any(found)
        if kind == "code_block":
            return (b"```" in ctx["text"]) == bool(arg)
        if kind == "turns":
            n = sum(1 for role, _ in req.messages if role == b"user")
            return arg.get("min", 0) <= n <= arg.get("max", n)
        if kind == "json_mode":
            return req.json_mode == bool(arg)
        if kind == "tools":
            return req.tools == bool(arg)
        if kind == "output_tokens":
            n = req.max_output_tokens
            return n is not None and arg.get("min", n) <= n <= arg.get("max", n)
        if kind == "input_tokens":
            lo, hi = token_bounds(req)
            low_ok, high_ok = arg.get("min", 0), arg.get("max", None)
            if lo >= low_ok and (high_ok is None or hi <= high_ok):
                return True
            if hi < low_ok or (high_ok is not None and lo > high_ok):
                return False
            raise Undecidable("input_tokens needs an exact count")
        if kind == "regex":
            # Python's re on bytes agrees with RE2 for the test workspaces' patterns (ASCII
            # classes, \b, alternation, counted repeats, (?i)); anything fancier is out of scope.
            return re.search(arg.encode(), ctx["text"]) is not None
        raise Undecidable("condition " + kind)

    def meta_matches(self, m, req):
        value = req.meta_value(m["key"])
        if "exists" in m:
            return (value is not None) == bool(m["exists"])
        if value is None:
            return False
        if "equals" in m:
            return value == _meta_scalar(m["equals"])
        if "in" in m:
            return any(value == _meta_scalar(v) for v in m["in"])
        if "glob" in m:
            return glob_match(m["glob"].encode(), value)
        x = meta_number(value)
        if x is None:
            return False
        for op, test in (("gt", x.__gt__), ("gte", x.__ge__), ("lt", x.__lt__), ("lte", x.__le__)):
            if op in m:
                return test(float(m[op]))
        raise Undecidable("meta operator")

    # Decision -----------------------------------------------------------------------------------

    def route(self, req):
        text = req.text()
        ctx = {"text": text, "lowered": ascii_lower(text)}
        d = {"rejected": False, "tier": "", "model": "", "decided_by": "default"}
        for index, rule in enumerate(self.rules):
            if not rule.get("enabled", True):
                continue
            if "when" in rule and not self.matches(rule["when"], req, ctx):
                continue
            d["decided_by"] = "rule"
            d["rule"] = rule["name"]
            d["rule_index"] = index
            action = rule.get("then", rule)
            if "reject" in action:
                d["rejected"] = True
                d["reject_message"] = action["reject"]
                return d
            if "tier" in action:
                d["tier"] = action["tier"]
                d["model"] = self.tier(action["tier"])["primary"]
            elif "model" in action:
                d["model"] = action["model"]
                d["tier"] = self.tier_of_model(action["model"])
            else:
                targets = action["split"]
                by_id = action.get("key", "id") == "id" and req.id
                key = req.id.encode() if by_id else text
                bucket = fnv1a64(key) % sum(t["weight"] for t in targets)
                running = 0
                for t in targets:
                    running += t["weight"]
                    if running > bucket:
                        d["model"] = t["model"]
                        break
                d["split_bucket"] = bucket
                d["split_target"] = d["model"]
                d["tier"] = self.tier_of_model(d["model"])
            return self.guard(d, req)
        if self.classifier_kind == "local":
            probs = self.local.probabilities(text)
            best = max(range(len(probs)), key=lambda k: (probs[k], -k))
            label = self.local.labels[best]
            tier = self.label_tiers[label]
            escalated = probs[best] < self.threshold and tier != self.tier_names[-1]
            if escalated:
                tier = self.tier_names[self.tier_names.index(tier) + 1]
            d["decided_by"] = "classifier"
            d["classifier"] = {
                "label": label,
                "label_tier": self.label_tiers[label],
                "escalated": escalated,
                "probabilities": dict(zip(self.local.labels, probs)),
            }
            d["tier"] = tier
        elif self.classifier_kind != "none":
            raise Undecidable("classifier " + self.classifier_kind)
        else:
            d["tier"] = self.spec["default_tier"]
        d["model"] = self.tier(d["tier"])["primary"]
        return self.guard(d, req)

    def guard(self, d, req):
        d["guard_moves"] = []
        if not self.guard_enabled:
            return d
        if req.max_output_tokens is not None:
            out = req.max_output_tokens
        elif req.output_tokens is not None:
            out = req.output_tokens
        else:
            out = self.default_output
        lo, hi = token_bounds(req)

        def fits(model):
            window = self.models[model]["context_window"]
            if window <= 0 or hi + out <= window:
                return True
            if lo + out > window:
                return False
            raise Undecidable("the guard needs an exact count")

        # The documented candidate order: the chosen model, the decision's fallbacks (its tier's
        # primary first when the model is one of the tier's fallbacks), then every later tier's
        # primary and fallbacks (every tier's when the model has no tier); each model once.
        candidates = []

        def add(tier, model):
            if all(model != m for _, m in candidates):
                candidates.append((tier, model))

        add(d["tier"], d["model"])
        later = self.tiers
        if d["tier"]:
            at = self.tier_names.index(d["tier"])
            own = self.tier(d["tier"])
            if own["primary"] != d["model"]:
                add(d["tier"], own["primary"])
            for m in own.get("fallbacks", []):
                add(d["tier"], m)
            later = self.tiers[at + 1 :]
        for t in later:
            for m in [t["primary"]] + t.get("fallbacks", []):
                add(t["name"], m)
        tried = 0
        for tier, model in candidates:
            if fits(model):
                d["tier"], d["model"] = tier, model
                d["guard_moves"] = [model] * tried
                return d
            tried += 1
        d["guard_moves"] = [""] * tried
        d["rejected"] = True
        return d


def load_workspace(path):
    with open(path, "rb") as f:
        return json.loads(f.read())
