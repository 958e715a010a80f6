#!/usr/bin/env python3
"""Checks that resources/schema/workspace.schema.json accepts every valid workspace we ship and
rejects broken ones, so the schema and the C++ validator do not drift apart.
Usage: check_schema.py SOURCE_DIR"""
import json
import sys

import jsonschema

root = sys.argv[1]
schema = json.load(open(root + "/resources/schema/workspace.schema.json"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

failures = 0
demo = json.load(open(root + "/resources/demo/workspace.json"))
errors = list(validator.iter_errors(demo))
for e in errors:
    print("demo workspace: %s: %s" % ("/" + "/".join(map(str, e.absolute_path)), e.message))
failures += len(errors)

# A valid embedding classifier (as `train-classifier --embeddings` writes it) is accepted.
embedding_classifier = {"kind": "embedding", "labels": {"simple": "simple", "complex": "complex"}, "embedding": {
    "provider": "simulated", "model": "text-embedding-3-small", "api": "openai", "dimensions": 2, "default_label": "complex",
    "timeout_ms": 3000, "trained": {"labels": ["complex", "simple"], "dimensions": 2, "bias": [0.5, -0.5],
                                    "weights_f32le_base64": "AACAPwAAAEAAAIA/AAAAQA==", "trained_on": "x.jsonl", "examples": 10,
                                    "held_out_accuracy": 0.9}}}
with_embedding = {**demo, "policy": {**demo["policy"], "classifier": embedding_classifier}}
for e in validator.iter_errors(with_embedding):
    print("embedding classifier: %s: %s" % ("/" + "/".join(map(str, e.absolute_path)), e.message))
    failures += 1

# A version-1 workspace (no simulation settings) is still accepted: Switchyard migrates it.
version1 = {k: v for k, v in demo.items() if k != "simulation"}
version1["version"] = 1
for e in validator.iter_errors(version1):
    print("version-1 workspace: %s: %s" % ("/" + "/".join(map(str, e.absolute_path)), e.message))
    failures += 1

broken = [
    ({**demo, "version": 3}, "newer version"),
    ({**version1, "simulation": demo["simulation"]}, "simulation settings in a version-1 file"),
    ({**demo, "simulation": {**demo["simulation"], "cache_carryover": "sometimes"}}, "unknown cache carry-over"),
    ({**demo, "simulation": {**demo["simulation"], "monthly_budget_usd": -5}}, "negative budget"),
    ({**demo, "simulation": {**demo["simulation"], "sample_limit": 0}}, "empty sample"),
    ({**demo, "simulation": {**demo["simulation"], "sample_logs": "x.jsonl"}}, "a typo in the simulation settings"),
    ({**demo, "tiers": []}, "no tiers"),
    ({**demo, "providers": [{"name": "p", "kind": "openai", "api_key": "x"}]}, "a key in the file"),
    ({**demo, "catalog": [{**demo["catalog"][0], "input": -1}]}, "negative price"),
    ({**demo, "policy": {**demo["policy"], "classifier": {**embedding_classifier, "embedding": {
        **embedding_classifier["embedding"], "api_key": "sk-x"}}}}, "a key in the embedding classifier"),
    ({**demo, "policy": {**demo["policy"], "classifier": {**embedding_classifier, "embedding": {
        "model": "m", "default_label": "simple"}}}}, "an embedding classifier without a provider"),
    ({**demo, "policy": {**demo["policy"], "classifier": {"kind": "embedding", "labels": {"simple": "simple"}}}},
     "kind embedding without its configuration"),
]
for doc, why in broken:
    if validator.is_valid(doc):
        print("schema accepted a broken workspace: " + why)
        failures += 1

print("schema check: %d passed, %d failed" % (3 + len(broken) - failures, failures))
sys.exit(1 if failures else 0)
