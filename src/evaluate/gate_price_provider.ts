/**
 * Provider of the `price_usd` gate basis (SPEC §6.2, §23.8, §23.9).
 *
 * @module
 */

/** The always-available fallback provider. */
const LIQWID = "greptime(liqwid)";

/**
 * The provider whose series feeds the `price_usd` basis (§6.2): the first `greptime(…)`
 * provider met when walking `sources` (i.e. `prices.sources`) in order and each one's
 * priority list; none → `greptime(liqwid)`. `priorityFor(logical)` must apply the §8.2
 * defaults for sources without an entry (§23.9), e.g. `priorityFor` from src/config/effective.ts.
 *
 * @example
 * ```ts
 * import { gatePriceProvider } from "./gate_price_provider.ts";
 * const lists: Record<string, string[]> = { minswap: ["minswap_aggregator", "greptime(minswap)"] };
 * gatePriceProvider(["minswap"], (l) => lists[l] ?? []); // "greptime(minswap)"
 * gatePriceProvider([], () => []); // "greptime(liqwid)"
 * ```
 */
export function gatePriceProvider(
  sources: readonly string[],
  priorityFor: (logical: string) => readonly string[],
): string {
  for (const logical of sources) {
    for (const provider of priorityFor(logical)) {
      if (provider.startsWith("greptime(")) return provider;
    }
  }
  return LIQWID;
}

/**
 * Whether the `price_usd` basis falls back to `greptime(liqwid)` (§6.2): the chosen provider is
 * not `greptime(liqwid)` and its duty cycle over [max(t0, E − lookback), E] is below the
 * threshold (a missing table is an empty series, duty cycle 0, §23.8). The caller adds the
 * warning.
 *
 * @example
 * ```ts
 * import { gatePriceFallsBack } from "./gate_price_provider.ts";
 * gatePriceFallsBack("greptime(minswap)", 0.5, 0.9); // true
 * gatePriceFallsBack("greptime(liqwid)", 0, 0.9); // false
 * ```
 */
export function gatePriceFallsBack(
  provider: string,
  dutyCycle: number,
  threshold: number,
): boolean {
  return provider !== LIQWID && dutyCycle < threshold;
}
