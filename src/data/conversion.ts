/**
 * Conversion of transaction amounts to USD at the transaction-time price (SPEC §3.3, §23.4).
 *
 * @module
 */
import { upperBound } from "../evaluate/search.ts";

/** An ascending price series. */
export interface PriceSeries {
  tsMs: readonly number[];
  values: readonly number[];
}

/**
 * Price at τ (§3.3): the value at the latest ts ≤ τ; if none, at the earliest ts > τ;
 * null when the series is empty.
 *
 * @example
 * ```ts
 * import { priceAt } from "./conversion.ts";
 * const s = { tsMs: [10, 20], values: [2, 3] };
 * console.assert(priceAt(s, 15) === 2 && priceAt(s, 5) === 2 && priceAt(s, 25) === 3);
 * ```
 */
export function priceAt(series: PriceSeries, tsMs: number): number | null {
  const n = series.tsMs.length;
  if (n === 0) return null;
  const i = upperBound(series.tsMs, tsMs) - 1; // last index with ts <= tsMs
  return i >= 0 ? series.values[i] : series.values[0];
}

/**
 * Prepends an earlier price point (the last price before the window) to a window series.
 *
 * @example
 * ```ts
 * import { withEarlierPrice } from "./conversion.ts";
 * const s = withEarlierPrice({ tsMs: [10], values: [2] }, { tsMs: 5, price: 1 });
 * console.assert(s.tsMs.length === 2 && s.values[0] === 1);
 * ```
 */
export function withEarlierPrice(
  series: PriceSeries,
  earlier: { tsMs: number; price: number } | null,
): PriceSeries {
  if (earlier === null || (series.tsMs.length > 0 && earlier.tsMs >= series.tsMs[0])) return series;
  return { tsMs: [earlier.tsMs, ...series.tsMs], values: [earlier.price, ...series.values] };
}
