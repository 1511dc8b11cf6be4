/**
 * Largest-Triangle-Three-Buckets downsampling (SPEC §9.7, §15.3).
 *
 * @module
 */

import type { Series } from "./types.ts";

/**
 * Indices kept by LTTB when reducing n points to `threshold` points: the first and last point,
 * plus one point from each of threshold−2 equal-count buckets of the interior points — the one
 * forming the largest triangle with the previously kept point and the mean of the next bucket
 * (the last point for the final bucket). With threshold ≥ n (or < 3) every index is kept.
 *
 * @example
 * ```ts
 * import { lttbIndices } from "./lttb.ts";
 * lttbIndices([0, 1, 2, 3, 4], [0, 5, 0, 0, 0], 3); // [0, 1, 4]
 * ```
 */
export function lttbIndices(
  ts: ArrayLike<number>,
  values: ArrayLike<number>,
  threshold: number,
): number[] {
  const n = ts.length;
  if (values.length !== n) {
    throw new RangeError(`lttb needs parallel arrays; got ${n} and ${values.length}`);
  }
  if (threshold >= n || threshold < 3) return Array.from({ length: n }, (_, i) => i);
  const buckets = threshold - 2;
  const interior = n - 2;
  const bucketStart = (b: number): number => 1 + Math.floor((b * interior) / buckets);
  const out: number[] = [0];
  let prev = 0;
  for (let b = 0; b < buckets; b++) {
    const start = bucketStart(b);
    const end = bucketStart(b + 1); // exclusive
    // Mean of the next bucket (or the last point).
    let mx: number;
    let my: number;
    if (b + 1 < buckets) {
      const ns = end;
      const ne = bucketStart(b + 2);
      mx = 0;
      my = 0;
      for (let j = ns; j < ne; j++) {
        mx += ts[j];
        my += values[j];
      }
      mx /= ne - ns;
      my /= ne - ns;
    } else {
      mx = ts[n - 1];
      my = values[n - 1];
    }
    const px = ts[prev];
    const py = values[prev];
    let best = start;
    let bestArea = -1;
    for (let j = start; j < end; j++) {
      const area = Math.abs((px - mx) * (values[j] - py) - (px - ts[j]) * (my - py));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    out.push(best);
    prev = best;
  }
  out.push(n - 1);
  return out;
}

/**
 * LTTB (§9.7) of (ts_i, value_i) down to `threshold` points, as a {@link Series}.
 *
 * @example
 * ```ts
 * import { lttb } from "./lttb.ts";
 * lttb([0, 1, 2, 3, 4], [0, 5, 0, 0, 0], 3); // { tsMs: [0, 1, 4], values: [0, 5, 0] }
 * ```
 */
export function lttb(ts: ArrayLike<number>, values: ArrayLike<number>, threshold: number): Series {
  const idx = lttbIndices(ts, values, threshold);
  return { tsMs: idx.map((i) => ts[i]), values: idx.map((i) => values[i]) };
}
