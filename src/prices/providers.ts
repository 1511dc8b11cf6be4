/**
 * Price providers and logical sources (SPEC §8.1, §8.2). A provider reading is data:
 * available or not, with a warning explaining why not when something failed.
 *
 * @module
 */

import type { ProviderName } from "../config/mod.ts";
import { dutyCycle } from "../evaluate/mod.ts";
import type { GreptimeProvider, PriceContext } from "./context.ts";
import { tokenIdFor } from "./context.ts";

/** One provider's reading for one asset. */
export interface ProviderReading {
  provider: ProviderName;
  available: boolean;
  /** The value (null when the provider has none). */
  priceUsd: number | null;
  /** When the value was observed (latest point for Greptime, now for APIs). */
  observedAtMs: number | null;
  /** Duty cycle over the window (Greptime providers only). */
  dutyCycle: number | null;
  /** Why the provider failed (API error, query error), for the asset's warnings. */
  warning: string | null;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function unavailable(provider: ProviderName, warning: string | null): ProviderReading {
  return {
    provider,
    available: false,
    priceUsd: null,
    observedAtMs: null,
    dutyCycle: null,
    warning,
  };
}

async function readGreptime(
  ctx: PriceContext,
  provider: GreptimeProvider,
  asset: string,
): Promise<ProviderReading> {
  const prices = ctx.deps.config.prices;
  const b = ctx.nowMs;
  const a = b - prices.duty_cycle_window_hours * 3_600_000;
  let series;
  try {
    series = await ctx.series(provider, asset, Math.ceil(a), b);
  } catch (err) {
    return unavailable(provider, `price provider ${provider} failed: ${message(err)}`);
  }
  const dc = dutyCycle(series.tsMs, a, b);
  const n = series.tsMs.length;
  if (n === 0) return { ...unavailable(provider, null), dutyCycle: dc };
  // §23.15: the latest value counts whatever its sign once the duty cycle passes.
  return {
    provider,
    available: dc >= prices.duty_cycle_threshold,
    priceUsd: series.values[n - 1],
    observedAtMs: series.tsMs[n - 1],
    dutyCycle: dc,
    warning: null,
  };
}

function apiReading(ctx: PriceContext, provider: ProviderName, price: number | null) {
  const ok = typeof price === "number" && Number.isFinite(price) && price > 0;
  return {
    provider,
    available: ok,
    priceUsd: ok ? price : null,
    observedAtMs: ok ? ctx.nowMs : null,
    dutyCycle: null,
    warning: null,
  };
}

async function readLiqwid(ctx: PriceContext, asset: string): Promise<ProviderReading> {
  const provider = "liqwid_graphql";
  const alt = ctx.deps.config.domain.alternate_names[asset] ?? null;
  let markets;
  try {
    markets = await ctx.markets();
  } catch (err) {
    return unavailable(provider, `price provider ${provider} unavailable: ${message(err)}`);
  }
  const names = [asset, alt].filter((x): x is string => !!x).map((x) => x.toLowerCase());
  // Asset name first, then the alternate name (§8.1).
  for (const name of names) {
    const m = markets.find((mk) => mk.symbol !== null && mk.symbol.toLowerCase() === name);
    if (m) return apiReading(ctx, provider, m.priceUsd);
  }
  return unavailable(provider, null);
}

async function readMinswap(ctx: PriceContext, asset: string): Promise<ProviderReading> {
  const provider = "minswap_aggregator";
  const alt = ctx.deps.config.domain.alternate_names[asset] ?? null;
  const id = tokenIdFor(ctx.deps.registry, asset, alt);
  if (!id) return unavailable(provider, null);
  let ada: number | null;
  let tokens: Map<string, number>;
  try {
    [ada, tokens] = await Promise.all([ctx.adaPrice(), ctx.tokenPrices()]);
  } catch (err) {
    return unavailable(provider, `price provider ${provider} unavailable: ${message(err)}`);
  }
  const byAda = tokens.get(id);
  if (byAda === undefined || ada === null) return unavailable(provider, null);
  return apiReading(ctx, provider, byAda * ada);
}

/**
 * Reads one provider for one asset (§8.1): Greptime providers over
 * [now − duty_cycle_window_hours, now], available iff their duty cycle ≥ threshold; API
 * providers available iff they give a finite price > 0. Never throws.
 *
 * @example
 * ```ts
 * import { readProvider } from "./providers.ts";
 * import { createPriceContext } from "./context.ts";
 * import { parseConfig } from "../config/mod.ts";
 * const greptime = {
 *   url: "mem", database: "liqwid",
 *   query: () => Promise.resolve({ columns: [], rows: [] }),
 *   execute: () => Promise.resolve(0), tableColumns: () => Promise.resolve([]),
 *   ping: () => Promise.resolve(),
 * };
 * const ctx = createPriceContext({ config: parseConfig("{}", {}).config, greptime }, { now: 0 });
 * const r = await readProvider(ctx, "greptime(liqwid)", "djed");
 * console.assert(r.available === false && r.dutyCycle === 0);
 * ```
 */
export function readProvider(
  ctx: PriceContext,
  provider: ProviderName,
  asset: string,
): Promise<ProviderReading> {
  switch (provider) {
    case "greptime(liqwid)":
    case "greptime(minswap)":
      return readGreptime(ctx, provider, asset);
    case "liqwid_graphql":
      return readLiqwid(ctx, asset);
    case "minswap_aggregator":
      return readMinswap(ctx, asset);
  }
}
