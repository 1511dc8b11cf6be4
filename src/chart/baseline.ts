/**
 * The smoothed baseline of the position view (SPEC §15.2): B = smooth(C) + (V − C), the §9.6
 * smoothing of the corrected position moved back into raw space so flows do not look like
 * anomalies, with its band width σ_b and the residuals C − smooth(C).
 *
 * @module
 */

import type { ChartData, Series } from "../evaluate/types.ts";
import { populationStd, smoothSeries } from "./numeric.ts";

/** Baseline and its by-products, all at the timestamps of C. */
export interface Baseline {
  tsMs: number[];
  /** smooth(C) (§9.6). */
  smoothed: number[];
  /** B = smooth(C) + (V − C). */
  values: number[];
  /** Band half-width: the gate σ on `corrected_position`, else std(C − smooth(C)); null if unusable. */
  sigmaB: number | null;
  /** C − smooth(C), the residuals shown when the gate produced none. */
  residuals: number[];
}

/**
 * Linear interpolation of an ascending series at `tMs`, clamped to its end values; NaN when
 * the series is empty.
 *
 * @example
 * ```ts
 * import { interpolateAt } from "./baseline.ts";
 * interpolateAt({ tsMs: [0, 10], values: [0, 100] }, 2.5); // 25
 * ```
 */
export function interpolateAt(series: Series, tMs: number): number {
  const { tsMs, values } = series;
  const n = tsMs.length;
  if (n === 0) return Number.NaN;
  if (tMs <= tsMs[0]) return values[0];
  if (tMs >= tsMs[n - 1]) return values[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (tsMs[mid] <= tMs) lo = mid;
    else hi = mid;
  }
  const span = tsMs[hi] - tsMs[lo];
  if (span === 0) return values[hi];
  return values[lo] + (values[hi] - values[lo]) * ((tMs - tsMs[lo]) / span);
}

/**
 * Computes smooth(C), B and σ_b for a chart (§15.2, §9.6); all arrays are empty when C is.
 *
 * @example
 * ```ts ignore
 * import { computeBaseline } from "./baseline.ts";
 * import type { ChartData } from "../evaluate/types.ts";
 * declare const chart: ChartData;
 * const b = computeBaseline(chart);
 * b.values.length === chart.corrected.tsMs.length; // true
 * ```
 */
export function computeBaseline(chart: ChartData): Baseline {
  const c = chart.corrected;
  const n = c.tsMs.length;
  if (n === 0) return { tsMs: [], smoothed: [], values: [], sigmaB: null, residuals: [] };
  const smoothed = smoothSeries(c.tsMs, c.values, chart.trend);
  const values: number[] = new Array(n);
  const residuals: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = interpolateAt(chart.positions, c.tsMs[i]);
    values[i] = smoothed[i] + ((Number.isFinite(v) ? v : c.values[i]) - c.values[i]);
    residuals[i] = c.values[i] - smoothed[i];
  }
  const gateSigma = chart.gate.basis === "corrected_position" ? chart.gate.sigma : null;
  const sigma = gateSigma !== null && Number.isFinite(gateSigma)
    ? gateSigma
    : populationStd(residuals);
  return {
    tsMs: [...c.tsMs],
    smoothed,
    values,
    sigmaB: Number.isFinite(sigma) && sigma > 0 ? sigma : null,
    residuals,
  };
}
