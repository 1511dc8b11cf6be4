/**
 * Duty cycle of a sampled series (SPEC §9.8, §23.7).
 *
 * @module
 */

import { median } from "./stats.ts";

/**
 * Fraction of expected samples present in [aMs, bMs] (§9.8): only points inside the closed
 * interval count (§23.7); fewer than 2 → 0; Δ = median of consecutive gaps in seconds; Δ ≤ 0 → 0;
 * expected = max(1, (b − a)/Δ) with (b − a) in seconds; result = clamp(count/expected, 0, 1).
 * `tsMs` need not be sorted.
 *
 * @example
 * ```ts
 * import { dutyCycle } from "./duty_cycle.ts";
 * const hour = 3_600_000;
 * dutyCycle([0, hour, 2 * hour], 0, 4 * hour); // 0.75
 * ```
 */
export function dutyCycle(tsMs: ArrayLike<number>, aMs: number, bMs: number): number {
  const inside: number[] = [];
  for (let i = 0; i < tsMs.length; i++) {
    const t = tsMs[i];
    if (t >= aMs && t <= bMs) inside.push(t);
  }
  if (inside.length < 2) return 0;
  inside.sort((x, y) => x - y);
  const gaps = new Float64Array(inside.length - 1);
  for (let i = 1; i < inside.length; i++) gaps[i - 1] = (inside[i] - inside[i - 1]) / 1000;
  const delta = median(gaps);
  if (!(delta > 0)) return 0;
  const expected = Math.max(1, (bMs - aMs) / 1000 / delta);
  return Math.min(1, Math.max(0, inside.length / expected));
}
