// Routes a JSONL file of requests through a compiled generated TypeScript router, one decision
// per line as `switchyard-cli route --requests FILE --json` prints them ({"line": N, ...}).
//   node route_requests.js COMPILED_MODULE.js REQUESTS.jsonl [CONFIG.json [RANKS_DIR]]
// CONFIG.json replaces the embedded routing config (the conformance test's perturbations);
// RANKS_DIR holds o200k_base.ranks and cl100k_base.ranks for exact token counts.
"use strict";
const fs = require("fs");
const path = require("path");

const [modulePath, requestsPath, configPath, ranksDir] = process.argv.slice(2);
const router = require(path.resolve(modulePath));
const options = {};
if (ranksDir) {
  options.rankData = {};
  for (const e of ["o200k_base", "cl100k_base"]) options.rankData[e] = fs.readFileSync(path.join(ranksDir, e + ".ranks"));
}
const r = configPath ? router.Router.fromJson(fs.readFileSync(configPath, "utf8"), options) : new router.Router(options);
const out = [];
fs.readFileSync(requestsPath, "utf8").split("\n").forEach((line, i) => {
  if (!line.trim()) return;
  out.push(JSON.stringify({ line: i + 1, ...r.routeJson(line) }));
});
process.stdout.write(out.join("\n") + "\n");
