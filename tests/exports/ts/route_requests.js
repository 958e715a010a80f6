// Routes a JSONL file of requests through a compiled generated TypeScript router, one decision
// per line as `switchyard-cli route --requests FILE --json` prints them ({"line": N, ...}).
//   node route_requests.js COMPILED_MODULE.js REQUESTS.jsonl [CONFIG.json]
// CONFIG.json replaces the embedded routing config (the conformance test's perturbations).
"use strict";
const fs = require("fs");
const path = require("path");

const [modulePath, requestsPath, configPath] = process.argv.slice(2);
const router = require(path.resolve(modulePath));
const r = configPath ? router.Router.fromJson(fs.readFileSync(configPath, "utf8")) : new router.Router();
const out = [];
fs.readFileSync(requestsPath, "utf8").split("\n").forEach((line, i) => {
  if (!line.trim()) return;
  out.push(JSON.stringify({ line: i + 1, ...r.routeJson(line) }));
});
process.stdout.write(out.join("\n") + "\n");
