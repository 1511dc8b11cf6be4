/**
 * Cross-field and format rules run on the validated canonical config (SPEC §2.4 and the
 * rules column of §2.3 that a field schema cannot express). Returns the config with the
 * spelled-out fills applied (bare Greptime host → `http://`, `cleanup.paths: null` →
 * `[diagnostics.dir]`) and every problem at a canonical key path.
 *
 * @module
 */
import { isIsoDateOrDateTime, isValidTimeZone, parseConfigDateTime } from "./datetime.ts";
import { comparedSources, effectiveGate, priorityFor } from "./effective.ts";
import type { Config } from "./types_gen.ts";
import type { KeyPath } from "./yaml_source.ts";
import { checkPaths, checkUrls } from "./rules_format.ts";

/** A rule violation at a canonical key path. */
export interface RuleProblem {
  path: KeyPath;
  message: string;
  atKey?: boolean;
}

const GATE = ["analysis", "decision", "gate"];
const PC = ["analysis", "price_compare"];

function checkAssetKeys(config: Config, out: RuleProblem[]): void {
  const assets = new Set(config.domain.assets);
  const configured = config.domain.assets.join(", ") || "(none)";
  const msg = (a: string) => `unknown asset ${JSON.stringify(a)}; configured assets: ${configured}`;
  const maps: [KeyPath, Record<string, unknown>][] = [
    [["domain", "alternate_names"], config.domain.alternate_names],
    [[...GATE, "per_asset"], config.analysis.decision.gate.per_asset],
    [["analysis", "trend_indicator", "per_asset"], config.analysis.trend_indicator.per_asset],
    [[...PC, "per_asset_overrides"], config.analysis.price_compare.per_asset_overrides],
  ];
  for (const [path, map] of maps) {
    for (const key of Object.keys(map)) {
      if (!assets.has(key)) out.push({ path: [...path, key], message: msg(key), atKey: true });
    }
  }
  config.analysis.decision.gate.whitelist.forEach((a, i) => {
    if (!assets.has(a)) out.push({ path: [...GATE, "whitelist", i], message: msg(a) });
  });
}

function checkDuplicates(list: readonly string[], path: KeyPath, what: string, out: RuleProblem[]) {
  const seen = new Map<string, number>();
  list.forEach((v, i) => {
    const first = seen.get(v);
    if (first !== undefined) {
      out.push({ path: [...path, i], message: `duplicate ${what} ${JSON.stringify(v)}` });
    } else seen.set(v, i);
  });
}

function checkGate(config: Config, out: RuleProblem[]): void {
  const check = (assetLabel: string | null, path: KeyPath, order: number, min: number) => {
    if (min < order + 1) {
      // Reported at the key the user changed; when that is not min_points, name min_points.
      const subject = path[path.length - 1] === "min_points" ? "must" : `min_points must`;
      out.push({
        path,
        message:
          `${subject} be >= polynomial_order + 1 (${
            order + 1
          }) when method is polynomial_fit, got ${min}` +
          (assetLabel ? ` (effective for ${assetLabel})` : ""),
      });
    }
  };
  const g = config.analysis.decision.gate;
  if (g.method === "polynomial_fit") {
    check(null, [...GATE, "min_points"], g.polynomial_order, g.min_points);
  }
  for (const [asset, partial] of Object.entries(g.per_asset)) {
    const merged = effectiveGate(config, asset);
    if (merged.method !== "polynomial_fit") continue;
    const pa = [...GATE, "per_asset", asset];
    // Only report here when the per-asset entry changes one of the three keys.
    const touched = ["min_points", "polynomial_order", "method"].find((k) =>
      Object.hasOwn(partial, k)
    );
    if (!touched) continue;
    const key = Object.hasOwn(partial, "min_points") ? "min_points" : touched;
    check(asset, [...pa, key], merged.polynomial_order, merged.min_points);
  }
}

function checkPrices(config: Config, out: RuleProblem[]): void {
  checkDuplicates(config.prices.sources, ["prices", "sources"], "source", out);
  const pc = config.analysis.price_compare;
  const compared = comparedSources(config);
  const comparedPath = (i: number): KeyPath =>
    pc.sources === "@prices.sources" ? ["prices", "sources", i] : [...PC, "sources", i];
  if (Array.isArray(pc.sources)) {
    pc.sources.forEach((s, i) => {
      if (!/^[a-z0-9_]{1,32}$/.test(s)) {
        out.push({
          path: [...PC, "sources", i],
          message: `must match ^[a-z0-9_]{1,32}$; got ${JSON.stringify(s)}`,
        });
      }
    });
    checkDuplicates(pc.sources, [...PC, "sources"], "source", out);
  }
  if (pc.enabled && compared.length < 2) {
    out.push({
      path: [...PC, "sources"],
      message:
        `needs at least 2 logical sources when price_compare is enabled, got ${compared.length}`,
    });
  }
  const noList = (s: string) =>
    `logical source ${
      JSON.stringify(s)
    } has no priority list (set prices.priority_by_logical.${s})`;
  config.prices.sources.forEach((s, i) => {
    if (priorityFor(config, s).length === 0) {
      out.push({ path: ["prices", "sources", i], message: noList(s) });
    }
  });
  if (Array.isArray(pc.sources)) {
    pc.sources.forEach((s, i) => {
      if (priorityFor(config, s).length === 0 && !config.prices.sources.includes(s)) {
        out.push({ path: [...PC, "sources", i], message: noList(s) });
      }
    });
  }
  // Providers that need an endpoint: explicit lists, and defaults of compared sources.
  const uses: { provider: string; path: KeyPath }[] = [];
  for (const [logical, list] of Object.entries(config.prices.priority_by_logical)) {
    list.forEach((p, i) =>
      uses.push({ provider: p, path: ["prices", "priority_by_logical", logical, i] })
    );
  }
  if (pc.enabled) {
    compared.forEach((s, i) => {
      if (Object.hasOwn(config.prices.priority_by_logical, s)) return;
      for (const p of priorityFor(config, s)) uses.push({ provider: p, path: comparedPath(i) });
    });
  }
  const reported = new Set<string>();
  for (const { provider, path } of uses) {
    if (provider !== "liqwid_graphql" && provider !== "minswap_aggregator") continue;
    if (config.prices.endpoints[provider] !== null || reported.has(provider)) continue;
    reported.add(provider);
    out.push({ path, message: `provider ${provider} requires prices.endpoints.${provider}` });
  }
  const sync = config.prices.transaction_sync;
  if (sync.enabled && config.prices.endpoints.liqwid_graphql === null) {
    out.push({
      path: ["prices", "transaction_sync", "enabled"],
      message: "transaction sync requires prices.endpoints.liqwid_graphql",
    });
  }
}

const HASH_RE = /^sha256:[0-9a-fA-F]{64}$/;
const PBKDF2_RE = /^pbkdf2-sha256:(\d+):([A-Za-z0-9+/]+={0,2}):([A-Za-z0-9+/]+={0,2})$/;

/** True for a `sha256:<64 hex>` or `pbkdf2-sha256:<i ≥ 100000>:<salt>:<hash>` string. */
export function isPasswordHash(s: string): boolean {
  if (HASH_RE.test(s)) return true;
  const m = PBKDF2_RE.exec(s);
  return m !== null && Number(m[1]) >= 100_000;
}

/**
 * Why a password hash was rejected, without echoing it (it is a secret, §2.2.3): the
 * guide's `sha256:<hash>` placeholder, a wrong-length digest, bcrypt, or too few pbkdf2
 * iterations each get a pointer to the expected format.
 */
function passwordHashHint(s: string): string {
  const lower = s.toLowerCase();
  if (lower.startsWith("sha256:")) {
    const digest = s.slice("sha256:".length);
    if (/[<>]/.test(digest)) {
      return " (the value after sha256: is a placeholder; put the 64 hex digits of the " +
        "SHA-256 of the password there, e.g. from `printf %s 'PASSWORD' | sha256sum`)";
    }
    return ` (the value after sha256: has ${digest.length} characters; it must be exactly ` +
      "64 hex digits)";
  }
  if (s.startsWith("$2")) return " (bcrypt hashes are not supported)";
  const m = PBKDF2_RE.exec(s);
  if (m !== null) return ` (pbkdf2 iterations must be >= 100000, got ${m[1]})`;
  return "";
}

function checkAuth(config: Config, out: RuleProblem[]): void {
  const auth = config.runtime.auth;
  const AUTH = ["runtime", "auth"];
  if (auth.enabled && (auth.username === null || auth.username === "")) {
    out.push({
      path: [...AUTH, "username"],
      message: "required when runtime.auth.enabled is true",
    });
  }
  if (auth.enabled && auth.password_hash === null) {
    out.push({
      path: [...AUTH, "password_hash"],
      message: "required when runtime.auth.enabled is true (or set pass_env)",
    });
  }
  if (auth.password_hash !== null && !isPasswordHash(auth.password_hash)) {
    // Never echo the value: it is a secret (§2.2.3).
    out.push({
      path: [...AUTH, "password_hash"],
      message:
        "must be sha256:<64 hex> or pbkdf2-sha256:<iterations >= 100000>:<salt_b64>:<hash_b64>" +
        passwordHashHint(auth.password_hash),
    });
  }
  const gt = config.data.databases.greptime;
  if ((gt.username === null) !== (gt.password === null)) {
    const missing = gt.username === null ? "username" : "password";
    out.push({
      path: ["data", "databases", "greptime", missing],
      message: "required: username and password are set together",
    });
  }
}

function checkTimes(config: Config, out: RuleProblem[]): void {
  const tz = config.settings.timezone;
  const tzOk = isValidTimeZone(tz);
  if (!tzOk) {
    out.push({
      path: ["settings", "timezone"],
      message: `must be a valid IANA time zone; got ${JSON.stringify(tz)}`,
    });
  }
  const iso = (v: string | null, path: KeyPath, naiveOk = true): boolean => {
    if (v === null) return false;
    if (!isIsoDateOrDateTime(v)) {
      out.push({ path, message: `must be an ISO date or datetime; got ${JSON.stringify(v)}` });
      return false;
    }
    if (!naiveOk && /T|\s\d/.test(v.trim()) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(v.trim())) {
      out.push({ path, message: `a datetime must carry an offset or Z; got ${JSON.stringify(v)}` });
      return false;
    }
    return true;
  };
  const order = (
    start: string | null,
    end: string | null,
    path: KeyPath,
    startOk: boolean,
    endOk: boolean,
  ) => {
    if (!startOk || !endOk || !tzOk) return;
    if (parseConfigDateTime(start!, tz) >= parseConfigDateTime(end!, tz)) {
      out.push({ path, message: `must be before end (${end}); got ${JSON.stringify(start)}` });
    }
  };
  const dr = config.data.date_range;
  order(
    dr.start,
    dr.end,
    ["data", "date_range", "start"],
    iso(dr.start, ["data", "date_range", "start"]),
    iso(dr.end, ["data", "date_range", "end"]),
  );
  const sync = config.prices.transaction_sync;
  const SP = ["prices", "transaction_sync"];
  order(
    sync.start_date,
    sync.end_date,
    [...SP, "start_date"],
    iso(sync.start_date, [...SP, "start_date"], false),
    iso(sync.end_date, [...SP, "end_date"], false),
  );
  const pr = config.visualization.diagnostics.plot_range;
  const PR = ["visualization", "diagnostics", "plot_range"];
  iso(pr.start, [...PR, "start"]);
  iso(pr.end, [...PR, "end"]);
  if (pr.mode === "relative" && pr.relative_duration === null) {
    out.push({
      path: [...PR, "relative_duration"],
      message: "required when plot_range.mode is relative",
    });
  }
  const exp = config.maintenance.cleanup.expire_before;
  if (!/^\d+(\.\d+)?[smhdw]$/i.test(exp) && !isIsoDateOrDateTime(exp)) {
    out.push({
      path: ["maintenance", "cleanup", "expire_before"],
      message: `must be a duration like 7d (s, m, h, d, w) or an ISO datetime; got ${
        JSON.stringify(exp)
      }`,
    });
  }
  const sched = config.runtime.schedule;
  if (sched.evaluation_timeout_seconds > sched.interval_minutes * 60) {
    out.push({
      path: ["runtime", "schedule", "evaluation_timeout_seconds"],
      message: `must be <= interval_minutes * 60 (${
        sched.interval_minutes * 60
      }), got ${sched.evaluation_timeout_seconds}`,
    });
  }
}

function checkLists(config: Config, out: RuleProblem[]): void {
  checkDuplicates(config.domain.assets, ["domain", "assets"], "asset", out);
  checkDuplicates(config.wallets.map((w) => w.address), ["wallets"], "wallet address", out);
  const pct = config.visualization.diagnostics.aggregation.percentiles;
  const PP = ["visualization", "diagnostics", "aggregation", "percentiles"];
  if (pct.length !== 5) {
    out.push({ path: PP, message: `must have exactly 5 entries, got ${pct.length}` });
  } else if (pct.some((v, i) => i > 0 && v <= pct[i - 1])) {
    out.push({ path: PP, message: `must be strictly ascending; got [${pct.join(", ")}]` });
  }
  config.maintenance.cleanup.extensions.forEach((e, i) => {
    if (!/^\.[a-z0-9_.-]+$/.test(e)) {
      out.push({
        path: ["maintenance", "cleanup", "extensions", i],
        message: `must start with "." (e.g. ".png"); got ${JSON.stringify(e)}`,
      });
    }
  });
  const kw = config.analysis.decision.reference.keyword;
  // deno-lint-ignore no-control-regex
  if (kw === "" || /[\u0000-\u001f\u007f\\]/.test(kw)) {
    out.push({
      path: ["analysis", "decision", "reference", "keyword"],
      message: `must be non-empty without control characters or "\\"; got ${JSON.stringify(kw)}`,
    });
  }
}

/**
 * Runs every cross-field rule (§2.4) and returns the filled config and all problems.
 *
 * @example
 * ```ts
 * import { ConfigSchema } from "./schema.ts";
 * import { checkRules } from "./rules.ts";
 * const raw = ConfigSchema.parse({ analysis: { decision: { gate: { whitelist: ["x"] } } } });
 * const { problems } = checkRules(raw, {});
 * console.assert(problems[0].message.startsWith("unknown asset"));
 * ```
 */
export function checkRules(
  config: Config,
  opts: { cwd?: string } = {},
): { config: Config; problems: RuleProblem[] } {
  const out: RuleProblem[] = [];
  const filled: Config = structuredClone(config);
  checkAssetKeys(filled, out);
  checkGate(filled, out);
  checkPrices(filled, out);
  checkAuth(filled, out);
  checkTimes(filled, out);
  checkLists(filled, out);
  checkUrls(filled, out);
  checkPaths(filled, out, opts.cwd);
  return { config: filled, problems: out };
}
