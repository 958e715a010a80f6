// Prepares each request of a JSONL file with a compiled Portkey client helper (the export's
// portkey_helper.ts), one line of JSON per request: the decided model, the metadata it sends in
// x-portkey-metadata, the x-portkey-config header, every header and the body, or that the
// policy rejects it. With GATEWAY_CONFIG.json the helper sends that config instead of its
// embedded one (HelperOptions.gatewayConfig), as check_portkey_gateway.py --perturb needs.
//   node prepare_portkey.js COMPILED_HELPER.js REQUESTS.jsonl [GATEWAY_CONFIG.json]
"use strict";
const fs = require("fs");
const path = require("path");

const [helperPath, requestsPath, configPath] = process.argv.slice(2);
const module_ = require(path.resolve(helperPath));
const options = configPath ? { gatewayConfig: JSON.parse(fs.readFileSync(configPath, "utf8")) } : {};
const helper = new module_.Helper(options);
const out = [];
fs.readFileSync(requestsPath, "utf8").split("\n").forEach((line, i) => {
  if (!line.trim()) return;
  try {
    const p = helper.prepare(line);
    out.push(JSON.stringify({ line: i + 1, model: p.decision.model, metadata: p.metadata, config: p.headers["x-portkey-config"],
                              headers: p.headers, body: p.body }));
  } catch (e) {
    if (!(e instanceof module_.RejectedRequest)) throw e;
    out.push(JSON.stringify({ line: i + 1, rejected: true }));
  }
});
process.stdout.write(out.join("\n") + "\n");
