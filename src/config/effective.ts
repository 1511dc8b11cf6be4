/**
 * Per-asset views of the canonical configuration used by evaluation: the residual gate
 * and trend settings merged with `per_asset` (§2.3.4, §23.19), price-comparison settings
 * with per-asset overrides (§8.3) and provider priority lists with §8.2 defaults.
 *
 * @module
 */
import type { ProviderName } from "./schema.ts";
import type { Config, GateSettings, TrendSettings } from "./types_gen.ts";

/** Effective price-comparison settings for one asset (§8.3). */
export interface PriceCompareSettings {
  /** Whether comparison runs at all. */
  enabled: boolean;
  /** Compared logical sources, `"@prices.sources"` expanded. */
  sources: string[];
  /** How the tolerance applies. */
  epsilon_mode: "relative" | "absolute";
  /** Tolerance ε (an explicit 0 override is honoured). */
  tolerance_epsilon: number;
  /** What a persistent mismatch does. */
  action_on_mismatch: "hold" | "flag_only";
  /** Consecutive mismatches needed before acting. */
  persistence_threshold: number;
}

/**
 * The residual-gate settings for `asset`: global values overridden by every key present in
 * `per_asset[asset]`, including explicit `null` (§23.19).
 *
 * @example
 * ```ts
 * import { parseConfig } from "./parse.ts";
 * import { effectiveGate } from "./effective.ts";
 * const { config } = parseConfig(
 *   "domain:\n  assets: [djed]\nanalysis:\n  decision:\n    gate:\n      k_sigma: 2\n      per_asset:\n        djed: {k_sigma: 3}\n",
 *   {},
 * );
 * console.assert(effectiveGate(config, "djed").k_sigma === 3);
 * ```
 */
export function effectiveGate(config: Config, asset: string): GateSettings {
  const { whitelist: _w, per_asset, ...global } = config.analysis.decision.gate;
  const override = Object.hasOwn(per_asset, asset) ? per_asset[asset] : {};
  const merged: Record<string, unknown> = { ...global };
  for (const [k, v] of Object.entries(override)) if (v !== undefined) merged[k] = v;
  return merged as unknown as GateSettings;
}

/**
 * The trend-indicator (chart baseline) settings for `asset`, merged like `effectiveGate`.
 *
 * @example
 * ```ts
 * import { parseConfig } from "./parse.ts";
 * import { effectiveTrend } from "./effective.ts";
 * const { config } = parseConfig("domain:\n  assets: [djed]\n", {});
 * console.assert(effectiveTrend(config, "djed").window_size_hours === 24);
 * ```
 */
export function effectiveTrend(config: Config, asset: string): TrendSettings {
  const { per_asset, ...global } = config.analysis.trend_indicator;
  const override = Object.hasOwn(per_asset, asset) ? per_asset[asset] : {};
  const merged: Record<string, unknown> = { ...global };
  for (const [k, v] of Object.entries(override)) if (v !== undefined) merged[k] = v;
  return merged as unknown as TrendSettings;
}

/**
 * True when the gate whitelist covers `asset` (an empty whitelist covers every asset).
 * Whether the gate runs also needs `effectiveGate(config, asset).enabled`.
 *
 * @example
 * ```ts
 * import { parseConfig } from "./parse.ts";
 * import { gateWhitelisted } from "./effective.ts";
 * const { config } = parseConfig(
 *   "domain:\n  assets: [djed, usdm]\nanalysis:\n  decision:\n    gate:\n      whitelist: [djed]\n",
 *   {},
 * );
 * console.assert(gateWhitelisted(config, "djed") && !gateWhitelisted(config, "usdm"));
 * ```
 */
export function gateWhitelisted(config: Config, asset: string): boolean {
  const list = config.analysis.decision.gate.whitelist;
  return list.length === 0 || list.includes(asset);
}

/**
 * The logical sources compared by §8.3 (`"@prices.sources"` expanded).
 *
 * @example
 * ```ts
 * import { parseConfig } from "./parse.ts";
 * import { comparedSources } from "./effective.ts";
 * const { config } = parseConfig("prices:\n  sources: [liqwid, minswap]\n", {});
 * console.assert(comparedSources(config).join() === "liqwid,minswap");
 * ```
 */
export function comparedSources(config: Config): string[] {
  const s = config.analysis.price_compare.sources;
  return s === "@prices.sources" ? [...config.prices.sources] : [...s];
}

/**
 * Price-comparison settings for `asset` with its overrides applied (explicit values,
 * including 0, are honoured).
 *
 * @example
 * ```ts
 * import { parseConfig } from "./parse.ts";
 * import { priceCompareSettings } from "./effective.ts";
 * const { config } = parseConfig(
 *   "domain:\n  assets: [djed]\nanalysis:\n  price_compare:\n    per_asset_overrides:\n      djed: {tolerance_epsilon: 0}\n",
 *   {},
 * );
 * console.assert(priceCompareSettings(config, "djed").tolerance_epsilon === 0);
 * ```
 */
export function priceCompareSettings(config: Config, asset: string): PriceCompareSettings {
  const pc = config.analysis.price_compare;
  const o = Object.hasOwn(pc.per_asset_overrides, asset) ? pc.per_asset_overrides[asset] : {};
  return {
    enabled: pc.enabled,
    sources: comparedSources(config),
    epsilon_mode: o.epsilon_mode ?? pc.epsilon_mode,
    tolerance_epsilon: o.tolerance_epsilon ?? pc.tolerance_epsilon,
    action_on_mismatch: o.action_on_mismatch ?? pc.action_on_mismatch,
    persistence_threshold: o.persistence_threshold ?? pc.persistence_threshold,
  };
}

/** Default priority lists of §8.2. */
export const DEFAULT_PRIORITY: Readonly<Record<string, readonly ProviderName[]>> = {
  liqwid: ["greptime(liqwid)", "liqwid_graphql"],
  minswap: ["greptime(minswap)", "minswap_aggregator"],
};

/**
 * Providers of logical source `logical` in priority order: the configured list, else the
 * §8.2 default, else `[]` (a config error for a used source, reported by validation).
 *
 * @example
 * ```ts
 * import { parseConfig } from "./parse.ts";
 * import { priorityFor } from "./effective.ts";
 * const { config } = parseConfig("prices:\n  sources: [liqwid]\n", {});
 * console.assert(priorityFor(config, "liqwid").join() === "greptime(liqwid),liqwid_graphql");
 * ```
 */
export function priorityFor(config: Config, logical: string): ProviderName[] {
  const explicit = config.prices.priority_by_logical;
  if (Object.hasOwn(explicit, logical)) return [...explicit[logical]];
  return Object.hasOwn(DEFAULT_PRIORITY, logical) ? [...DEFAULT_PRIORITY[logical]] : [];
}
