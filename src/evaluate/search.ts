/**
 * Binary searches over ascending numeric arrays.
 *
 * @module
 */

/**
 * First index i with xs[i] ≥ v (xs.length when none).
 *
 * @example
 * ```ts
 * import { lowerBound } from "./search.ts";
 * lowerBound([1, 3, 3, 5], 3); // 1
 * ```
 */
export function lowerBound(xs: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * First index i with xs[i] > v (xs.length when none).
 *
 * @example
 * ```ts
 * import { upperBound } from "./search.ts";
 * upperBound([1, 3, 3, 5], 3); // 3
 * ```
 */
export function upperBound(xs: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
