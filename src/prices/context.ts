/**
 * The per-evaluation price context (SPEC §8.4): it memoises every external call so that
 * one evaluation makes at most one Liqwid markets call, one Minswap ADA price call and one
 * Minswap tokens call (for the registry token ids of all configured assets), and reads each
 * Greptime price series once. Failures are memoised too: a failed API stays unavailable
 * for the rest of the evaluation instead of being called again per asset.
 *
 * @module
 */

import type { Config, TokenRegistry } from "../config/mod.ts";
import type { GreptimeClient } from "../greptime/types.ts";
import type { Logger } from "../log.ts";
import { silentLogger } from "../log.ts";
import type { LiqwidClient, LiqwidMarket } from "./liqwid.ts";
import type { MinswapClient } from "./minswap.ts";
import { minswapSeriesSql, positionPriceSeriesSql } from "../greptime/mod.ts";
import { isMissingTableOrDb, tableName } from "./sql.ts";

/** Greptime-backed providers. */
export type GreptimeProvider = "greptime(liqwid)" | "greptime(minswap)";

/** A price series: parallel arrays, ascending ts. */
export interface PriceSeries {
  /** Timestamps in epoch ms, ascending. */
  tsMs: number[];
  /** Prices in USD per token, parallel to `tsMs`. */
  values: number[];
}

/** Collaborators of the price code. API clients are null when their endpoint is unset. */
export interface PriceDeps {
  /** Validated configuration (`prices`, `analysis.price_compare`, `settings.currency`). */
  config: Config;
  /** Client for the `greptime(…)` providers. */
  greptime: GreptimeClient;
  /** Liqwid GraphQL client; null or absent when `prices.endpoints.liqwid_graphql` is unset. */
  liqwid?: LiqwidClient | null;
  /**
   * Minswap aggregator client; null or absent when `prices.endpoints.minswap_aggregator` is unset.
   */
  minswap?: MinswapClient | null;
  /** Validated token registry (§2.8); null when not loaded. */
  registry?: TokenRegistry | null;
  /** Receives provider warnings; silent when absent. */
  logger?: Logger;
}

/** Memoised access to every price input of one evaluation. */
export interface PriceContext {
  /** The collaborators the context reads from. */
  readonly deps: PriceDeps;
  /** The evaluation's "now" (epoch ms); price comparison is relative to it (§23.15). */
  readonly nowMs: number;
  /** Aborts the context's requests (the evaluation's signal). */
  readonly signal?: AbortSignal;
  /** All Liqwid markets (one call per context). Rejects when the API failed. */
  markets(): Promise<LiqwidMarket[]>;
  /** ADA price in `settings.currency` (one call per context). */
  adaPrice(): Promise<number | null>;
  /** Token prices in ADA by lower-cased token id (one call per context). */
  tokenPrices(): Promise<Map<string, number>>;
  /** A Greptime price series over the closed interval [aMs, bMs]; missing table/db → empty. */
  series(provider: GreptimeProvider, asset: string, aMs: number, bMs: number): Promise<PriceSeries>;
}

/**
 * The registry token id of an asset: by its name, then by its alternate name (§8.1);
 * null when neither has a row.
 *
 * @example
 * ```ts
 * import { tokenIdFor } from "./context.ts";
 * import { parseTokenRegistry } from "../config/mod.ts";
 * const reg = parseTokenRegistry("asset,policy_id,token_name_hex\ndjed," + "ab".repeat(28) + ",446a6564\n", "r.csv");
 * console.assert(tokenIdFor(reg, "djed", null) === "ab".repeat(28) + "446a6564");
 * ```
 */
export function tokenIdFor(
  registry: TokenRegistry | null | undefined,
  asset: string,
  alternate: string | null,
): string | null {
  if (!registry) return null;
  const row = registry.byAsset.get(asset) ??
    (alternate ? registry.byAsset.get(alternate) : undefined);
  return row ? row.token_id.toLowerCase() : null;
}

function seriesSql(
  deps: PriceDeps,
  provider: GreptimeProvider,
  asset: string,
  a: number,
  b: number,
): { sql: string; db: string } {
  const sources = deps.config.data.datasets.transactions.sources;
  if (provider === "greptime(liqwid)") {
    const t = tableName(sources.liqwid.table_asset_prefix, asset);
    return {
      sql: positionPriceSeriesSql(t, { startMs: a, endMs: b }),
      db: deps.config.data.databases.greptime.database,
    };
  }
  const t = tableName(sources.minswap.table_price_prefix, asset);
  return { sql: minswapSeriesSql(t, { startMs: a, endMs: b }), db: sources.minswap.database };
}

/**
 * Creates the memoising context for one evaluation.
 *
 * @example
 * ```ts
 * import { createPriceContext } from "./context.ts";
 * import { parseConfig } from "../config/mod.ts";
 * const greptime = {
 *   url: "mem", database: "liqwid",
 *   query: () => Promise.resolve({ columns: [], rows: [{ ts: 1000, price_usd: 1.01 }] }),
 *   execute: () => Promise.resolve(0), tableColumns: () => Promise.resolve([]),
 *   ping: () => Promise.resolve(),
 * };
 * const ctx = createPriceContext({ config: parseConfig("{}", {}).config, greptime }, { now: 5000 });
 * const s = await ctx.series("greptime(liqwid)", "djed", 0, 5000);
 * console.assert(s.values[0] === 1.01);
 * ```
 */
export function createPriceContext(
  deps: PriceDeps,
  opts: { now: number; signal?: AbortSignal },
): PriceContext {
  const logger = deps.logger ?? silentLogger;
  let markets: Promise<LiqwidMarket[]> | null = null;
  let ada: Promise<number | null> | null = null;
  let tokens: Promise<Map<string, number>> | null = null;
  const seriesCache = new Map<string, Promise<PriceSeries>>();
  const signal = opts.signal;

  function registryIds(): string[] {
    const ids = new Set<string>();
    for (const asset of deps.config.domain.assets) {
      const alt = deps.config.domain.alternate_names[asset] ?? null;
      const id = tokenIdFor(deps.registry, asset, alt);
      if (id) ids.add(id);
    }
    return [...ids];
  }

  async function loadSeries(
    provider: GreptimeProvider,
    asset: string,
    a: number,
    b: number,
  ): Promise<PriceSeries> {
    const { sql, db } = seriesSql(deps, provider, asset, a, b);
    try {
      if (provider === "greptime(liqwid)") {
        // A position table without `price_usd` reads as all-null (§3.1.1): an empty series,
        // not a failed query. Columns come from the client's per-process cache (§10.5).
        const prefix = deps.config.data.datasets.transactions.sources.liqwid.table_asset_prefix;
        const columns = await deps.greptime.tableColumns(tableName(prefix, asset), { signal });
        if (!columns.includes("price_usd")) return { tsMs: [], values: [] };
      }
      const res = await deps.greptime.query(sql, { db, signal });
      const tsMs: number[] = [];
      const values: number[] = [];
      for (const row of res.rows) {
        const ts = row.ts;
        const v = row.price_usd;
        if (typeof ts !== "number" || !Number.isFinite(ts)) continue;
        if (typeof v !== "number" || !Number.isFinite(v)) continue;
        tsMs.push(ts);
        values.push(v);
      }
      return { tsMs, values };
    } catch (err) {
      if (isMissingTableOrDb(err)) {
        logger.debug(`price series ${provider} for ${asset}: table or database missing`);
        return { tsMs: [], values: [] };
      }
      throw err;
    }
  }

  return {
    deps,
    nowMs: opts.now,
    signal,
    markets(): Promise<LiqwidMarket[]> {
      if (!deps.liqwid) return Promise.reject(new Error("liqwid_graphql endpoint not configured"));
      markets ??= deps.liqwid.markets({ signal });
      return markets;
    },
    adaPrice(): Promise<number | null> {
      if (!deps.minswap) {
        return Promise.reject(new Error("minswap_aggregator endpoint not configured"));
      }
      ada ??= deps.minswap.adaPrice({ signal });
      return ada;
    },
    tokenPrices(): Promise<Map<string, number>> {
      if (!deps.minswap) {
        return Promise.reject(new Error("minswap_aggregator endpoint not configured"));
      }
      tokens ??= deps.minswap.tokenPrices(registryIds(), { signal });
      return tokens;
    },
    series(provider, asset, aMs, bMs): Promise<PriceSeries> {
      const key = `${provider}|${asset}|${aMs}|${bMs}`;
      let p = seriesCache.get(key);
      if (!p) {
        p = loadSeries(provider, asset, aMs, bMs);
        seriesCache.set(key, p);
      }
      return p;
    },
  };
}
