/**
 * Minswap aggregator client (SPEC §8.4): the ADA price in the configured currency and
 * token prices in ADA. Responses are validated with zod at the boundary.
 *
 * @module
 */

import { z } from "zod";
import { PriceApiError, requestJson } from "./http.ts";

/** The client. */
export interface MinswapClient {
  /** `GET <base>/aggregator/ada-price?currency=` → `value.price` (null when absent). */
  adaPrice(opts?: { signal?: AbortSignal }): Promise<number | null>;
  /**
   * `POST <base>/aggregator/tokens` → map of lower-cased token id → `price_by_ada`
   * (entries without a numeric price are left out).
   */
  tokenPrices(ids: string[], opts?: { signal?: AbortSignal }): Promise<Map<string, number>>;
}

/** Options of {@link createMinswapClient}. */
export interface MinswapClientOptions {
  /** Absolute base URL (e.g. `https://agg-api.minswap.org`). */
  baseUrl: string;
  /** Quote currency (`settings.currency`). */
  currency: string;
  /** Injected fetch. */
  fetch?: typeof fetch;
  /** Per-attempt timeout (ms). */
  timeoutMs: number;
  /** Pause used between attempts (tests pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
}

const adaPriceBody = z.object({
  value: z.object({ price: z.number().nullish() }).nullish(),
});

const numberLike = z.union([
  z.number(),
  z.string().regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/).transform(Number),
]);

const tokensBody = z.object({
  tokens: z.array(z.unknown()),
});

const tokenItem = z.object({
  token_id: z.string(),
  price_by_ada: numberLike.nullish(),
});

function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, "") + path;
}

/**
 * Creates a Minswap aggregator client.
 *
 * @example
 * ```ts
 * import { createMinswapClient } from "./minswap.ts";
 * const client = createMinswapClient({
 *   baseUrl: "http://127.0.0.1:1",
 *   currency: "usd",
 *   fetch: () => Promise.resolve(Response.json({ value: { price: 0.41 } })),
 *   timeoutMs: 1000,
 * });
 * console.assert((await client.adaPrice()) === 0.41);
 * ```
 */
export function createMinswapClient(opts: MinswapClientOptions): MinswapClient {
  const base = { fetch: opts.fetch, timeoutMs: opts.timeoutMs, sleep: opts.sleep };

  function malformed(what: string, cause: unknown): PriceApiError {
    return new PriceApiError(`malformed ${what} response from ${opts.baseUrl}`, {
      kind: "malformed",
      attempts: 1,
      cause,
    });
  }

  return {
    async adaPrice(callOpts = {}): Promise<number | null> {
      const url = joinUrl(
        opts.baseUrl,
        `/aggregator/ada-price?currency=${encodeURIComponent(opts.currency)}`,
      );
      const body = await requestJson(url, {
        method: "GET",
        headers: { accept: "application/json" },
      }, { ...base, signal: callOpts.signal });
      const parsed = adaPriceBody.safeParse(body);
      if (!parsed.success) throw malformed("ada-price", parsed.error);
      return parsed.data.value?.price ?? null;
    },

    async tokenPrices(ids, callOpts = {}): Promise<Map<string, number>> {
      const out = new Map<string, number>();
      if (ids.length === 0) return out;
      const body = await requestJson(joinUrl(opts.baseUrl, "/aggregator/tokens"), {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ query: "", only_verified: false, assets: ids }),
      }, { ...base, signal: callOpts.signal });
      const parsed = tokensBody.safeParse(body);
      if (!parsed.success) throw malformed("tokens", parsed.error);
      for (const raw of parsed.data.tokens) {
        const item = tokenItem.safeParse(raw);
        if (!item.success || item.data.price_by_ada == null) continue;
        out.set(item.data.token_id.toLowerCase(), item.data.price_by_ada);
      }
      return out;
    },
  };
}
