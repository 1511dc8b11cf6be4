/**
 * Configuration: parse (seed or v2 YAML) → canonical `Config`, normalized output, token
 * registry and the per-asset views evaluation needs (SPEC §2).
 *
 * @example
 * ```ts
 * import { normalizedConfigJson, parseConfig } from "./mod.ts";
 * const { config, warnings, schema } = parseConfig("client:\n  assets: [djed]\n", { sourceName: "c.yaml" });
 * const json = normalizedConfigJson(config, { source: "c.yaml", schema, warnings });
 * console.assert(JSON.parse(json)._meta.schema === "seed");
 * ```
 *
 * @module
 */
export { parseConfig } from "./parse.ts";
export type { ParseConfigOptions, ParsedConfig } from "./parse.ts";
export { ConfigError, formatConfigProblem } from "./errors.ts";
export type { ConfigProblem } from "./errors.ts";
export { normalizedConfigJson, redactConfig, REDACTED } from "./normalize.ts";
export type { NormalizedMeta } from "./normalize.ts";
export {
  comparedSources,
  DEFAULT_PRIORITY,
  effectiveGate,
  effectiveTrend,
  gateWhitelisted,
  priceCompareSettings,
  priorityFor,
} from "./effective.ts";
export type { PriceCompareSettings } from "./effective.ts";
export { isIsoDateOrDateTime, isValidTimeZone, parseConfigDateTime } from "./datetime.ts";
export { isPasswordHash } from "./rules.ts";
export {
  parseTokenRegistry,
  registryCoverage,
  registryEntryFor,
  registryRequired,
  TokenRegistryError,
} from "./token_registry.ts";
export type { TokenRegistry, TokenRegistryEntry, TokenRegistryProblem } from "./token_registry.ts";
export { ADDRESS_RE, ALIGNMENT_METHODS, ASSET_RE, EXPOSE_DEFAULTS, PROVIDERS } from "./schema.ts";
export type { AlignmentMethod, ExposeKey, ProviderName } from "./schema.ts";
export type { Config, GateSettings, TrendSettings } from "./types_gen.ts";
