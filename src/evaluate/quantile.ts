/**
 * Quantile with numpy's default `linear` method, bit-for-bit (SPEC §9.3).
 *
 * @module
 */

/**
 * Sorts a copy ascending into a `Float64Array` (numeric order).
 */
function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * Quantile on an already ascending-sorted sample (§9.3). Useful when several quantiles of one
 * sample are needed. `p` is a fraction in [0, 1]. Returns `NaN` for an empty sample.
 *
 * @example
 * ```ts
 * import { quantileSorted } from "./quantile.ts";
 * quantileSorted([1, 2, 3, 4], 0.5); // 2.5
 * ```
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  if (lo < 0) return sorted[0];
  const g = h - lo;
  const a = sorted[lo];
  const b = sorted[lo + 1];
  const d = b - a;
  // numpy's _lerp: the two branches keep the result monotone and exact at the ends.
  return g >= 0.5 ? b - d * (1 - g) : a + d * g;
}

/**
 * Quantile Q(x, p) equal to `numpy.quantile(x, p)` (method `linear`) bit-for-bit (§9.3):
 * sort; h = (n−1)·p; lo = ⌊h⌋; g = h − lo; interpolate between x_lo and x_lo+1.
 * `p` is a fraction in [0, 1]. The input is not modified. Returns `NaN` for an empty sample.
 *
 * @example
 * ```ts
 * import { quantileLinear } from "./quantile.ts";
 * quantileLinear([10, 1, 5], 0.25); // 3
 * ```
 */
export function quantileLinear(values: ArrayLike<number>, p: number): number {
  return quantileSorted(sortedCopy(values), p);
}
