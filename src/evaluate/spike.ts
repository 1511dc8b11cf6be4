/**
 * `detect_spike` attribution (SPEC §5.3) with the original's constants.
 *
 * @module
 */

import { median, populationStd } from "./stats.ts";

/** Half width of the step window around b. */
const WINDOW = 8;
/** Robust z threshold. */
const Z_MIN = 3.0;
/** MAD → σ factor. */
const MAD_SCALE = 1.4826;
/** Accepted step/magnitude band of the first pass. */
const RATIO_LO = 0.3;
const RATIO_HI = 1.5;
/** Forward fallback reach and the step size treated as a change. */
const FORWARD = 24;
const STEP_EPS = 1e-9;

/**
 * Index of the snapshot that first reflects a flow under `detect_spike` (§5.3).
 *
 * `b` is min{i : s_i ≥ τ} (the caller has already deferred flows after the last snapshot, so
 * b ≤ m); `values` are the snapshot values p_0..p_m; `amountUsd` is the signed flow amount and
 * `kind` its direction. Returns j in 0..m (0 = absorbed).
 *
 * @example
 * ```ts
 * import { detectSpikeIndex } from "./spike.ts";
 * const p = [1000, 1001, 1002, 1003, 1004, 1005, 1006, 1507, 1508, 1509, 1510, 1511, 1512];
 * detectSpikeIndex(p, 6, 500, "deposit"); // 7
 * ```
 */
export function detectSpikeIndex(
  values: ArrayLike<number>,
  b: number,
  amountUsd: number,
  kind: "deposit" | "withdrawal",
): number {
  if (b <= 0) return 0;
  const m = values.length - 1;
  const kLo = Math.max(1, b - WINDOW);
  const kHi = Math.min(m, b + WINDOW);
  const size = kHi - kLo + 1;
  const sgn = kind === "deposit" ? 1 : -1;
  const mag = Math.abs(amountUsd);
  if (size > 0) {
    const steps = new Float64Array(size);
    for (let k = kLo; k <= kHi; k++) steps[k - kLo] = values[k] - values[k - 1];
    const med = median(steps);
    const dev = new Float64Array(size);
    for (let i = 0; i < size; i++) dev[i] = Math.abs(steps[i] - med);
    const mad = median(dev);
    let scale = 1;
    if (mad > 0) scale = MAD_SCALE * mad;
    else {
      const sd = populationStd(steps);
      if (sd > 0) scale = sd;
    }
    for (const banded of mag > 0 ? [true, false] : [false]) {
      let best = -1;
      let bestDist = Infinity;
      let bestAbsZ = -Infinity;
      for (let k = kLo; k <= kHi; k++) {
        const step = steps[k - kLo];
        const absZ = Math.abs((step - med) / scale);
        if (!(sgn * step > 0) || !(absZ >= Z_MIN)) continue;
        if (banded) {
          const ratio = Math.abs(step) / mag;
          if (!(ratio >= RATIO_LO && ratio <= RATIO_HI)) continue;
        }
        const dist = Math.abs(k - b);
        // (|k − b|, −|z|) lexicographic, then the smallest k (k ascends, so keep the first).
        if (dist < bestDist || (dist === bestDist && absZ > bestAbsZ)) {
          best = k;
          bestDist = dist;
          bestAbsZ = absZ;
        }
      }
      if (best >= 0) return best;
    }
  }
  const fEnd = Math.min(m, b + FORWARD);
  for (let k = b; k <= fEnd; k++) {
    const step = values[k] - values[k - 1];
    if (Math.abs(step) > STEP_EPS && sgn * step > 0) return k;
  }
  return b;
}
