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

broken = [
    ({**demo, "version": 2}, "newer version"),
    ({**demo, "tiers": []}, "no tiers"),
    ({**demo, "providers": [{"name": "p", "kind": "openai", "api_key": "x"}]}, "a key in the file"),
    ({**demo, "catalog": [{**demo["catalog"][0], "input": -1}]}, "negative price"),
]
for doc, why in broken:
    if validator.is_valid(doc):
        print("schema accepted a broken workspace: " + why)
        failures += 1

print("schema check: %d passed, %d failed" % (1 + len(broken) - failures, failures))
sys.exit(1 if failures else 0)
