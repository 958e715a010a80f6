"""@@HEADER@@

The client side of a Portkey gateway export. The gateway's conditional router reads only the
request's metadata (the x-portkey-metadata header) and body parameters, so this helper computes,
with the generated router @@MODULE@@.py, the metadata the exported conditions test: the
well-known fields, the engine's reading of metadata numbers, input tokens, user turns, the
rule conditions the gateway cannot evaluate (keywords, regexes, code blocks, JSON mode, tools;
"1" or "0"), the weighted splits' FNV-1a buckets, the classifier's label and confidence, and the
target the context guard moved a request to. It sends the config (with the API keys read from
the environment variables it names) in x-portkey-config. Standard library only.

    import portkey_helper
    helper = portkey_helper.Helper()                      # or Helper(rank_files={...}) for exact counts
    status, answer, headers = helper.chat(request, gateway="http://127.0.0.1:8787")
    # or, with your own HTTP client:
    prepared = helper.prepare(request)                    # raises RejectedRequest for a rejected one
    post(gateway + "/v1/chat/completions", json=prepared.body, headers=prepared.headers)

A request is the JSON object the generated router takes ("messages", "id", "endpoint",
"user_plan", "task_type", "metadata", "max_output_tokens", "json_mode", ...).
"""

import copy
import json
import math
import os
import urllib.error
import urllib.request

import @@MODULE@@ as _router

HELPER_DATA_JSON = "@@PORTKEY@@"


class RejectedRequest(Exception):
    """The policy rejects the request (a reject rule, or nothing holds it): it is not sent."""

    def __init__(self, decision):
        super().__init__(decision.get("reject_message") or "the policy rejects the request")
        self.decision = decision


def number_text(x):
    """A double as text that the gateway's parseFloat reads back as the same double."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return repr(x)


def _resolve(document, pointer):
    node = document
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def _text(data):
    return data.decode("utf-8", "replace")


def target_name(tier_names, decision):
    """The gateway target a decision goes to (named as the exporter names them)."""
    tier, model = decision["tier"], decision["model"]
    if not tier:
        return "model:" + model
    return tier if tier_names[tier] == model else tier + "/" + model


class Prepared:
    def __init__(self, decision, metadata, headers, body):
        self.decision = decision
        self.metadata = metadata
        self.headers = headers
        self.body = body


class Helper:
    def __init__(self, router=None, config=None, **router_kwargs):
        self.data = json.loads(HELPER_DATA_JSON)
        self.router = router if router is not None else _router.Router(**router_kwargs)
        self.config = config if config is not None else self.data["config"]
        self.facts = [(f["key"], _resolve(self.router.config, f["pointer"])) for f in self.data["facts"]]
        self.splits = [(s["key"], self.router.rules[s["rule"]]["then"]) for s in self.data["splits"]]
        self.primaries = {t["name"]: t["primary"] for t in self.router.tiers}
        self._keys_for = None
        self._config_header = None

    def metadata(self, request, decision=None):
        """The metadata the exported conditions read, as strings."""
        req = request if isinstance(request, _router.Request) else _router.Request(request)
        if decision is None:
            decision = self.router.route(req)
        d = self.data
        ctx = _router._Context(self.router, req)
        meta = {k: _text(v) for k, v in req.meta.items()}
        if d["well_known"]:
            for k in ("endpoint", "user_plan", "task_type"):
                meta[k] = _text(req.meta_value(k) or b"")
        for key, meta_key in d["numbers"].items():
            value = req.meta_value(meta_key)
            x = _router.meta_number(value) if value is not None else None
            if x is not None:
                meta[key] = number_text(x)
        if d["input_tokens"]:
            meta["input_tokens"] = str(ctx.rule_tokens()["count"])
        if d["turns"]:
            meta["sy_turns"] = str(req.user_turns())
        for key, node in self.facts:
            meta[key] = "1" if self.router._matches(node, req, ctx) else "0"
        for key, action in self.splits:
            total = max(sum(int(t["weight"]) for t in action["split"]), 1)
            by_id = action.get("key", "id") != "text" and req.id != b""
            meta[key] = str(_router.fnv1a64(req.id if by_id else req.text) % total)
        c = decision.get("classifier")
        if d["classifier"] and c and decision.get("decided_by") != "rule":
            meta["classifier_label"] = c["label"]
            meta["classifier_confidence"] = number_text(float(c["confidence"]))
        if d["guard"] and decision.get("guard_moves") and not decision.get("rejected"):
            meta["sy_guard"] = target_name(self.primaries, decision)
        return meta

    def config_header(self, environ=None):
        """x-portkey-config: the exported config with each target's api_key read from the
        environment variable its provider names (never written to a file)."""
        environ = os.environ if environ is None else environ
        key_env = self.data["key_env"]
        keys = tuple(environ.get(v, "") for v in sorted(set(key_env.values())))
        if self._config_header is not None and self._keys_for == keys:
            return self._config_header
        config = copy.deepcopy(self.config)

        def walk(target):
            for t in target.get("targets", []):
                walk(t)
            model = target.get("override_params", {}).get("model")
            if model in key_env and environ.get(key_env[model]):
                target["api_key"] = environ[key_env[model]]
        walk(config)
        self._keys_for, self._config_header = keys, json.dumps(config, separators=(",", ":"))
        return self._config_header

    @staticmethod
    def body_of(request, decision):
        """An OpenAI chat body for the request (the gateway overrides the model per target)."""
        req = request if isinstance(request, _router.Request) else _router.Request(request)
        body = {"model": decision["model"], "messages": [{"role": _text(r), "content": _text(t)} for r, t in req.messages]}
        if req.max_output_tokens is not None:
            body["max_tokens"] = req.max_output_tokens
        if req.json_mode:
            body["response_format"] = {"type": "json_object"}
        return body

    def prepare(self, request, environ=None):
        req = request if isinstance(request, _router.Request) else _router.Request(request)
        decision = self.router.route(req)
        if decision.get("rejected"):
            raise RejectedRequest(decision)
        meta = self.metadata(req, decision)
        headers = {"content-type": "application/json", "x-portkey-config": self.config_header(environ),
                   "x-portkey-metadata": json.dumps(meta, separators=(",", ":"))}
        return Prepared(decision, meta, headers, self.body_of(req, decision))

    def chat(self, request, gateway="http://127.0.0.1:8787", body=None, timeout=120, environ=None):
        """POSTs the request through the gateway; returns (status, answer JSON or text, headers)."""
        p = self.prepare(request, environ)
        data = json.dumps(body if body is not None else p.body).encode("utf-8")
        http = urllib.request.Request(gateway.rstrip("/") + "/v1/chat/completions", data=data, headers=p.headers, method="POST")
        try:
            with urllib.request.urlopen(http, timeout=timeout) as r:
                status, raw, headers = r.status, r.read(), dict(r.headers)
        except urllib.error.HTTPError as e:
            status, raw, headers = e.code, e.read(), dict(e.headers)
        try:
            return status, json.loads(raw), headers
        except ValueError:
            return status, raw.decode("utf-8", "replace"), headers
