/**
 * Normalized configuration output (SPEC §2.7): the canonical config with every default
 * filled, keys sorted recursively, 2-space JSON, a `_meta` block, secrets redacted and
 * wallet addresses abbreviated.
 *
 * @module
 */
import { abbreviateAddress } from "../format.ts";
import type { Config } from "./types_gen.ts";

/** The `_meta` block of the normalized output. */
export interface NormalizedMeta {
  /** The configuration path (or `demo`). */
  source: string;
  /** Detected schema. */
  schema: "seed" | "v2" | "demo";
  /** Warnings collected while parsing. */
  warnings: string[];
}

/** The redaction marker for secrets (§2.2.3). */
export const REDACTED = "[REDACTED]";

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/**
 * A copy of `config` safe to show: secrets become `"[REDACTED]"` (or stay `null` when
 * unset) and wallet addresses are abbreviated (§0.5, §2.2.3).
 *
 * @example
 * ```ts
 * import { parseConfig } from "./parse.ts";
 * import { redactConfig } from "./normalize.ts";
 * const { config } = parseConfig("data:\n  databases:\n    greptime:\n      username: u\n      password: p\n", {});
 * console.assert(redactConfig(config).data.databases.greptime.password === "[REDACTED]");
 * ```
 */
export function redactConfig(config: Config): Config {
  const copy: Config = structuredClone(config);
  const gt = copy.data.databases.greptime;
  if (gt.password !== null) gt.password = REDACTED;
  if (copy.runtime.auth.password_hash !== null) copy.runtime.auth.password_hash = REDACTED;
  copy.wallets = copy.wallets.map((w) => ({ ...w, address: abbreviateAddress(w.address) }));
  return copy;
}

/**
 * The §2.7 normalized JSON text (ends with a newline).
 *
 * @example
 * ```ts
 * import { parseConfig } from "./parse.ts";
 * import { normalizedConfigJson } from "./normalize.ts";
 * const { config, warnings, schema } = parseConfig("domain:\n  assets: [djed]\n", {});
 * const json = JSON.parse(normalizedConfigJson(config, { source: "c.yaml", schema, warnings }));
 * console.assert(json._meta.schema === "v2" && json.domain.assets[0] === "djed");
 * ```
 */
export function normalizedConfigJson(config: Config, meta: NormalizedMeta): string {
  const body = {
    ...redactConfig(config),
    _meta: { source: meta.source, schema: meta.schema, warnings: [...meta.warnings] },
  };
  return JSON.stringify(sortKeys(body), null, 2) + "\n";
}
