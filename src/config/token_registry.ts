/**
 * Token registry CSV (SPEC §2.8): `asset,policy_id,token_name_hex`, strictly validated,
 * every problem reported as `token registry error: <path>:<line>: <message>`.
 *
 * @module
 */
import { priorityFor } from "./effective.ts";
import { ASSET_RE } from "./schema.ts";
import type { Config } from "./types_gen.ts";

/** One registry row. */
export interface TokenRegistryEntry {
  /** Asset or alternate name (trimmed, lower-cased). */
  asset: string;
  /** 56 lower-case hex digits. */
  policy_id: string;
  /** Even number (0..64) of lower-case hex digits. */
  token_name_hex: string;
  /** `policy_id + token_name_hex`, the Minswap token id. */
  token_id: string;
  /** 1-based line of the row in the file. */
  line: number;
}

/** A validated registry: entries in file order and a lookup by asset. */
export interface TokenRegistry {
  /** Entries in file order. */
  entries: TokenRegistryEntry[];
  /** Entry by lower-cased asset name. */
  byAsset: Map<string, TokenRegistryEntry>;
}

/** One located registry problem. */
export interface TokenRegistryProblem {
  path: string;
  line: number;
  message: string;
}

/**
 * Thrown by `parseTokenRegistry` with every problem found.
 *
 * @example
 * ```ts
 * import { TokenRegistryError } from "./token_registry.ts";
 * const e = new TokenRegistryError([{ path: "r.csv", line: 2, message: "bad" }]);
 * console.assert(e.message === "token registry error: r.csv:2: bad");
 * ```
 */
export class TokenRegistryError extends Error {
  /** All problems, in line order. */
  readonly problems: TokenRegistryProblem[];

  /** Creates the error from its problems. */
  constructor(problems: TokenRegistryProblem[]) {
    super(
      problems.map((p) => `token registry error: ${p.path}:${p.line}: ${p.message}`).join("\n"),
    );
    this.name = "TokenRegistryError";
    this.problems = problems;
  }

  /** One `token registry error: <path>:<line>: <message>` line per problem. */
  lines(): string[] {
    return this.problems.map((p) => `token registry error: ${p.path}:${p.line}: ${p.message}`);
  }
}

const HEADER = ["asset", "policy_id", "token_name_hex"];

/**
 * Parses and validates registry CSV text (§2.8.1). `path` only names the file in errors.
 *
 * @example
 * ```ts
 * import { parseTokenRegistry } from "./token_registry.ts";
 * const reg = parseTokenRegistry(
 *   "asset,policy_id,token_name_hex\ndjed,8db269c3ec630e06ae29f74bc39edd1f87c819f1056206e879a1cd61,446a656432\n",
 *   "config/token_registry.csv",
 * );
 * console.assert(reg.byAsset.get("djed")?.token_id.endsWith("446a656432"));
 * ```
 */
export function parseTokenRegistry(text: string, path: string): TokenRegistry {
  const problems: TokenRegistryProblem[] = [];
  const fail = (line: number, message: string) => problems.push({ path, line, message });
  const entries: TokenRegistryEntry[] = [];
  const byAsset = new Map<string, TokenRegistryEntry>();
  let headerSeen = false;
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const cells = raw.split(",").map((c) => c.trim());
    if (!headerSeen) {
      headerSeen = true;
      if (cells.length !== 3 || cells.some((c, j) => c.toLowerCase() !== HEADER[j])) {
        fail(
          line,
          `expected header "asset,policy_id,token_name_hex", got ${JSON.stringify(trimmed)}`,
        );
      }
      return;
    }
    if (cells.length !== 3) {
      fail(line, `expected 3 cells (asset,policy_id,token_name_hex), got ${cells.length}`);
      return;
    }
    const asset = cells[0].toLowerCase();
    const policy = cells[1].toLowerCase();
    const name = cells[2].toLowerCase();
    let ok = true;
    if (!ASSET_RE.test(asset)) {
      fail(line, `asset must match ^[a-z0-9_]{1,48}$; got ${JSON.stringify(cells[0])}`);
      ok = false;
    }
    if (!/^[0-9a-f]{56}$/.test(policy)) {
      fail(line, `policy_id must be exactly 56 hex digits; got ${JSON.stringify(cells[1])}`);
      ok = false;
    }
    if (!/^(?:[0-9a-f]{2}){0,32}$/.test(name)) {
      fail(
        line,
        `token_name_hex must be an even number (0..64) of hex digits; got ${
          JSON.stringify(cells[2])
        }`,
      );
      ok = false;
    }
    if (ok && byAsset.has(asset)) {
      fail(
        line,
        `duplicate asset ${JSON.stringify(asset)} (first on line ${byAsset.get(asset)!.line})`,
      );
      ok = false;
    }
    if (!ok) return;
    const entry = { asset, policy_id: policy, token_name_hex: name, token_id: policy + name, line };
    entries.push(entry);
    byAsset.set(asset, entry);
  });
  if (!headerSeen) fail(1, `missing header "asset,policy_id,token_name_hex"`);
  if (problems.length > 0) throw new TokenRegistryError(problems);
  return { entries, byAsset };
}

/**
 * True when the registry file must exist: `minswap_aggregator` appears in a priority list
 * in use (explicit lists, or the §8.2 default of a configured `minswap` source) (§2.8.2).
 *
 * @example
 * ```ts
 * import { parseConfig } from "./parse.ts";
 * import { registryRequired } from "./token_registry.ts";
 * const { config } = parseConfig("prices:\n  priority_by_logical:\n    minswap: [greptime(minswap)]\n", {});
 * console.assert(registryRequired(config) === false);
 * ```
 */
export function registryRequired(config: Config): boolean {
  const logical = new Set<string>([
    ...Object.keys(config.prices.priority_by_logical),
    ...config.prices.sources,
  ]);
  const pc = config.analysis.price_compare.sources;
  if (Array.isArray(pc)) { for (const s of pc) logical.add(s); }
  return [...logical].some((l) => priorityFor(config, l).includes("minswap_aggregator"));
}

/**
 * Configured assets with a registry row (by asset, then alternate name) and those without
 * (§2.8.3), for the INFO and WARNING log lines.
 *
 * @example
 * ```ts
 * import { parseConfig } from "./parse.ts";
 * import { parseTokenRegistry, registryCoverage } from "./token_registry.ts";
 * const { config } = parseConfig("domain:\n  assets: [djed, usdm]\n", {});
 * const reg = parseTokenRegistry("asset,policy_id,token_name_hex\ndjed," + "a".repeat(56) + ",00\n", "r.csv");
 * const cov = registryCoverage(config, reg);
 * console.assert(cov.covered.join() === "djed" && cov.missing.join() === "usdm");
 * ```
 */
export function registryCoverage(
  config: Config,
  registry: TokenRegistry,
): { covered: string[]; missing: string[] } {
  const covered: string[] = [], missing: string[] = [];
  for (const asset of config.domain.assets) {
    const alt = config.domain.alternate_names[asset];
    if (registry.byAsset.has(asset) || (alt !== undefined && registry.byAsset.has(alt))) {
      covered.push(asset);
    } else missing.push(asset);
  }
  return { covered, missing };
}

/**
 * The registry entry for `asset` (by asset, then its alternate name), or undefined.
 *
 * @example
 * ```ts
 * import { parseConfig } from "./parse.ts";
 * import { parseTokenRegistry, registryEntryFor } from "./token_registry.ts";
 * const { config } = parseConfig("domain:\n  assets: [djed]\n", {});
 * const reg = parseTokenRegistry("asset,policy_id,token_name_hex\n", "r.csv");
 * console.assert(registryEntryFor(config, reg, "djed") === undefined);
 * ```
 */
export function registryEntryFor(
  config: Config,
  registry: TokenRegistry,
  asset: string,
): TokenRegistryEntry | undefined {
  const alt = config.domain.alternate_names[asset];
  return registry.byAsset.get(asset) ?? (alt !== undefined ? registry.byAsset.get(alt) : undefined);
}
