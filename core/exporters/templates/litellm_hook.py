"""@@HEADER@@

A LiteLLM proxy pre-call hook that routes every chat request sent to the model
"@@ROUTER_MODEL@@" as Switchyard's engine does, with the generated router @@MODULE@@.py beside
this file. config.yaml registers it (litellm_settings.callbacks). Requests for any other model
pass through untouched, so a client can still name a model or a tier's group directly.

What the hook reads from a request:
  messages (a content list's text parts are joined), max_tokens / max_completion_tokens,
  response_format (json_object or json_schema is JSON mode), tools / functions;
  metadata.switchyard (optional): the routing fields of Switchyard's traffic format, e.g.
  {"id": "req-1", "endpoint": "/chat", "user_plan": "free", "task_type": "faq",
   "metadata": {"tenant": "acme"}, "input_tokens": 1234}.
  The proxy puts keys of its own into metadata (its "endpoint" is the request URL), so the
  routing fields live under "switchyard" only.
What it sets: data["model"] (the decided model's group), data["fallbacks"] (the decision's
fallbacks, as LiteLLM's client-side fallbacks), the system prompt adaptation, and
metadata["switchyard_route"] (tier, model, rule, decided_by) for the spend logs. A request the
policy rejects gets the rejection's message instead of a model call.

Exact token counts: set SWITCHYARD_TOKENIZER_DIR to a folder holding o200k_base.ranks and
cl100k_base.ranks (Switchyard's resources/tokenizer) or tiktoken's .tiktoken files; without it
input tokens are estimated (bytes / 4), as the export's warnings say.
"""

import asyncio
import importlib.util
import os

from litellm.integrations.custom_logger import CustomLogger

ROUTER_MODEL = "@@ROUTER_MODEL@@"
_HERE = os.path.dirname(os.path.abspath(__file__))


def _load_router_module():
    # By path: the proxy loads this file by path, so its folder need not be on sys.path.
    spec = importlib.util.spec_from_file_location("@@MODULE@@", os.path.join(_HERE, "@@MODULE@@.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


router_module = _load_router_module()


def _rank_files():
    folder = os.environ.get("SWITCHYARD_TOKENIZER_DIR")
    if not folder:
        return None
    files = {}
    for encoding in ("o200k_base", "cl100k_base"):
        for suffix in (".ranks", ".tiktoken"):
            path = os.path.join(folder, encoding + suffix)
            if os.path.exists(path):
                files[encoding] = path
                break
    return files or None


def _text_of(content):
    if content is None:
        return ""
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict) and part.get("type") == "text")
    return str(content)


def request_of(data):
    """The routing request (Switchyard's traffic format) of a proxy request body."""
    metadata = data.get("metadata")
    fields = metadata.get("switchyard") if isinstance(metadata, dict) else None
    fields = fields if isinstance(fields, dict) else {}
    req = {"messages": [{"role": m.get("role", "user"), "content": _text_of(m.get("content"))}
                        for m in data.get("messages") or [] if isinstance(m, dict)]}
    if not req["messages"] and isinstance(data.get("prompt"), str):
        req["messages"] = [{"role": "user", "content": data["prompt"]}]
    for key in ("id", "endpoint", "user_plan", "task_type", "metadata", "input_tokens", "output_tokens"):
        if key in fields:
            req[key] = fields[key]
    limit = data.get("max_completion_tokens", data.get("max_tokens"))
    if limit is not None:
        req["max_output_tokens"] = limit
    response_format = data.get("response_format")
    req["json_mode"] = isinstance(response_format, dict) and response_format.get("type") in ("json_object", "json_schema")
    req["tools"] = bool(data.get("tools")) or bool(data.get("functions"))
    return req


def adapt_messages(messages, prefix, suffix):
    """The system prompt as the engine adapts it: prefix, the system text, suffix, apart by blank lines."""
    if not prefix and not suffix:
        return messages
    messages = [dict(m) for m in messages]
    system = next((m for m in messages if m.get("role") == "system"), None)
    if system is None:
        system = {"role": "system", "content": ""}
        messages.insert(0, system)
    text = prefix
    own = _text_of(system.get("content"))
    if own:
        text += ("\n\n" if text else "") + own
    if suffix:
        text += ("\n\n" if text else "") + suffix
    system["content"] = text
    return messages


class SwitchyardRouting(CustomLogger):
    """Routes requests for ROUTER_MODEL. `llm_call` and `embed` are the generated router's
    caller functions for an LLM or embedding classifier (see @@MODULE@@.py); without them such a
    classifier gives its default label."""

    def __init__(self, router=None, llm_call=None, embed=None, **kwargs):
        super().__init__(**kwargs)
        self.calls_out = llm_call is not None or embed is not None
        self.router = router or router_module.Router(llm_call=llm_call, embed=embed, rank_files=_rank_files())

    def decide(self, data):
        return self.router.route(request_of(data))

    async def async_pre_call_hook(self, user_api_key_dict, cache, data, call_type):
        if call_type not in ("completion", "text_completion") or data.get("model") != ROUTER_MODEL:
            return data
        # A classifier that calls out would block the proxy's event loop: run it on a thread.
        d = await asyncio.to_thread(self.decide, data) if self.calls_out else self.decide(data)
        if d["rejected"]:
            return d.get("reject_message") or "The routing policy rejected this request."
        data["model"] = d["model"]
        data["fallbacks"] = list(d["fallbacks"])
        if "messages" in data and (d.get("system_prefix") or d.get("system_suffix")):
            data["messages"] = adapt_messages(data["messages"], d.get("system_prefix", ""), d.get("system_suffix", ""))
        metadata = data.get("metadata")
        if not isinstance(metadata, dict):
            metadata = {}
            data["metadata"] = metadata
        metadata["switchyard_route"] = {"tier": d["tier"], "model": d["model"], "rule": d.get("rule", ""), "decided_by": d["decided_by"]}
        return data


proxy_handler_instance = SwitchyardRouting()
