/**
 * Basic statistics (SPEC §9.1, §9.2): median and two-pass population standard deviation.
 *
 * @module
 */

/**
 * Median (§9.1): sort ascending; odd n → middle value; even n → mean of the two middle values.
 * Returns `NaN` for an empty input. The input is not modified.
 *
 * @example
 * ```ts
 * import { median } from "./stats.ts";
 * median([3, 1, 2]); // 2
 * median([4, 1, 2, 3]); // 2.5
 * ```
 */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Arithmetic mean by a left-to-right sum. Returns `NaN` for an empty input.
 *
 * @example
 * ```ts
 * import { mean } from "./stats.ts";
 * mean([1, 2, 3, 4]); // 2.5
 * ```
 */
export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  return sum / n;
}

/**
 * Population standard deviation (§9.2, divide by n), computed in two passes: the mean, then
 * the mean of squared deviations. Returns `NaN` for an empty input.
 *
 * @example
 * ```ts
 * import { populationStd } from "./stats.ts";
 * populationStd([2, 4, 4, 4, 5, 5, 7, 9]); // 2
 * ```
 */
export function populationStd(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  const m = mean(values);
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - m;
    sq += d * d;
  }
  return Math.sqrt(sq / n);
}
