/**
 * Gaussian kernel density estimate for the residual panel (SPEC §9.5).
 *
 * @module
 */

import { populationStd } from "./stats.ts";

/** A density evaluated on an even grid. */
export interface KdeResult {
  /** Bandwidth h = 1.06·σ·n^(−1/5). */
  bandwidth: number;
  /** Evenly spaced evaluation points. */
  grid: number[];
  /** Density at each grid point. */
  density: number[];
}

/** Options of {@link gaussianKde}. */
export interface KdeOptions {
  /** Extra values the grid must cover (e.g. gate thresholds); non-finite entries are ignored. */
  thresholds?: readonly (number | null)[];
  /** Grid size; default 200. */
  gridPoints?: number;
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * Density of the Gaussian KDE of `sample` with bandwidth `bandwidth` at `x`:
 * mean_i φ((x − r_i)/h)/h.
 *
 * @example
 * ```ts
 * import { kdeDensityAt } from "./kde.ts";
 * kdeDensityAt([0], 1, 0); // ≈ 0.3989
 * ```
 */
export function kdeDensityAt(sample: ArrayLike<number>, bandwidth: number, x: number): number {
  const n = sample.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const u = (x - sample[i]) / bandwidth;
    sum += Math.exp(-0.5 * u * u) * INV_SQRT_2PI;
  }
  return sum / n / bandwidth;
}

/**
 * Gaussian KDE (§9.5): bandwidth h = 1.06·σ·n^(−1/5) with σ the population std; the density is
 * evaluated on `gridPoints` (200) evenly spaced points over
 * [min(sample ∪ thresholds) − 3h, max(sample ∪ thresholds) + 3h]. Returns `null` when n < 2 or
 * σ ≤ 0 (the chart then says there is not enough data).
 *
 * @example
 * ```ts
 * import { gaussianKde } from "./kde.ts";
 * const kde = gaussianKde([-1, 0, 1], { thresholds: [-3, 3] });
 * kde?.grid.length; // 200
 * ```
 */
export function gaussianKde(sample: ArrayLike<number>, opts: KdeOptions = {}): KdeResult | null {
  const n = sample.length;
  if (n < 2) return null;
  const sigma = populationStd(sample);
  if (!(sigma > 0)) return null;
  const bandwidth = 1.06 * sigma * Math.pow(n, -1 / 5);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (sample[i] < lo) lo = sample[i];
    if (sample[i] > hi) hi = sample[i];
  }
  for (const t of opts.thresholds ?? []) {
    if (t === null || !Number.isFinite(t)) continue;
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  const start = lo - 3 * bandwidth;
  const stop = hi + 3 * bandwidth;
  const count = Math.max(2, Math.floor(opts.gridPoints ?? 200));
  const step = (stop - start) / (count - 1);
  const grid: number[] = new Array(count);
  const density: number[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const x = i === count - 1 ? stop : start + i * step;
    grid[i] = x;
    density[i] = kdeDensityAt(sample, bandwidth, x);
  }
  return { bandwidth, grid, density };
}
