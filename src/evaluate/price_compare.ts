/**
 * Price comparison maths (SPEC §8.3, §21.12): deltas, mismatch, persistence counter, hold.
 *
 * @module
 */

import type { PriceCompareResult, PriceObservation } from "./types.ts";

/** A logical source's price (only sources that have one), in compared-source order. */
export interface LogicalPrice {
  /** Logical source name. */
  logical: string;
  /** Its logical price (§8.2). */
  price_usd: number;
}

/**
 * Resolved comparison settings for one asset (per-asset overrides applied). The object from
 * `priceCompareSettings(config, asset)` in src/config/effective.ts fits.
 */
export interface PriceCompareSettings {
  /** Whether ε bounds d_rel or d_abs. */
  epsilon_mode: "relative" | "absolute";
  /** Tolerance ε (0 is honoured). */
  tolerance_epsilon: number;
  /** What a persistent mismatch does. */
  action_on_mismatch: "hold" | "flag_only";
  /** Consecutive mismatches needed before holding. */
  persistence_threshold: number;
}

/**
 * Compares logical prices (§8.3). Fewer than 2 prices → `unavailable`, no deltas, counter 0.
 * Else d_abs = max − min, d_rel = d_abs / max (0 if max ≤ 0); mismatch = d > ε (strict) in the
 * chosen mode (ε = 0 is honoured); counter = previousCount + 1 on mismatch, else 0; `held` iff mismatch, counter ≥
 * persistence_threshold and action `hold`. `observations` are copied into the result as given.
 *
 * @example
 * ```ts
 * import { comparePrices } from "./price_compare.ts";
 * const r = comparePrices(
 *   [{ logical: "liqwid", price_usd: 1 }, { logical: "minswap", price_usd: 0.985 }],
 *   { epsilon_mode: "relative", tolerance_epsilon: 0.01, action_on_mismatch: "hold", persistence_threshold: 1 },
 *   0,
 * );
 * r.held; // true
 * ```
 */
export function comparePrices(
  logicalPrices: readonly LogicalPrice[],
  settings: PriceCompareSettings,
  previousCount: number,
  observations: readonly PriceObservation[] = [],
): PriceCompareResult {
  const prices = logicalPrices.filter((p) => Number.isFinite(p.price_usd));
  const prices_by_logical: Record<string, number> = {};
  for (const p of prices) {
    if (!Object.hasOwn(prices_by_logical, p.logical)) prices_by_logical[p.logical] = p.price_usd;
  }
  const base = {
    observations: [...observations],
    prices_by_logical,
    reference: prices.length > 0 ? prices[0].logical : null,
    epsilon_mode: settings.epsilon_mode,
    tolerance_epsilon: settings.tolerance_epsilon,
    action: settings.action_on_mismatch,
  };
  if (prices.length < 2) {
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
  let max = -Infinity;
  let min = Infinity;
  for (const p of prices) {
    if (p.price_usd > max) max = p.price_usd;
    if (p.price_usd < min) min = p.price_usd;
  }
  const dAbs = max - min;
  const dRel = max <= 0 ? 0 : dAbs / max;
  const mismatch = settings.epsilon_mode === "absolute"
    ? dAbs > settings.tolerance_epsilon
    : dRel > settings.tolerance_epsilon;
  const count = mismatch ? previousCount + 1 : 0;
  return {
    ...base,
    delta_abs: dAbs,
    delta_rel: dRel,
    mismatch,
    unavailable: false,
    consecutive_mismatches: count,
    held: mismatch && count >= settings.persistence_threshold &&
      settings.action_on_mismatch === "hold",
  };
}
