// Prepares each request of a JSONL file with a compiled Portkey client helper (the export's
// portkey_helper.ts), one line of JSON per request: the metadata it sends in x-portkey-metadata,
// the x-portkey-config header and the body, or that the policy rejects it.
//   node prepare_portkey.js COMPILED_HELPER.js REQUESTS.jsonl
"use strict";
const fs = require("fs");
const path = require("path");

const [helperPath, requestsPath] = process.argv.slice(2);
const module_ = require(path.resolve(helperPath));
const helper = new module_.Helper();
const out = [];
fs.readFileSync(requestsPath, "utf8").split("\n").forEach((line, i) => {
  if (!line.trim()) return;
  try {
    const p = helper.prepare(line);
    out.push(JSON.stringify({ line: i + 1, model: p.decision.model, metadata: p.metadata, config: p.headers["x-portkey-config"], body: p.body }));
  } catch (e) {
    if (!(e instanceof module_.RejectedRequest)) throw e;
    out.push(JSON.stringify({ line: i + 1, rejected: true }));
  }
});
process.stdout.write(out.join("\n") + "\n");
