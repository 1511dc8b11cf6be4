/**
 * The residual gate's `price_usd` basis series (SPEC §6.2, §23.6, §23.8, §23.9).
 *
 * @module
 */

import type { Config } from "../config/mod.ts";
import { priorityFor } from "../config/mod.ts";
import { dutyCycle, gatePriceFallsBack, gatePriceProvider } from "../evaluate/mod.ts";
import type { GreptimeProvider, PriceContext } from "./context.ts";

/** The basis series with the provider it came from. */
export interface PriceBasisSeries {
  tsMs: number[];
  values: number[];
  provider: GreptimeProvider;
  /** Set when the chosen provider's duty cycle was too low and greptime(liqwid) was used. */
  warning?: string;
}

/**
 * The first `greptime(…)` provider met walking `prices.sources` in order and each one's
 * priority list (defaults of §8.2 where a source has no entry, §23.9); `greptime(liqwid)`
 * when there is none.
 *
 * @example
 * ```ts
 * import { basisProvider } from "./basis.ts";
 * import { parseConfig } from "../config/mod.ts";
 * const config = parseConfig("prices:\n  sources: [minswap, liqwid]\n", {}).config;
 * console.assert(basisProvider(config) === "greptime(minswap)");
 * ```
 */
export function basisProvider(config: Config): GreptimeProvider {
  return gatePriceProvider(
    config.prices.sources,
    (logical) => priorityFor(config, logical),
  ) as GreptimeProvider;
}

/**
 * Reads the `price_usd` basis over the closed window [t0Ms, endMs] (§23.6). If the chosen
 * provider is not `greptime(liqwid)` and its duty cycle over
 * [max(t0, E − lookback), E] is below `duty_cycle_threshold`, the `greptime(liqwid)` series
 * is returned instead with a warning. A missing table/database is an empty series (§23.8);
 * any other query failure rejects (the caller makes the asset ERROR, §6.5).
 *
 * @example
 * ```ts
 * import { priceBasisSeries } from "./basis.ts";
 * import { createPriceContext } from "./context.ts";
 * import { parseConfig } from "../config/mod.ts";
 * const greptime = {
 *   url: "mem", database: "liqwid",
 *   query: () => Promise.resolve({ columns: [], rows: [{ ts: 0, price_usd: 1 }, { ts: 10, price_usd: 2 }] }),
 *   execute: () => Promise.resolve(0), tableColumns: () => Promise.resolve(["ts", "price_usd"]),
 *   ping: () => Promise.resolve(),
 * };
 * const ctx = createPriceContext({ config: parseConfig("{}", {}).config, greptime }, { now: 10 });
 * const s = await priceBasisSeries(ctx, "djed", { t0Ms: 0, endMs: 10, lookbackHours: null });
 * console.assert(s.provider === "greptime(liqwid)" && s.values.length === 2);
 * ```
 */
export async function priceBasisSeries(
  ctx: PriceContext,
  asset: string,
  opts: { t0Ms: number; endMs: number; lookbackHours: number | null },
): Promise<PriceBasisSeries> {
  const config = ctx.deps.config;
  const provider = basisProvider(config);
  const series = await ctx.series(provider, asset, opts.t0Ms, opts.endMs);
  if (provider === "greptime(liqwid)") return { ...series, provider };
  const a = opts.lookbackHours === null
    ? opts.t0Ms
    : Math.max(opts.t0Ms, opts.endMs - opts.lookbackHours * 3_600_000);
  const dc = dutyCycle(series.tsMs, a, opts.endMs);
  if (!gatePriceFallsBack(provider, dc, config.prices.duty_cycle_threshold)) {
    return { ...series, provider };
  }
  const fallback = await ctx.series("greptime(liqwid)", asset, opts.t0Ms, opts.endMs);
  return {
    ...fallback,
    provider: "greptime(liqwid)",
    warning: `price basis: ${provider} duty cycle ${
      dc.toFixed(2)
    } below ${config.prices.duty_cycle_threshold}; using greptime(liqwid)`,
  };
}
