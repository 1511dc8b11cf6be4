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

import type { PriceCompareSettings } from "../config/mod.ts";
import { priorityFor } from "../config/mod.ts";
import { comparePrices } from "../evaluate/mod.ts";
import type { PriceCompareResult, PriceObservation } from "../evaluate/types.ts";
import type { PriceContext } from "./context.ts";
import { readProvider } from "./providers.ts";

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
 * Reads every provider of every compared logical source (source order, then priority
 * order) and keeps the available ones as observations (§8.3). Never throws.
 *
 * @example
 * ```ts
 * import { observePrices } from "./compare.ts";
 * import { createPriceContext } from "./context.ts";
 * import { parseConfig } from "../config/mod.ts";
 * const greptime = {
 *   url: "mem", database: "liqwid",
 *   query: () => Promise.resolve({ columns: [], rows: [] }),
 *   execute: () => Promise.resolve(0), tableColumns: () => Promise.resolve([]),
 *   ping: () => Promise.resolve(),
 * };
 * const ctx = createPriceContext({ config: parseConfig("{}", {}).config, greptime }, { now: 0 });
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
 * Applies one asset's comparison to the counter state, returning the result and a new
 * state (the input is not modified). Call it sequentially in asset order; for an asset
 * whose result is ERROR do not call it at all, so its counter stays unchanged (§23.15).
 *
 * @example
 * ```ts
 * import { applyPriceCompare } from "./compare.ts";
 * const set = { observations: [], pricesByLogical: { liqwid: 1 }, warnings: [] };
 * const settings = {
 *   enabled: true, sources: ["liqwid", "minswap"], epsilon_mode: "relative" as const,
 *   tolerance_epsilon: 0.01, action_on_mismatch: "hold" as const, persistence_threshold: 1,
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
  // Logical prices in compared-source order; the maths is the evaluation's comparePrices.
  const logical = settings.sources.filter((l) => Object.hasOwn(set.pricesByLogical, l))
    .map((l) => ({ logical: l, price_usd: set.pricesByLogical[l] }));
  const result = comparePrices(logical, settings, state.get(asset) ?? 0, set.observations);
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
 * import { comparePricesForAsset } from "./compare.ts";
 * import { createPriceContext } from "./context.ts";
 * import { parseConfig, priceCompareSettings } from "../config/mod.ts";
 * const { config } = parseConfig("domain:\n  assets: [djed]\nprices:\n  sources: [liqwid]\n", {});
 * const greptime = {
 *   url: "mem", database: "liqwid",
 *   query: () => Promise.resolve({ columns: [], rows: [] }),
 *   execute: () => Promise.resolve(0), tableColumns: () => Promise.resolve([]),
 *   ping: () => Promise.resolve(),
 * };
 * const ctx = createPriceContext({ config, greptime }, { now: 0 });
 * const out = await comparePricesForAsset(ctx, "djed", priceCompareSettings(config, "djed"), new Map());
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
