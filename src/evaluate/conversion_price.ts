/**
 * Price used to convert a transaction amount to USD (SPEC §3.3, §23.4).
 *
 * @module
 */

import { upperBound } from "./search.ts";

/**
 * The asset price for a transaction at `tauMs` (§3.3): the price at the latest ts ≤ τ; if
 * none, at the earliest ts > τ; null when the series is empty. `priceTsMs` must be ascending
 * and parallel to `priceValues` (the caller passes only prices with ts ≤ E, §23.4).
 *
 * @example
 * ```ts
 * import { conversionPrice } from "./conversion_price.ts";
 * conversionPrice([10, 20], [2.0, 2.02], 15); // 2
 * conversionPrice([10, 20], [2.0, 2.02], 5); // 2 (earliest after τ)
 * conversionPrice([], [], 5); // null
 * ```
 */
export function conversionPrice(
  priceTsMs: ArrayLike<number>,
  priceValues: ArrayLike<number>,
  tauMs: number,
): number | null {
  const n = priceTsMs.length;
  if (n === 0) return null;
  const after = upperBound(priceTsMs, tauMs);
  return after > 0 ? priceValues[after - 1] : priceValues[0];
}

/**
 * Signed USD amount of a transaction (§3.3): +magnitude·P for a deposit, −magnitude·P for a
 * withdrawal, with magnitude = |units| (§3.2.2).
 *
 * @example
 * ```ts
 * import { flowUsd } from "./conversion_price.ts";
 * flowUsd("withdrawal", 15, 2); // -30
 * ```
 */
export function flowUsd(kind: "deposit" | "withdrawal", units: number, priceUsd: number): number {
  const usd = Math.abs(units) * priceUsd;
  return kind === "deposit" ? usd : -usd;
}
