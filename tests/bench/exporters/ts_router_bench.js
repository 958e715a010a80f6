// Decision time of a compiled generated TypeScript router under node (run by export_bench.py).
//   node ts_router_bench.js COMPILED_MODULE.js RANKS_DIR N
"use strict";
const fs = require("fs");
const path = require("path");
const { performance } = require("perf_hooks");

const [modulePath, ranksDir, count] = process.argv.slice(2);
const router = require(path.resolve(modulePath));
const n = Number(count || 300);
let text = "";
const para = "Our team of 42 people moved to the Pro plan in March, and since then uploads from the Brazil office are slow. " +
  "We tried the desktop client (v5.3) and the web app; both stall at 80% for files over 2 GB. Can you explain why? ";
while (text.length < 2048) text += para;
text = text.slice(0, 2048);

const estimate = new router.Router();
const rankData = {};
for (const e of ["o200k_base", "cl100k_base"]) rankData[e] = fs.readFileSync(path.join(ranksDir, e + ".ranks"));
let t0 = performance.now();
const exact = new router.Router({ rankData });
const loadMs = performance.now() - t0;
const config = JSON.parse(router.ROUTING_CONFIG_JSON);
config.policy.rules = config.policy.rules.filter((r) => !JSON.stringify(r.when || {}).includes("input_tokens"));
const noTokens = new router.Router({ config });

function measure(name, r, make) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const req = make(i);
    const s = performance.now();
    r.route(req);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor(n / 2)] * 1000, p99 = times[Math.floor(0.99 * (n - 1))] * 1000;
  console.log(`typescript router, ${name.padEnd(52)} p50 ${p50.toFixed(1).padStart(8)} us  p99 ${p99.toFixed(1).padStart(8)} us`);
}
const suffix = (i) => String(i).padStart(6, "0");
console.log(`typescript router, Router with both rank files: ${loadMs.toFixed(0)} ms`);
measure("rule (task_type code), 2 KB", estimate, (i) => ({ prompt: text.slice(0, -6) + suffix(i), task_type: "code" }));
measure("local classifier + token rule (estimate), 2 KB", estimate, (i) => ({ prompt: text.slice(0, -6) + suffix(i) }));
measure("local classifier, no token rule, 2 KB", noTokens, (i) => ({ prompt: text.slice(0, -6) + suffix(i) }));
measure("local classifier + token rule (exact BPE), 2 KB", exact, (i) => ({ prompt: text.slice(0, -6) + suffix(i) }));
