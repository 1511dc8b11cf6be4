/**
 * Chart baseline smoothing (SPEC §9.6): a global polynomial fit, or a time-windowed moving
 * average (local polynomial, boxcar, gaussian, none). Edge windows are truncated and
 * renormalised over the points that exist; there is never zero padding (§21.16).
 *
 * @module
 */

import {
  createWeightScratch,
  localPolynomialWeights,
  type WeightScratch,
} from "./local_weights.ts";
import { fitPolynomial } from "./polyfit.ts";

/** Smoothing options: the trend settings of §2.3.4 (`enabled` is not needed here). */
export interface SmoothOptions {
  /** Global polynomial fit or a moving window. */
  method: "polynomial_fit" | "moving_average";
  /** Kernel of `moving_average`. */
  window_type: "polynomial" | "gaussian" | "boxcar" | "none";
  /** Window width W in hours (points with |t_j − t_i| ≤ W/2). */
  window_size_hours: number;
  /** Degree of the global or local polynomial. */
  polynomial_order: number;
  /** Gaussian σ as a fraction of W. */
  gaussian_std: number;
}

const MS_PER_HOUR = 3_600_000;

/**
 * Smooths (t_i, x_i) per §9.6. `tsMs` must be ascending. Windows are time based: the points
 * with |t_j − t_i| ≤ W/2, W = `window_size_hours`.
 *
 * - `polynomial_fit`: global least-squares fit of degree `polynomial_order` (§9.4), in hours.
 * - `moving_average` + `polynomial`: local fit of degree min(order, k−1) over the k window
 *   points, evaluated at t_i (Savitzky–Golay style).
 * - `moving_average` + `boxcar`: window mean; `gaussian`: weights
 *   exp(−½((t_j − t_i)/(gaussian_std·W))²), normalised; `none`: the values unchanged.
 *
 * @example
 * ```ts
 * import { smoothSeries } from "./smoothing.ts";
 * const ts = [0, 1, 2, 3].map((h) => h * 3_600_000);
 * smoothSeries(ts, [1, 2, 3, 4], {
 *   method: "moving_average", window_type: "boxcar", window_size_hours: 2,
 *   polynomial_order: 2, gaussian_std: 0.3,
 * }); // [1.5, 2, 3, 3.5]
 * ```
 */
export function smoothSeries(
  tsMs: ArrayLike<number>,
  values: ArrayLike<number>,
  opts: SmoothOptions,
): number[] {
  const n = tsMs.length;
  if (values.length !== n) {
    throw new RangeError(`smoothSeries needs parallel arrays; got ${n} and ${values.length}`);
  }
  if (n === 0) return [];
  if (opts.method === "polynomial_fit") {
    const h = new Float64Array(n);
    for (let i = 0; i < n; i++) h[i] = (tsMs[i] - tsMs[0]) / MS_PER_HOUR;
    return fitPolynomial(h, values, Math.min(opts.polynomial_order, n - 1));
  }
  if (opts.window_type === "none") return Array.from(values);
  const halfMs = (opts.window_size_hours * MS_PER_HOUR) / 2;
  const out: number[] = new Array(n);
  const cache = new WindowCache();
  let lo = 0;
  let hi = 0; // exclusive
  for (let i = 0; i < n; i++) {
    const t = tsMs[i];
    while (lo < n && t - tsMs[lo] > halfMs) lo++;
    if (hi < i + 1) hi = i + 1;
    while (hi < n && tsMs[hi] - t <= halfMs) hi++;
    if (opts.window_type === "boxcar") {
      let sum = 0;
      for (let j = lo; j < hi; j++) sum += values[j];
      out[i] = sum / (hi - lo);
      continue;
    }
    // Gaussian and local-polynomial weights depend only on the offsets t_j − t_i, so a
    // window with the same offsets as the previous one reuses its weights.
    if (!cache.matches(tsMs, lo, hi, t)) cache.compute(tsMs, lo, hi, t, opts);
    let sum = 0;
    const w = cache.weights;
    for (let j = lo; j < hi; j++) sum += w[j - lo] * values[j];
    out[i] = sum / cache.divisor;
  }
  return out;
}

/** Weights of the last window, keyed by its offsets from the centre point. */
class WindowCache {
  #offsets = new Float64Array(0);
  #len = -1;
  #scratch: WeightScratch = createWeightScratch();
  weights: Float64Array = new Float64Array(0);
  divisor = 1;

  matches(tsMs: ArrayLike<number>, lo: number, hi: number, t: number): boolean {
    if (hi - lo !== this.#len) return false;
    const off = this.#offsets;
    for (let j = lo; j < hi; j++) if (tsMs[j] - t !== off[j - lo]) return false;
    return true;
  }

  compute(tsMs: ArrayLike<number>, lo: number, hi: number, t: number, opts: SmoothOptions): void {
    const k = hi - lo;
    if (this.#offsets.length < k) {
      this.#offsets = new Float64Array(k * 2);
      this.weights = new Float64Array(k * 2);
    }
    this.#len = k;
    const off = this.#offsets;
    for (let j = lo; j < hi; j++) off[j - lo] = tsMs[j] - t;
    const w = this.weights;
    if (opts.window_type === "gaussian") {
      const sigmaMs = opts.gaussian_std * opts.window_size_hours * MS_PER_HOUR;
      let wSum = 0;
      for (let j = 0; j < k; j++) {
        const u = off[j] / sigmaMs;
        w[j] = Math.exp(-0.5 * u * u);
        wSum += w[j];
      }
      this.divisor = wSum;
      return;
    }
    // Local polynomial of degree min(order, k − 1), in hours relative to t_i.
    const degree = Math.min(opts.polynomial_order, k - 1);
    this.divisor = 1;
    if (degree <= 0) {
      w.fill(1, 0, k);
      this.divisor = k;
      return;
    }
    const u = new Float64Array(k);
    for (let j = 0; j < k; j++) u[j] = off[j] / MS_PER_HOUR;
    localPolynomialWeights(u, degree, 0, this.#scratch, w);
  }
}
