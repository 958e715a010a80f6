// @@HEADER@@
//
// The client side of a Portkey gateway export. The gateway's conditional router reads only the
// request's metadata (x-portkey-metadata) and body parameters, so this helper computes, with the
// generated router @@MODULE@@.ts, the metadata the exported conditions test: the well-known
// fields, the engine's reading of metadata numbers, input tokens, user turns, the rule conditions
// the gateway cannot evaluate (keywords, regexes, code blocks, JSON mode, tools; "1" or "0"), the
// weighted splits' FNV-1a buckets, the classifier's label and confidence, and the target the
// context guard moved a request to. It sends the config, with API keys from the environment
// variables it names, in x-portkey-config. No runtime dependencies.
//
//   import { Helper } from "./portkey_helper";
//   const helper = new Helper({ env: process.env });
//   const p = helper.prepare(request);          // throws RejectedRequest for a rejected one
//   await fetch(gateway + "/v1/chat/completions", { method: "POST", headers: p.headers, body: JSON.stringify(p.body) });

import { Router, RouterOptions, RouterRequest, RouterDecide, decodeUtf8, fnv1a64, metaNumber, parseJson } from "./@@MODULE@@";

export const HELPER_DATA_JSON: string = "@@PORTKEY@@";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = { [key: string]: any };

export class RejectedRequest extends Error {
  constructor(readonly decision: Obj) { super(decision.reject_message || "the policy rejects the request"); }
}

// A double as text the gateway's parseFloat reads back as the same double.
export function numberText(x: number): string { return String(x); }

function resolve(doc: any, pointer: string): any {
  let node = doc;
  for (const raw of pointer.split("/").slice(1)) {
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = Array.isArray(node) ? node[Number(token)] : node[token];
  }
  return node;
}

// JSON for an HTTP header: ASCII only, everything else as \uXXXX escapes.
export function asciiJson(value: any): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

export function targetName(primaries: Map<string, string>, decision: Obj): string {
  if (!decision.tier) return "model:" + decision.model;
  return primaries.get(decision.tier) === decision.model ? decision.tier : decision.tier + "/" + decision.model;
}

export interface HelperOptions extends RouterOptions {
  router?: Router;
  gatewayConfig?: Obj;                          // replaces the embedded gateway config
  env?: { [name: string]: string | undefined }; // where API keys are read (e.g. process.env)
}

export interface Prepared { decision: Obj; metadata: { [key: string]: string }; headers: { [key: string]: string }; body: Obj }

export class Helper {
  data: Obj; router: Router; gatewayConfig: Obj; env: { [name: string]: string | undefined };
  facts: [string, Obj][]; splits: [string, Obj][]; primaries: Map<string, string> = new Map();
  private configHeader: string | null = null;

  constructor(options: HelperOptions = {}) {
    this.data = JSON.parse(HELPER_DATA_JSON);
    this.router = options.router ?? new Router(options);
    this.gatewayConfig = options.gatewayConfig ?? this.data.config;
    this.env = options.env ?? {};
    this.facts = this.data.facts.map((f: Obj) => [f.key, resolve(this.router.config, f.pointer)]);
    this.splits = this.data.splits.map((s: Obj) => [s.key, this.router.rules[s.rule].then]);
    for (const t of this.router.tiers) this.primaries.set(t.name, t.primary);
  }

  // The metadata the exported conditions read, as strings. `request` as route() takes it, or
  // JSON text (metadata numbers then keep the engine's spelling, as routeJson reads them).
  metadata(request: Obj | string, decision?: Obj): { [key: string]: string } {
    const obj = typeof request === "string" ? parseJson(request) : request;
    const req = new RouterRequest(obj);
    if (!decision) decision = this.router.route(obj);
    const d = this.data;
    const ctx = new RouterDecide(this.router, req, null);
    const meta: { [key: string]: string } = {};
    for (const [k, v] of req.meta) meta[k] = decodeUtf8(v);
    if (d.well_known) for (const k of ["endpoint", "user_plan", "task_type"]) meta[k] = decodeUtf8(req.metaValue(k) ?? "");
    for (const [key, metaKey] of Object.entries(d.numbers as Obj)) {
      const v = req.metaValue(metaKey);
      const x = v === null ? null : metaNumber(v);
      if (x !== null) meta[key] = numberText(x);
    }
    if (d.input_tokens) meta.input_tokens = String(this.router.countRequest(req, this.router.ruleTokenizer).count);
    if (d.turns) meta.sy_turns = String(req.userTurns());
    for (const [key, node] of this.facts) meta[key] = ctx.matches(node) ? "1" : "0";
    for (const [key, action] of this.splits) {
      const total = Math.max((action.split as Obj[]).reduce((s, t) => s + Number(t.weight), 0), 1);
      const byId = action.key !== "text" && req.id !== "";
      const h = fnv1a64(byId ? req.id : req.text);
      meta[key] = (((BigInt(h[0]) << 32n) | BigInt(h[1])) % BigInt(total)).toString();
    }
    const c = decision.classifier;
    if (d.classifier && c && decision.decided_by !== "rule") {
      meta.classifier_label = c.label;
      meta.classifier_confidence = numberText(Number(c.confidence));
    }
    if (d.guard && decision.guard_moves?.length && !decision.rejected) meta.sy_guard = targetName(this.primaries, decision);
    return meta;
  }

  // x-portkey-config: the gateway config with each target's api_key from the environment
  // variable its provider names (never written to a file).
  configHeaderText(): string {
    if (this.configHeader !== null) return this.configHeader;
    const keyEnv: Obj = this.data.key_env;
    const config = JSON.parse(JSON.stringify(this.gatewayConfig));
    const walk = (t: Obj) => {
      for (const c of t.targets ?? []) walk(c);
      const model = t.override_params?.model;
      if (model !== undefined && keyEnv[model] && this.env[keyEnv[model]]) t.api_key = this.env[keyEnv[model]];
    };
    walk(config);
    this.configHeader = asciiJson(config);
    return this.configHeader;
  }

  // An OpenAI chat body for the request (the gateway sets the model per target).
  static bodyOf(obj: Obj, decision: Obj): Obj {
    const req = new RouterRequest(obj);
    const body: Obj = { model: decision.model, messages: req.messages.map(([r, t]) => ({ role: decodeUtf8(r), content: decodeUtf8(t) })) };
    if (req.maxOutput !== null) body.max_tokens = req.maxOutput;
    if (req.jsonMode) body.response_format = { type: "json_object" };
    return body;
  }

  prepare(request: Obj | string): Prepared {
    const obj = typeof request === "string" ? parseJson(request) : request;
    const decision = this.router.route(obj);
    if (decision.rejected) throw new RejectedRequest(decision);
    const metadata = this.metadata(obj, decision);
    const headers = { "content-type": "application/json", "x-portkey-config": this.configHeaderText(), "x-portkey-metadata": asciiJson(metadata) };
    return { decision, metadata, headers, body: Helper.bodyOf(obj, decision) };
  }
}
