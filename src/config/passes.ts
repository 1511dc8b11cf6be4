/**
 * Passes over the canonical raw object before validation: v2 aliases and ignored keys
 * (§2.5), `*_env` resolution (§2.2) and the spelled-out normalisations of §2.3 (asset names
 * lower-cased, `fallback: null`, log level case, provider aliases). Nothing is coerced
 * across types: a value of the wrong type is left for validation to report.
 *
 * @module
 */
import { type CanonBuilder, isRaw, type Raw } from "./builder.ts";
import { sha256Hex } from "./sha256.ts";
import { displayPath, type KeyPath, typeName } from "./yaml_source.ts";

const GATE = ["analysis", "decision", "gate"];
const TREND = ["analysis", "trend_indicator"];
const PC = ["analysis", "price_compare"];
const AUTH = ["runtime", "auth"];
const EXPOSE = ["runtime", "telemetry", "expose"];

/** Keys accepted but ignored with a warning (§2.5.2, §2.6.2 canonical forms). */
const IGNORED: readonly KeyPath[] = [
  ["prices", "endpoints", "koios"],
  ["analysis", "decision", "reference", "plot_fallback"],
  [...PC, "retries"],
  [...PC, "currency"],
  ["visualization", "diagnostics", "hist_samples_per_bin"],
  ["visualization", "diagnostics", "aggregation", "ui_time_units"],
  [...EXPOSE, "rate_usd"],
  [...EXPOSE, "rate_ada"],
];

/**
 * Applies the v2 aliases (§2.5.1) and drops the ignored keys (§2.5.2).
 */
export function applyAliases(b: CanonBuilder): void {
  b.rename([...TREND, "gaussian_kde_sigma_fraction"], [...TREND, "gaussian_std"]);
  const perTrend = b.get([...TREND, "per_asset"]);
  if (isRaw(perTrend)) {
    for (const asset of Object.keys(perTrend)) {
      const at = [...TREND, "per_asset", asset];
      b.rename([...at, "gaussian_kde_sigma_fraction"], [...at, "gaussian_std"]);
    }
  }
  b.rename([...EXPOSE, "price_usd_by_source"], [...EXPOSE, "price_usd"]);
  b.rename([...AUTH, "user_env"], [...AUTH, "username_env"]);
  b.rename([...PC, "request_timeout_seconds"], ["prices", "request_timeout_seconds"]);
  for (const path of IGNORED) b.ignore(path);
}

const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Environment lookup. */
export type Env = Record<string, string | undefined>;

function resolveEnvKey(
  b: CanonBuilder,
  parentPath: KeyPath,
  key: string,
  env: Env,
  transform: (v: string) => string = (v) => v,
  envKey = `${key}_env`,
): void {
  const parent = b.get(parentPath);
  if (!isRaw(parent) || !Object.hasOwn(parent, envKey)) return;
  const envPath = [...parentPath, envKey];
  const name = parent[envKey];
  if (Object.hasOwn(parent, key) && parent[key] === null) delete parent[key];
  if (Object.hasOwn(parent, key)) {
    b.problemAt(envPath, `cannot set both ${key} and ${envKey}`, true);
    b.take(envPath);
    return;
  }
  const src = b.translate(envPath);
  b.take(envPath);
  if (typeof name !== "string" || !ENV_NAME_RE.test(name)) {
    b.problems.push({
      path: src,
      message: typeof name === "string"
        ? `must be an environment variable name; got ${JSON.stringify(name)}`
        : `expected string, got ${typeName(name)}`,
    });
    return;
  }
  const value = env[name];
  if (value === undefined || value.trim() === "") {
    b.problems.push({ path: src, message: `environment variable ${name} not set` });
    b.failedEnv.push([...parentPath, key]);
    return;
  }
  b.put([...parentPath, key], transform(value), src);
}

/**
 * Resolves every `X_env` sibling (§2.2) from `env`; `runtime.auth.pass_env` becomes a
 * `sha256:<hex>` password hash kept in memory only (§2.5.1).
 */
export function resolveEnv(b: CanonBuilder, env: Env): void {
  const greptime = ["data", "databases", "greptime"];
  for (const k of ["host", "username", "password"]) resolveEnvKey(b, greptime, k, env);
  resolveEnvKey(b, AUTH, "username", env);
  resolveEnvKey(b, AUTH, "password_hash", env);
  const auth = b.get(AUTH);
  if (isRaw(auth) && Object.hasOwn(auth, "pass_env") && Object.hasOwn(auth, "password_hash")) {
    b.problemAt([...AUTH, "pass_env"], "cannot set both password_hash and pass_env", true);
    b.take([...AUTH, "pass_env"]);
  }
  resolveEnvKey(b, AUTH, "password_hash", env, (pw) => `sha256:${sha256Hex(pw)}`, "pass_env");
  for (const k of ["liqwid_graphql", "minswap_aggregator"]) {
    resolveEnvKey(b, ["prices", "endpoints"], k, env);
  }
  const wallets = b.get(["wallets"]);
  if (Array.isArray(wallets)) {
    wallets.forEach((w, i) => {
      if (typeof w === "string") {
        wallets[i] = { address: w };
        b.record(["wallets", i, "address"], b.translate(["wallets", i]));
      } else resolveEnvKey(b, ["wallets", i], "address", env);
    });
  }
}

function lowerString(v: unknown): unknown {
  return typeof v === "string" ? v.trim().toLowerCase() : v;
}

function lowerList(b: CanonBuilder, path: KeyPath): void {
  const list = b.get(path);
  if (Array.isArray(list)) list.forEach((v, i) => (list[i] = lowerString(v)));
}

function lowerKeys(b: CanonBuilder, path: KeyPath): void {
  const map = b.get(path);
  if (!isRaw(map)) return;
  for (const key of Object.keys(map)) {
    const lower = key.trim().toLowerCase();
    if (lower === key) continue;
    if (Object.hasOwn(map, lower)) {
      b.problemAt([...path, key], `duplicates ${displayPath(b.translate([...path, lower]))}`, true);
      continue;
    }
    const value = map[key];
    const src = b.translate([...path, key]);
    delete map[key];
    map[lower] = value;
    b.record([...path, lower], src);
  }
}

const PROVIDER_ALIASES: Record<string, string> = {
  liqwid: "liqwid_graphql",
  minswap: "minswap_aggregator",
};

/**
 * Spelled-out value normalisations of §2.3 that never change a value's type: asset
 * names trimmed and lower-cased (also as map keys and whitelist entries), `fallback: null`
 * → `"null"`, log level upper-cased with `WARN` → `WARNING`, currency and cleanup
 * extensions lower-cased, provider aliases → canonical names.
 */
export function normalizeValues(b: CanonBuilder): void {
  lowerList(b, ["domain", "assets"]);
  lowerList(b, [...GATE, "whitelist"]);
  lowerKeys(b, ["domain", "alternate_names"]);
  lowerKeys(b, [...GATE, "per_asset"]);
  lowerKeys(b, [...TREND, "per_asset"]);
  lowerKeys(b, [...PC, "per_asset_overrides"]);
  const ref = b.get(["analysis", "decision", "reference"]);
  if (isRaw(ref) && Object.hasOwn(ref, "fallback") && ref.fallback === null) ref.fallback = "null";
  const settings = b.get(["settings"]);
  if (isRaw(settings)) {
    if (typeof settings.log_level === "string") {
      const level = settings.log_level.trim().toUpperCase();
      settings.log_level = level === "WARN" ? "WARNING" : level;
    }
    if (typeof settings.currency === "string") settings.currency = settings.currency.toLowerCase();
  }
  lowerList(b, ["maintenance", "cleanup", "extensions"]);
  const priority = b.get(["prices", "priority_by_logical"]);
  if (isRaw(priority)) {
    for (const list of Object.values(priority)) {
      if (!Array.isArray(list)) continue;
      list.forEach((p, i) => {
        if (typeof p === "string" && Object.hasOwn(PROVIDER_ALIASES, p)) {
          list[i] = PROVIDER_ALIASES[p];
        }
      });
    }
  }
}

/** Top-level keys of the v2 schema (§2.1.3). */
export const V2_SECTIONS: readonly string[] = [
  "settings",
  "wallets",
  "domain",
  "data",
  "prices",
  "analysis",
  "runtime",
  "visualization",
  "maintenance",
];

/** Returns a shallow copy suitable as the v2 canonical root. */
export function v2Root(doc: Raw): Raw {
  return { ...doc };
}
