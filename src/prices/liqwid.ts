/**
 * Liqwid GraphQL client (SPEC §8.4 markets, §16.4 transaction history). Responses are
 * validated with zod at the boundary; a GraphQL `errors` array makes the call fail with
 * `PriceApiError` kind `graphql`, never retried.
 *
 * @module
 */

import { z } from "zod";
import { PriceApiError, requestJson } from "./http.ts";

/** One market as read from `liqwid.data.markets` (§8.4); `price` null when absent. */
export interface LiqwidMarket {
  /** Liqwid market id (`results[].id`). */
  id: string;
  /** Market display name; null when absent. */
  displayName: string | null;
  /** Underlying symbol (`asset.symbol`), matched case-insensitively to assets (§8.1); or null. */
  symbol: string | null;
  /** Underlying asset price in USD (`asset.price`); null when absent. */
  priceUsd: number | null;
}

/** One page of `historical.transactions` (§16.4). Items are validated later, one by one. */
export interface LiqwidTransactionsPage {
  /**
   * Number of transactions in the requested slice; more than `results.length` means the slice must
   * be split (§16.4).
   */
  totalCount: number;
  /** Raw items of the slice, validated later by `mapLiqwidTransaction`. */
  results: unknown[];
}

/** The client. */
export interface LiqwidClient {
  /** All markets, following `pagesCount` (§8.4). */
  markets(opts?: { signal?: AbortSignal }): Promise<LiqwidMarket[]>;
  /** One time slice of a wallet's history (§16.4). */
  transactions(
    address: string,
    startMs: number,
    endMs: number,
    opts?: { signal?: AbortSignal },
  ): Promise<LiqwidTransactionsPage>;
}

/** Options of {@link createLiqwidClient}. */
export interface LiqwidClientOptions {
  /** Absolute GraphQL endpoint URL. */
  endpoint: string;
  /** Injected fetch. */
  fetch?: typeof fetch;
  /** Per-attempt timeout (ms). */
  timeoutMs: number;
  /** Pause used between attempts (tests pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
}

/** The markets query (§8.4). */
export const MARKETS_QUERY: string =
  `query Markets($input: MarketsInput) { liqwid { data { markets(input: $input) { page pagesCount perPage results { id displayName asset { symbol price } } } } } }`;

/** The transaction history query (§16.4). */
export const TRANSACTIONS_QUERY: string =
  `query History($input: TransactionsInput) { historical { transactions(input: $input) { totalCount results { id type displayName time amount } } } }`;

const graphqlEnvelope = z.object({
  data: z.unknown().optional(),
  errors: z.array(z.unknown()).optional(),
});

const marketItem = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  displayName: z.string().nullish(),
  asset: z.object({
    symbol: z.string().nullish(),
    price: z.number().nullish(),
  }).nullish(),
});

const marketsData = z.object({
  liqwid: z.object({
    data: z.object({
      markets: z.object({
        pagesCount: z.number().int().nonnegative().nullish(),
        results: z.array(z.unknown()),
      }),
    }),
  }),
});

const transactionsData = z.object({
  historical: z.object({
    transactions: z.object({
      totalCount: z.number().int().nonnegative(),
      results: z.array(z.unknown()),
    }),
  }),
});

/** Safety cap on followed market pages (a broken `pagesCount` must not loop forever). */
const MAX_MARKET_PAGES = 50;

function isoMs(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Creates a Liqwid GraphQL client.
 *
 * @example
 * ```ts
 * import { createLiqwidClient } from "./liqwid.ts";
 * const body = { data: { liqwid: { data: { markets: { pagesCount: 1, results: [
 *   { id: "DJED", displayName: "DJED", asset: { symbol: "DJED", price: 1.002 } },
 * ] } } } } };
 * const client = createLiqwidClient({
 *   endpoint: "http://127.0.0.1:1/graphql",
 *   fetch: () => Promise.resolve(Response.json(body)),
 *   timeoutMs: 1000,
 * });
 * const markets = await client.markets();
 * console.assert(markets[0].priceUsd === 1.002);
 * ```
 */
export function createLiqwidClient(opts: LiqwidClientOptions): LiqwidClient {
  async function post(
    query: string,
    variables: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const body = await requestJson(opts.endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query, variables }),
    }, { fetch: opts.fetch, timeoutMs: opts.timeoutMs, sleep: opts.sleep, signal });
    const env = graphqlEnvelope.safeParse(body);
    if (!env.success) {
      throw new PriceApiError(`unexpected GraphQL response from ${opts.endpoint}`, {
        kind: "malformed",
        attempts: 1,
        cause: env.error,
      });
    }
    if (env.data.errors && env.data.errors.length > 0) {
      const first = env.data.errors[0] as { message?: unknown };
      const msg = typeof first?.message === "string" ? first.message : "unknown error";
      throw new PriceApiError(`GraphQL error from ${opts.endpoint}: ${msg}`, {
        kind: "graphql",
        attempts: 1,
      });
    }
    return env.data.data;
  }

  function malformed(what: string, cause: unknown): PriceApiError {
    return new PriceApiError(`malformed ${what} response from ${opts.endpoint}`, {
      kind: "malformed",
      attempts: 1,
      cause,
    });
  }

  return {
    async markets(callOpts = {}): Promise<LiqwidMarket[]> {
      const out: LiqwidMarket[] = [];
      let pagesCount = 1;
      for (let page = 0; page < pagesCount && page < MAX_MARKET_PAGES; page++) {
        const data = await post(
          MARKETS_QUERY,
          { input: { perPage: 100, page } },
          callOpts.signal,
        );
        const parsed = marketsData.safeParse(data);
        if (!parsed.success) throw malformed("markets", parsed.error);
        const markets = parsed.data.liqwid.data.markets;
        pagesCount = markets.pagesCount ?? 1;
        for (const raw of markets.results) {
          const item = marketItem.safeParse(raw);
          if (!item.success) continue; // a broken market entry is just not a price
          out.push({
            id: item.data.id,
            displayName: item.data.displayName ?? null,
            symbol: item.data.asset?.symbol ?? null,
            priceUsd: item.data.asset?.price ?? null,
          });
        }
      }
      return out;
    },

    async transactions(address, startMs, endMs, callOpts = {}): Promise<LiqwidTransactionsPage> {
      const data = await post(TRANSACTIONS_QUERY, {
        input: { addresses: [address], date: { startTime: isoMs(startMs), endTime: isoMs(endMs) } },
      }, callOpts.signal);
      const parsed = transactionsData.safeParse(data);
      if (!parsed.success) throw malformed("historical.transactions", parsed.error);
      return parsed.data.historical.transactions;
    },
  };
}
