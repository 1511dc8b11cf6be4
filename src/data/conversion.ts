/**
 * Conversion of transaction amounts to USD at the transaction-time price (SPEC §3.3, §23.4).
 *
 * @module
 */

/** An ascending price series. */
export interface PriceSeries {
  tsMs: readonly number[];
  values: readonly number[];
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
