/**
 * The two checks that can hold a withdrawal besides the data itself: the residual gate (§6)
 * with its basis series, and the price comparison (§8.3) for one asset.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import { type effectiveGate, priceCompareSettings } from "../config/effective.ts";
import {
  type AggregateGains,
  evaluateGate,
  type GateEvaluation,
  gateSeriesForBasis,
  notApplicableGate,
} from "../evaluate/mod.ts";
import type { PriceCompareResult, Series } from "../evaluate/types.ts";
import type { PriceContext } from "../prices/context.ts";
import { priceBasisSeries } from "../prices/basis.ts";
import { applyPriceCompare, observePrices } from "../prices/compare.ts";

/**
 * Runs the residual gate of one asset (§6): not applicable → status only; `price_usd` basis →
 * the provider series of §6.2 read over the closed window [t0, E] (§23.6, also under
 * `right_open`, whose position read excludes t0).
 */
export async function runGate(
  asset: string,
  input: {
    applicable: boolean;
    settings: ReturnType<typeof effectiveGate>;
    aggregate: AggregateGains;
    t0Ms: number;
    endMs: number;
    priceContext: PriceContext;
    warnings: string[];
  },
): Promise<GateEvaluation & { priceSeries: Series | null }> {
  const { settings } = input;
  if (!input.applicable) {
    return { result: notApplicableGate(settings), residuals: null, priceSeries: null };
  }
  let priceSeries: { tsMs: number[]; values: number[] } | undefined;
  if (settings.basis === "price_usd") {
    const basis = await priceBasisSeries(input.priceContext, asset, {
      t0Ms: input.t0Ms,
      endMs: input.endMs,
      lookbackHours: settings.lookback_hours,
    });
    if (basis.warning) input.warnings.push(basis.warning);
    priceSeries = { tsMs: basis.tsMs, values: basis.values };
  }
  const series = gateSeriesForBasis(settings.basis, input.aggregate, priceSeries);
  // The price series is kept for the chart's lookback override (§15.2).
  return {
    ...evaluateGate(series, settings, { applicable: true }),
    priceSeries: priceSeries ?? null,
  };
}

/**
 * Compares the asset's prices across sources (§8.3) given the previous mismatch count; null
 * when comparison is disabled or no price context exists.
 */
export async function comparePricesFor(
  config: Config,
  asset: string,
  opts: { priceContext?: PriceContext; previousMismatches?: number },
  warnings: string[],
): Promise<{ result: PriceCompareResult | null; mismatches: number | null }> {
  const ctx = opts.priceContext;
  if (!config.analysis.price_compare.enabled || !ctx) {
    return { result: null, mismatches: null };
  }
  const settings = priceCompareSettings(config, asset);
  const set = await observePrices(ctx, asset, settings.sources);
  warnings.push(...set.warnings);
  const previous = new Map([[asset, opts.previousMismatches ?? 0]]);
  const { result } = applyPriceCompare(previous, asset, set, settings);
  return { result, mismatches: result.consecutive_mismatches };
}
