/**
 * Seed schema (`client:` / `orchestrator:`) → canonical layout (SPEC §2.6). Every write
 * remembers the seed path so problems are reported where the user wrote the key.
 *
 * @module
 */
import { CanonBuilder, isRaw, type Raw } from "./builder.ts";
import { type KeyPath, typeName } from "./yaml_source.ts";

/** Canonical prefix → seed prefix, used to name keys the user did not write. */
export const SEED_FALLBACK: readonly (readonly [KeyPath, KeyPath])[] = [
  [["data", "databases", "greptime"], ["client", "greptime"]],
  [["domain", "assets"], ["client", "assets"]],
  [["data", "datasets", "transactions", "sources", "liqwid"], ["client"]],
  [["data", "datasets", "transactions", "alignment_method"], ["client", "alignment_method"]],
  [["data", "date_range"], ["client", "date_range"]],
  [["settings", "log_level"], ["client", "logging", "level"]],
  [["settings", "timezone"], ["orchestrator", "timezone"]],
  [["analysis", "decision", "reference", "keyword"], ["orchestrator", "reference_keyword"]],
  [["analysis", "decision", "reference", "fallback"], [
    "orchestrator",
    "reference_keyword_fallback",
  ]],
  [["analysis", "decision", "safety_factor"], ["orchestrator", "safety_factor"]],
  [["analysis", "decision", "gate"], ["orchestrator", "decision_gate"]],
  [["analysis", "price_compare"], ["orchestrator", "price_compare"]],
  [["analysis", "trend_indicator"], ["orchestrator", "trend_indicator"]],
  [["runtime", "schedule"], ["orchestrator", "schedule"]],
  [["runtime", "telemetry"], ["orchestrator", "telemetry"]],
  [["runtime", "auth"], ["orchestrator", "auth"]],
  [["runtime", "http"], ["orchestrator", "http"]],
  [["prices"], ["orchestrator", "prices"]],
  [["prices", "endpoints"], ["orchestrator", "apis"]],
  [["prices", "transaction_sync"], ["orchestrator", "transaction_sync"]],
  [["visualization", "diagnostics"], ["orchestrator", "diagnostics"]],
  [["maintenance", "cleanup"], ["orchestrator", "output_cleanup"]],
  [["wallets"], ["orchestrator", "wallets"]],
];

const LIQWID_PREFIXES = ["table_asset_prefix", "deposits_prefix", "withdrawals_prefix"];
const TREND_FIELDS = ["window_type", "window_size_hours", "polynomial_order", "gaussian_std"];
const CLIENT_OUTPUT_IGNORED = [
  "dir",
  "time_format",
  "dpi",
  "chart_width",
  "chart_height",
  "include_charts",
  "include_gains_charts",
];
const TELEMETRY_KEYS = [
  "enabled",
  "listen_address",
  "listen_port",
  "path",
  "metric_prefix",
  "expose",
  "default_metrics",
];
const PRICES_KEYS = [
  "sources",
  "priority_by_logical",
  "duty_cycle_threshold",
  "duty_cycle_window_hours",
  "request_timeout_seconds",
  "token_registry_path",
];

const TX = ["data", "datasets", "transactions"];
const TREND = ["analysis", "trend_indicator"];

/** Wholesale sections: seed key → canonical path (mapped key for key). */
const ORCH_SECTIONS: Record<string, KeyPath> = {
  safety_factor: ["analysis", "decision", "safety_factor"],
  schedule: ["runtime", "schedule"],
  decision_gate: ["analysis", "decision", "gate"],
  price_compare: ["analysis", "price_compare"],
  trend_indicator: TREND,
  diagnostics: ["visualization", "diagnostics"],
  apis: ["prices", "endpoints"],
  auth: ["runtime", "auth"],
  transaction_sync: ["prices", "transaction_sync"],
  output_cleanup: ["maintenance", "cleanup"],
  cleanup: ["maintenance", "cleanup"],
  wallets: ["wallets"],
  http: ["runtime", "http"],
};

/** Scalar keys of `orchestrator:`. */
const ORCH_SCALARS: Record<string, KeyPath> = {
  reference_keyword: ["analysis", "decision", "reference", "keyword"],
  reference_keyword_fallback: ["analysis", "decision", "reference", "fallback"],
  timezone: ["settings", "timezone"],
};

function expectMapping(b: CanonBuilder, v: unknown, src: KeyPath): v is Raw {
  if (isRaw(v)) return true;
  b.problems.push({ path: src, message: `expected mapping, got ${typeName(v)}` });
  return false;
}

function unknownKey(b: CanonBuilder, src: KeyPath): void {
  b.problems.push({ path: src, message: "unknown key", atKey: true });
}

function ignored(b: CanonBuilder, src: KeyPath): void {
  b.warnings.push(`${src.join(".")}: accepted but ignored`);
}

function mapClient(b: CanonBuilder, client: Raw): void {
  const src = ["client"];
  for (const [key, value] of Object.entries(client)) {
    const at = [...src, key];
    if (key === "greptime") b.put(["data", "databases", "greptime"], value, at);
    else if (key === "assets") b.put(["domain", "assets"], value, at);
    else if (LIQWID_PREFIXES.includes(key)) b.put([...TX, "sources", "liqwid", key], value, at);
    else if (key === "alignment_method") b.put([...TX, "alignment_method"], value, at);
    else if (key === "date_range") b.put(["data", "date_range"], value, at);
    else if (key === "transactions") {
      if (!expectMapping(b, value, at)) continue;
      for (const [k, v] of Object.entries(value)) {
        if (LIQWID_PREFIXES.includes(k)) b.put([...TX, "sources", "liqwid", k], v, [...at, k]);
        else if (k === "alignment_method") b.put([...TX, "alignment_method"], v, [...at, k]);
        else unknownKey(b, [...at, k]);
      }
    } else if (key === "timestamp_source") {
      if (value !== "timestamp") {
        b.problems.push({
          path: at,
          message: `must be one of timestamp; got ${JSON.stringify(value)}`,
        });
      }
    } else if (key === "use_created_at") {
      if (value === false) ignored(b, at);
      else b.problems.push({ path: at, message: `must be false; got ${JSON.stringify(value)}` });
    } else if (key === "logging") {
      if (!expectMapping(b, value, at)) continue;
      for (const [k, v] of Object.entries(value)) {
        if (k === "level") b.put(["settings", "log_level"], v, [...at, k]);
        else unknownKey(b, [...at, k]);
      }
    } else if (key === "output") {
      if (!expectMapping(b, value, at)) continue;
      for (const [k, v] of Object.entries(value)) {
        if (CLIENT_OUTPUT_IGNORED.includes(k)) ignored(b, [...at, k]);
        else if (k === "smoothing") mapSmoothing(b, v, [...at, k]);
        else unknownKey(b, [...at, k]);
      }
    } else unknownKey(b, at);
  }
}

function mapSmoothing(b: CanonBuilder, smoothing: unknown, at: KeyPath): void {
  if (!expectMapping(b, smoothing, at)) return;
  for (const [k, v] of Object.entries(smoothing)) {
    if (k === "default") b.put(TREND, expectMapping(b, v, [...at, k]) ? v : {}, [...at, k]);
    else if (TREND_FIELDS.includes(k)) b.put([...TREND, k], v, [...at, k]);
    else b.put([...TREND, "per_asset", k], v, [...at, k]);
  }
  // Seed smoothing describes a moving average (§2.6.1).
  if (b.get([...TREND, "method"]) !== "moving_average") {
    b.put([...TREND, "method"], "moving_average", at);
  }
}

function mapOrchestrator(b: CanonBuilder, orch: Raw): void {
  const src = ["orchestrator"];
  if (Object.hasOwn(orch, "output_cleanup") && Object.hasOwn(orch, "cleanup")) {
    b.problems.push({
      path: [...src, "cleanup"],
      message: "conflicts with orchestrator.output_cleanup",
      atKey: true,
    });
  }
  for (const [key, value] of Object.entries(orch)) {
    const at = [...src, key];
    if (Object.hasOwn(ORCH_SCALARS, key)) b.put(ORCH_SCALARS[key], value, at);
    else if (Object.hasOwn(ORCH_SECTIONS, key)) {
      if (key === "cleanup" && Object.hasOwn(orch, "output_cleanup")) continue;
      if (key !== "wallets" && !expectMapping(b, value, at)) continue;
      b.put(ORCH_SECTIONS[key], value, at);
    } else if (key === "telemetry") {
      if (!expectMapping(b, value, at)) continue;
      for (const [k, v] of Object.entries(value)) {
        if (TELEMETRY_KEYS.includes(k)) b.put(["runtime", "telemetry", k], v, [...at, k]);
        else if (k === "price_source_priority") {
          b.put(["prices", "priority_by_logical"], v, [...at, k]);
        } else unknownKey(b, [...at, k]);
      }
    } else if (key === "prices") {
      if (!expectMapping(b, value, at)) continue;
      for (const [k, v] of Object.entries(value)) {
        if (PRICES_KEYS.includes(k)) b.put(["prices", k], v, [...at, k]);
        else unknownKey(b, [...at, k]);
      }
    } else if (key === "decision_price_sources") ignored(b, at);
    else unknownKey(b, at);
  }
  const diag = ["visualization", "diagnostics"];
  for (const k of ["only_whitelist_assets"]) b.ignore([...diag, k]);
  const cleanup = ["maintenance", "cleanup"];
  b.rename([...cleanup, "expire_before_relative"], [...cleanup, "expire_before"]);
}

/**
 * Maps a seed document onto a fresh canonical builder (§2.6.1, §2.6.2).
 *
 * @example
 * ```ts
 * import { mapSeed } from "./seed_map.ts";
 * const b = mapSeed({ client: { assets: ["djed"] }, orchestrator: { safety_factor: { c: 0.4 } } });
 * console.assert(JSON.stringify(b.get(["domain", "assets"])) === '["djed"]');
 * console.assert(b.translate(["analysis", "decision", "safety_factor", "c"]).join(".") ===
 *   "orchestrator.safety_factor.c");
 * ```
 */
export function mapSeed(doc: Raw): CanonBuilder {
  const b = new CanonBuilder({}, SEED_FALLBACK);
  // orchestrator first so a conflicting client.output.smoothing is the one reported.
  if (Object.hasOwn(doc, "orchestrator")) {
    if (expectMapping(b, doc.orchestrator, ["orchestrator"])) mapOrchestrator(b, doc.orchestrator);
  }
  if (Object.hasOwn(doc, "client")) {
    if (expectMapping(b, doc.client, ["client"])) mapClient(b, doc.client);
  }
  return b;
}
