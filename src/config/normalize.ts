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

/**
 * JSON with object keys sorted recursively by code unit. Written by hand because a JS object
 * always lists integer-like keys (an asset named `2`) first, whatever the insertion order.
 */
function sortedJson(v: unknown, indent: string): string {
  const inner = indent + "  ";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[\n${v.map((x) => inner + sortedJson(x, inner)).join(",\n")}\n${indent}]`;
  }
  if (v !== null && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.length === 0) return "{}";
    const body = entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${sortedJson(x, inner)}`);
    return `{\n${body.join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(v) ?? "null";
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
  return sortedJson(body, "") + "\n";
}
