/**
 * The gate's input series by basis (SPEC §6.2).
 *
 * @module
 */

import type { AggregateGains } from "./aggregate.ts";
import type { GateSeries } from "./gate.ts";
import type { GateBasis } from "./types.ts";

const MS_PER_HOUR = 3_600_000;

/**
 * Change rate of a series in units per hour (§6.2): rate_i = (y_i − y_{i−1}) / ((t_i − t_{i−1})/3.6e6)
 * at t_i, for i = 1..n−1 (n−1 points).
 *
 * @example
 * ```ts
 * import { changeRatePerHour } from "./gate_series.ts";
 * changeRatePerHour({ tsMs: [0, 1_800_000, 5_400_000], values: [0, 1, 3] });
 * // { tsMs: [1800000, 5400000], values: [2, 2] }
 * ```
 */
export function changeRatePerHour(series: GateSeries): { tsMs: number[]; values: number[] } {
  const n = series.tsMs.length;
  const tsMs: number[] = [];
  const values: number[] = [];
  for (let i = 1; i < n; i++) {
    const dtHours = (series.tsMs[i] - series.tsMs[i - 1]) / MS_PER_HOUR;
    tsMs.push(series.tsMs[i]);
    values.push((series.values[i] - series.values[i - 1]) / dtHours);
  }
  return { tsMs, values };
}

/**
 * The gate series for a basis (§6.2): `corrected_position` → (s, C(s)); `change_rate_usd` →
 * rates of C at s_i (n−1 points); `price_usd` → `priceSeries` (the provider series the caller
 * chose per §6.2; required for that basis, else a `TypeError`). Lookback is applied later by
 * `evaluateGate`, after the rates.
 *
 * @example
 * ```ts
 * import { gateSeriesForBasis } from "./gate_series.ts";
 * const agg = { tsMs: [0, 3_600_000], corrected: [100, 103] };
 * gateSeriesForBasis("change_rate_usd", agg).values; // [3]
 * ```
 */
export function gateSeriesForBasis(
  basis: GateBasis,
  aggregate: Pick<AggregateGains, "tsMs" | "corrected">,
  priceSeries?: GateSeries,
): GateSeries {
  switch (basis) {
    case "corrected_position":
      return { tsMs: aggregate.tsMs, values: aggregate.corrected };
    case "change_rate_usd":
      return changeRatePerHour({ tsMs: aggregate.tsMs, values: aggregate.corrected });
    case "price_usd":
      if (!priceSeries) {
        throw new TypeError('gateSeriesForBasis("price_usd") needs the provider price series');
      }
      return priceSeries;
  }
}
