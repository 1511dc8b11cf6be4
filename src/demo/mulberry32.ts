/**
 * The mulberry32 PRNG used by the demo dataset (SPEC §18.3).
 *
 * @module
 */

/**
 * Returns a generator of floats in [0, 1) seeded with a 32-bit integer (§18.3).
 *
 * @example
 * ```ts
 * const next = mulberry32(1);
 * console.log(next()); // 0.6270739405881613
 * ```
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return function next(): number {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
