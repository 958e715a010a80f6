"""The LiteLLM export (switchyard-cli export --format litellm) checked against the engine.

  check_litellm_export.py --cli build/app/switchyard-cli [--ranks resources/tokenizer]
                          [--count N] [--traffic N] [--perturb rule|threshold] WORKSPACE...

For each workspace:
1. config.yaml parses (PyYAML) and passes resources/schema/litellm-config.schema.json, which was
   written from LiteLLM's config types (the schema's description cites them).
2. The config says what the native routing config says: one deployment per model the policy
   uses, named by the model id, with LiteLLM's provider prefix, the key as os.environ/NAME, the
   base URL where it is not the provider's own and the catalog's prices per token (exact
   decimals); one model group per tier and "switchyard" for the default tier, each with its
   primary's deployment; router_settings.fallbacks equal to the tiers' fallbacks; the callback
   names the hook module's instance, and the files it needs are in the export.
3. The generated hook, loaded against a stand-in for LiteLLM's CustomLogger (litellm_shim/), is
   given each request of the conformance corpus (check_router_conformance.py's: demo traffic,
   the parity generator's requests, token and split edge cases) as the proxy gives it a body:
   messages, max_tokens, response_format, tools, and the routing fields under
   metadata.switchyard beside keys of the proxy's own. The model and fallbacks it sets, a
   rejection's message, the adapted system prompt and the route it records must equal the
   engine's decision (route --token-estimate, since the hook estimates tokens by default; and
   with --ranks, SWITCHYARD_TOKENIZER_DIR set, the engine's exact decision). A request for
   another model must pass through untouched.

--perturb changes one rule or the threshold in the hook's router and passes only if the
comparison notices.
"""

import argparse
import asyncio
import copy
import decimal
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, os.path.join(HERE, "litellm_shim"))
sys.path.insert(0, HERE)
import check_router_conformance as conformance  # noqa: E402

sys.path.insert(0, os.path.join(HERE, "..", "parity", "routing"))
import generate_requests  # noqa: E402

import jsonschema  # noqa: E402
import yaml  # noqa: E402

PROXY_NOISE = {"endpoint": "http://0.0.0.0:4000/chat/completions", "user_api_key": "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b",
               "user_api_key_alias": None, "headers": {"content-type": "application/json"}, "user_plan": "enterprise"}


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def export(cli, workspace, fmt, folder):
    proc = subprocess.run([cli, "export", workspace, "--format", fmt, "-o", folder + "/"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if proc.returncode != 0:
        raise SystemExit("export --format %s failed: %s" % (fmt, proc.stderr.decode()))
    return proc.stderr.decode()


def body_of(req):
    """A traffic-format request as a client sends it to the proxy (model "switchyard")."""
    messages = []
    for m in req.get("messages") or []:
        messages.append({"role": m.get("role", "user"), "content": m["content"] if "content" in m else m.get("text", "")})
    if req.get("prompt") is not None:
        messages.append({"role": "user", "content": req["prompt"]})
    body = {"model": "switchyard", "messages": messages}
    limit = req.get("max_output_tokens", req.get("max_tokens"))
    if limit is not None:
        body["max_tokens"] = limit
    if req.get("json_mode"):
        body["response_format"] = {"type": "json_object"}
    tools = req.get("tools")
    if tools is True or (isinstance(tools, list) and tools):
        body["tools"] = [{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}]
    fields = {k: req[k] for k in ("id", "endpoint", "user_plan", "task_type", "metadata", "input_tokens", "output_tokens") if k in req}
    body["metadata"] = dict(PROXY_NOISE, switchyard=fields)
    return body


def adapted_system(messages, prefix, suffix):
    """The engine's adaptation (core/providers/routeexecution.cpp), written again here as the judge."""
    system = next((m["content"] for m in messages if m["role"] == "system"), None)
    text = prefix
    if system:
        text += ("\n\n" if text else "") + system
    if suffix:
        text += ("\n\n" if text else "") + suffix
    return text


def compare(hook, body, expected):
    data = copy.deepcopy(body)
    out = asyncio.run(hook.async_pre_call_hook(None, None, data, "completion"))
    if expected["rejected"]:
        if out != expected.get("reject_message"):
            return ["rejected by the engine (%r), the hook returned %r" % (expected.get("reject_message"), out if isinstance(out, str) else "a request")]
        return []
    if not isinstance(out, dict):
        return ["the engine sends it to %s, the hook rejected it: %r" % (expected["model"], out)]
    problems = []
    if out["model"] != expected["model"]:
        problems.append("model: engine %r, hook %r" % (expected["model"], out["model"]))
    if out.get("fallbacks") != expected["fallbacks"]:
        problems.append("fallbacks: engine %r, hook %r" % (expected["fallbacks"], out.get("fallbacks")))
    route = out["metadata"].get("switchyard_route", {})
    for key, want in (("tier", expected["tier"]), ("rule", expected.get("rule", "")), ("decided_by", expected["decided_by"])):
        if route.get(key) != want:
            problems.append("recorded %s: engine %r, hook %r" % (key, want, route.get(key)))
    prefix, suffix = expected.get("system_prefix", ""), expected.get("system_suffix", "")
    if prefix or suffix:
        want = adapted_system(body["messages"], prefix, suffix)
        got = next((m["content"] for m in out["messages"] if m["role"] == "system"), None)
        if got != want:
            problems.append("system prompt: engine %r, hook %r" % (want, got))
    elif out["messages"] != body["messages"]:
        problems.append("messages changed without an adaptation")
    return problems


def check_config(config, native, schema, folder, files):
    problems = []
    for error in sorted(jsonschema.Draft202012Validator(schema).iter_errors(config), key=str)[:10]:
        problems.append("schema: %s at /%s" % (error.message, "/".join(str(p) for p in error.path)))
    groups = {}
    for d in config.get("model_list", []):
        groups.setdefault(d["model_name"], []).append(d)
    providers = {m: p for p in native["providers"] for m in p["models"]}
    prefix = {"anthropic": "anthropic/", "gemini": "gemini/"}
    standard = {"openai": "https://api.openai.com/v1", "anthropic": "https://api.anthropic.com", "gemini": "https://generativelanguage.googleapis.com"}
    million = decimal.Decimal(1000000)

    def expect_deployment(group, model_id):
        if len(groups.get(group, [])) != 1:
            problems.append("model group %r: %d deployments, want 1" % (group, len(groups.get(group, []))))
            return
        d = groups[group][0]
        p = providers.get(model_id)
        params = d["litellm_params"]
        want_model = (prefix.get(p["kind"], "openai/") if p else "") + model_id
        if params.get("model") != want_model:
            problems.append("%s: litellm_params.model %r, want %r" % (group, params.get("model"), want_model))
        if p and p.get("key_env") and params.get("api_key") != "os.environ/" + p["key_env"]:
            problems.append("%s: api_key %r, want os.environ/%s" % (group, params.get("api_key"), p["key_env"]))
        want_base = p.get("base_url") if p and p.get("base_url") and p.get("base_url") != standard.get(p["kind"]) else None
        if params.get("api_base") != want_base:
            problems.append("%s: api_base %r, want %r" % (group, params.get("api_base"), want_base))
        model = next(m for m in native["catalog"] if m["id"] == model_id)
        for field, price in (("input_cost_per_token", "input"), ("output_cost_per_token", "output"),
                             ("cache_read_input_token_cost", "cache_read"), ("cache_creation_input_token_cost", "cache_write")):
            want = model.get(price)
            got = d["model_info"].get(field)
            if want is None and got is None:
                continue
            if want is None or got is None or decimal.Decimal(repr(got)) != decimal.Decimal(str(want)) / million:
                problems.append("%s: model_info.%s %r, the catalog says %r per 1M" % (group, field, got, want))
        if d["model_info"].get("max_input_tokens") != model.get("context_window"):
            problems.append("%s: max_input_tokens %r, context window %r" % (group, d["model_info"].get("max_input_tokens"), model.get("context_window")))

    for m in native["catalog"]:
        expect_deployment(m["id"], m["id"])
    fallbacks = {}
    for entry in config.get("router_settings", {}).get("fallbacks", []):
        fallbacks.update(entry)
    default = native["policy"]["default_tier"]
    taken = {m["id"] for m in native["catalog"]} | {"switchyard", "switchyard-complexity"}
    for tier in native["tiers"]:
        group = "tier-" + tier["name"] if tier["name"] in taken else tier["name"]
        expect_deployment(group, tier["primary"])
        if fallbacks.get(group, []) != tier.get("fallbacks", []):
            problems.append("router_settings.fallbacks of %r: %r, the tier's %r" % (group, fallbacks.get(group), tier.get("fallbacks")))
        if tier["name"] == default:
            expect_deployment("switchyard", tier["primary"])
            if fallbacks.get("switchyard", []) != tier.get("fallbacks", []):
                problems.append("router_settings.fallbacks of 'switchyard': %r, the default tier's %r" % (fallbacks.get("switchyard"), tier.get("fallbacks")))
    callback = config.get("litellm_settings", {}).get("callbacks")
    if not isinstance(callback, str) or "." not in callback:
        problems.append("litellm_settings.callbacks %r is not module.instance" % (callback,))
    else:
        module, attribute = callback.rsplit(".", 1)
        if module + ".py" not in files:
            problems.append("the callback's module %s.py is not in the export" % module)
        elif not hasattr(load(os.path.join(folder, module + ".py"), "hook_" + str(abs(hash(folder)))), attribute):
            problems.append("%s.py has no %s" % (module, attribute))
    for target in [t for e in config.get("router_settings", {}).get("context_window_fallbacks", []) for ts in e.values() for t in ts]:
        if target not in groups:
            problems.append("context_window_fallbacks names %r, which is no model group" % target)
    return problems


def perturb(name, config):
    conformance.perturb(name, config)


def check(args, workspace, seed, tmp, traffic, schema):
    folder = os.path.join(tmp, os.path.basename(workspace) + ".litellm")
    warnings = export(args.cli, workspace, "litellm", folder)
    files = sorted(os.listdir(folder))
    native_folder = folder + ".native"
    export(args.cli, workspace, "native", native_folder)
    with open(os.path.join(native_folder, "routing-config.json"), encoding="utf-8") as f:
        native = json.load(f)
    with open(os.path.join(folder, "config.yaml"), encoding="utf-8") as f:
        config = yaml.safe_load(f)
    problems = check_config(config, native, schema, folder, files)

    hook_module = load(os.path.join(folder, "switchyard_litellm_hook.py"), "switchyard_litellm_hook_" + str(abs(hash(folder))))
    router_config = json.loads(hook_module.router_module.ROUTING_CONFIG_JSON)
    if args.perturb:
        perturb(args.perturb, router_config)
    hook = hook_module.SwitchyardRouting(router=hook_module.router_module.Router(config=router_config))

    with open(workspace, "rb") as f:
        ws = json.loads(f.read())
    gen = generate_requests.Generator(seed, generate_requests.collect_vocab([ws]))
    requests = conformance.build_corpus(ws, gen, traffic, args.count)
    requests += conformance.split_cases(hook_module.router_module, ws, requests)
    path = os.path.join(folder, "requests.jsonl")
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for req in requests:
            out.write(json.dumps(req, ensure_ascii=False) + "\n")
    estimate = conformance.engine_decisions(args.cli, workspace, path, True)
    exact_hook, exact = None, None
    if args.ranks:
        os.environ["SWITCHYARD_TOKENIZER_DIR"] = args.ranks
        exact_hook = hook_module.SwitchyardRouting(router=hook_module.router_module.Router(
            config=router_config, rank_files=hook_module._rank_files()))
        del os.environ["SWITCHYARD_TOKENIZER_DIR"]
        exact = conformance.engine_decisions(args.cli, workspace, path, False)
    checked = 0
    for line, req in enumerate(requests, start=1):
        if line not in estimate:
            continue  # refused by the engine as malformed
        checked += 1
        body = body_of(req)
        for p in compare(hook, body, estimate[line]):
            problems.append("line %d: %s" % (line, p))
        if exact_hook is not None:
            for p in compare(exact_hook, body, exact[line]):
                problems.append("line %d (exact tokens): %s" % (line, p))
    # Any other model passes through untouched.
    other = body_of({"prompt": "hello"})
    other["model"] = native["tiers"][0]["primary"]
    untouched = copy.deepcopy(other)
    if asyncio.run(hook.async_pre_call_hook(None, None, other, "completion")) != untouched:
        problems.append("a request for model %r was changed" % untouched["model"])
    embedding = body_of({"prompt": "hello"})
    if asyncio.run(hook.async_pre_call_hook(None, None, copy.deepcopy(embedding), "embeddings")) != embedding:
        problems.append("an embeddings call was routed")
    return checked, problems, warnings


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", required=True)
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--traffic", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--ranks")
    parser.add_argument("--perturb", choices=("rule", "threshold"))
    parser.add_argument("workspaces", nargs="+")
    args = parser.parse_args()
    with open(os.path.join(ROOT, "resources", "schema", "litellm-config.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    traffic = conformance.demo_traffic(args.traffic)
    total, all_problems = 0, 0
    with tempfile.TemporaryDirectory(prefix="switchyard-litellm-") as tmp:
        for index, workspace in enumerate(args.workspaces):
            checked, problems, warnings = check(args, workspace, args.seed + index, tmp, traffic, schema)
            total += checked
            all_problems += len(problems)
            print("%s: %d requests through the hook, %d differences, %d export warnings" %
                  (os.path.basename(workspace), checked, len(problems), warnings.count("warning:")))
            for p in problems[:12]:
                print("  " + p)
    print("%d requests in all, %d differences" % (total, all_problems))
    return conformance.verdict(args.perturb, total, all_problems)


if __name__ == "__main__":
    sys.exit(main())
