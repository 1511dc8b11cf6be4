/**
 * Price comparison across logical sources (SPEC §8.3, §23.15). Split in two so an
 * evaluation may read prices for several assets concurrently yet apply persistence
 * sequentially in asset order (§11.1):
 *
 * 1. `observePrices` (async, IO through the per-evaluation `PriceContext`);
 * 2. `applyPriceCompare` (pure: observations + settings + previous counter → result and
 *    the next counter state).
 *
 * `comparePricesForAsset` chains both for callers that go one asset at a time.
 *
 * @module
 */

import type { Config } from "../config/schema.ts";
import type { PriceCompareResult, PriceObservation } from "../evaluate/types.ts";
import type { PriceContext } from "./context.ts";
import { priorityFor, readProvider } from "./providers.ts";

/** Effective comparison settings for one asset. */
export interface PriceCompareSettings {
  /** Compared logical sources, in order (`@prices.sources` expanded). */
  sources: string[];
  epsilonMode: "relative" | "absolute";
  toleranceEpsilon: number;
  action: "hold" | "flag_only";
  persistenceThreshold: number;
}

/** What the providers said for one asset. */
export interface PriceObservationSet {
  observations: PriceObservation[];
  /** Logical price = first available provider of its priority list (§8.2). */
  pricesByLogical: Record<string, number>;
  /** Provider failures, for the asset's warnings. */
  warnings: string[];
}

/** Consecutive-mismatch counters by asset (process memory, §8.3). */
export type PriceCompareState = ReadonlyMap<string, number>;

/**
 * Effective settings for `asset`: per-asset overrides (explicit values, including 0,
 * honoured) over the global ones; `"@prices.sources"` expands to `prices.sources`.
 *
 * @example
 * ```ts
 * import { priceCompareSettingsFor } from "./compare.ts";
 * import { ConfigSchema } from "../config/schema.ts";
 * const config = ConfigSchema.parse({
 *   domain: { assets: ["djed"] },
 *   prices: { sources: ["liqwid", "minswap"] },
 *   analysis: { price_compare: { per_asset_overrides: { djed: { tolerance_epsilon: 0 } } } },
 * });
 * const s = priceCompareSettingsFor(config, "djed");
 * console.assert(s.toleranceEpsilon === 0 && s.sources.length === 2);
 * ```
 */
export function priceCompareSettingsFor(config: Config, asset: string): PriceCompareSettings {
  const pc = config.analysis.price_compare;
  const o = pc.per_asset_overrides[asset] ?? {};
  return {
    sources: pc.sources === "@prices.sources" ? [...config.prices.sources] : [...pc.sources],
    epsilonMode: o.epsilon_mode ?? pc.epsilon_mode,
    toleranceEpsilon: o.tolerance_epsilon ?? pc.tolerance_epsilon,
    action: o.action_on_mismatch ?? pc.action_on_mismatch,
    persistenceThreshold: o.persistence_threshold ?? pc.persistence_threshold,
  };
}

/**
 * Reads every provider of every compared logical source (source order, then priority
 * order) and keeps the available ones as observations (§8.3). Never throws.
 *
 * @example
 * ```ts
 * import { observePrices } from "./compare.ts";
 * import { createPriceContext } from "./context.ts";
 * import { ConfigSchema } from "../config/schema.ts";
 * const greptime = {
 *   url: "mem", database: "liqwid",
 *   query: () => Promise.resolve({ columns: [], rows: [] }),
 *   execute: () => Promise.resolve(0), tableColumns: () => Promise.resolve([]),
 *   ping: () => Promise.resolve(),
 * };
 * const ctx = createPriceContext({ config: ConfigSchema.parse({}), greptime }, { now: 0 });
 * const set = await observePrices(ctx, "djed", ["liqwid"]);
 * console.assert(set.observations.length === 0);
 * ```
 */
export async function observePrices(
  ctx: PriceContext,
  asset: string,
  sources: readonly string[],
): Promise<PriceObservationSet> {
  const plan: { logical: string; provider: ReturnType<typeof priorityFor>[number] }[] = [];
  for (const logical of sources) {
    for (const provider of priorityFor(ctx.deps.config, logical)) plan.push({ logical, provider });
  }
  const readings = await Promise.all(plan.map((p) => readProvider(ctx, p.provider, asset)));
  const observations: PriceObservation[] = [];
  const pricesByLogical: Record<string, number> = {};
  const warnings: string[] = [];
  readings.forEach((r, i) => {
    if (r.warning && !warnings.includes(r.warning)) warnings.push(r.warning);
    if (!r.available || r.priceUsd === null || r.observedAtMs === null) return;
    const logical = plan[i].logical;
    observations.push({
      provider: r.provider,
      logical,
      price_usd: r.priceUsd,
      observed_at: new Date(r.observedAtMs).toISOString(),
    });
    if (!(logical in pricesByLogical)) pricesByLogical[logical] = r.priceUsd;
  });
  return { observations, pricesByLogical, warnings };
}

/**
 * Pure comparison + persistence (§8.3): fewer than two logical prices → unavailable, counter
 * 0; else d_abs = max − min, d_rel = d_abs / max (0 if max ≤ 0), mismatch against ε in the
 * configured mode; the counter becomes previous + 1 on mismatch, else 0; `held` iff mismatch,
 * counter ≥ persistence threshold and action `hold`. `flag_only` never holds.
 *
 * @example
 * ```ts
 * import { comparePriceObservations } from "./compare.ts";
 * const set = { observations: [], pricesByLogical: { liqwid: 1.0, minswap: 0.985 }, warnings: [] };
 * const settings = {
 *   sources: ["liqwid", "minswap"], epsilonMode: "relative" as const, toleranceEpsilon: 0.01,
 *   action: "hold" as const, persistenceThreshold: 2,
 * };
 * const first = comparePriceObservations(set, settings, 0);
 * console.assert(first.mismatch && !first.held && first.consecutive_mismatches === 1);
 * const second = comparePriceObservations(set, settings, 1);
 * console.assert(second.held);
 * ```
 */
export function comparePriceObservations(
  set: PriceObservationSet,
  settings: PriceCompareSettings,
  previousCount: number,
): PriceCompareResult {
  const logicalWithPrice = settings.sources.filter((l) => l in set.pricesByLogical);
  const prices_by_logical: Record<string, number> = {};
  for (const l of logicalWithPrice) prices_by_logical[l] = set.pricesByLogical[l];
  const base = {
    observations: set.observations,
    prices_by_logical,
    reference: logicalWithPrice[0] ?? null,
    epsilon_mode: settings.epsilonMode,
    tolerance_epsilon: settings.toleranceEpsilon,
    action: settings.action,
  };
  if (logicalWithPrice.length < 2) {
    return {
      ...base,
      delta_abs: null,
      delta_rel: null,
      mismatch: false,
      unavailable: true,
      consecutive_mismatches: 0,
      held: false,
    };
  }
  const values = logicalWithPrice.map((l) => prices_by_logical[l]);
  const max = Math.max(...values);
  const min = Math.min(...values);
  const deltaAbs = max - min;
  const deltaRel = max <= 0 ? 0 : deltaAbs / max;
  const mismatch = settings.epsilonMode === "absolute"
    ? deltaAbs > settings.toleranceEpsilon
    : deltaRel > settings.toleranceEpsilon;
  const count = mismatch ? previousCount + 1 : 0;
  return {
    ...base,
    delta_abs: deltaAbs,
    delta_rel: deltaRel,
    mismatch,
    unavailable: false,
    consecutive_mismatches: count,
    held: mismatch && count >= settings.persistenceThreshold && settings.action === "hold",
  };
}

/**
 * Applies one asset's comparison to the counter state, returning the result and a new
 * state (the input is not modified). Call it sequentially in asset order; for an asset
 * whose result is ERROR do not call it at all, so its counter stays unchanged (§23.15).
 *
 * @example
 * ```ts
 * import { applyPriceCompare } from "./compare.ts";
 * const set = { observations: [], pricesByLogical: { liqwid: 1 }, warnings: [] };
 * const settings = {
 *   sources: ["liqwid", "minswap"], epsilonMode: "relative" as const, toleranceEpsilon: 0.01,
 *   action: "hold" as const, persistenceThreshold: 1,
 * };
 * const { result, state } = applyPriceCompare(new Map([["djed", 3]]), "djed", set, settings);
 * console.assert(result.unavailable && state.get("djed") === 0);
 * ```
 */
export function applyPriceCompare(
  state: PriceCompareState,
  asset: string,
  set: PriceObservationSet,
  settings: PriceCompareSettings,
): { result: PriceCompareResult; state: PriceCompareState } {
  const result = comparePriceObservations(set, settings, state.get(asset) ?? 0);
  const next = new Map(state);
  next.set(asset, result.consecutive_mismatches);
  return { result, state: next };
}

/**
 * Observes and compares one asset in one go (relative to the context's now, over
 * [now − duty_cycle_window_hours, now], §23.15).
 *
 * @example
 * ```ts
 * import { comparePricesForAsset, priceCompareSettingsFor } from "./compare.ts";
 * import { createPriceContext } from "./context.ts";
 * import { ConfigSchema } from "../config/schema.ts";
 * const config = ConfigSchema.parse({ domain: { assets: ["djed"] }, prices: { sources: ["liqwid"] } });
 * const greptime = {
 *   url: "mem", database: "liqwid",
 *   query: () => Promise.resolve({ columns: [], rows: [] }),
 *   execute: () => Promise.resolve(0), tableColumns: () => Promise.resolve([]),
 *   ping: () => Promise.resolve(),
 * };
 * const ctx = createPriceContext({ config, greptime }, { now: 0 });
 * const out = await comparePricesForAsset(ctx, "djed", priceCompareSettingsFor(config, "djed"), new Map());
 * console.assert(out.result.unavailable);
 * ```
 */
export async function comparePricesForAsset(
  ctx: PriceContext,
  asset: string,
  settings: PriceCompareSettings,
  state: PriceCompareState,
): Promise<{ result: PriceCompareResult; state: PriceCompareState; warnings: string[] }> {
  const set = await observePrices(ctx, asset, settings.sources);
  const applied = applyPriceCompare(state, asset, set, settings);
  return { ...applied, warnings: set.warnings };
}
