/**
 * A fake Minswap aggregator on 127.0.0.1 (random port).
 *
 * Response shapes and where they come from (SPEC §8.4):
 * - `GET <base>/aggregator/ada-price?currency=<cur>` → the SPEC reads `value.price`;
 *   answered as `{"currency": cur, "value": {"price": p, "change_24h": 0}}` (`currency` and
 *   `change_24h` are extra fields a client must ignore).
 * - `POST <base>/aggregator/tokens` with `{"query":"","only_verified":false,"assets":[ids]}`
 *   → the SPEC reads `tokens[].{token_id, price_by_ada}`, ids matched case-insensitively;
 *   answered as `{"tokens":[{"token_id", "ticker", "price_by_ada", …}], "search_after": []}`
 *   with `token_id` in upper case to exercise case-insensitive matching.
 * - Faults: HTTP 500/429, a malformed JSON body, a delayed answer (timeouts).
 *
 * @module
 */

/** Faults the fake can inject. */
export type MinswapFault = "http_500" | "http_429" | "malformed_json" | "timeout";

/** The running fake. */
export interface FakeMinswap {
  readonly url: string;
  /** Requests received (path and parsed JSON body for POSTs). */
  readonly requests: { path: string; currency: string | null; body: unknown }[];
  /** ADA price answered (null → `value.price` absent). */
  adaPrice: number | null;
  /** price_by_ada by token id (any case). */
  tokenPrices: Map<string, number>;
  /** Fails the next `times` requests on `path` (default any). */
  fail(fault: MinswapFault, opts?: { path?: string; times?: number }): void;
  close(): Promise<void>;
}

/**
 * Starts the fake.
 *
 * @example
 * ```ts ignore
 * const fake = startFakeMinswap({ adaPrice: 0.5, tokenPrices: { [id]: 2 } });
 * await fake.close();
 * ```
 */
export function startFakeMinswap(
  opts: {
    adaPrice?: number | null;
    tokenPrices?: Record<string, number>;
    timeoutDelayMs?: number;
  } = {},
): FakeMinswap {
  const closing = new AbortController();
  const faults: { fault: MinswapFault; path?: string; left: number }[] = [];
  const state: FakeMinswap = {
    url: "",
    requests: [],
    adaPrice: opts.adaPrice === undefined ? 0.5 : opts.adaPrice,
    tokenPrices: new Map(Object.entries(opts.tokenPrices ?? {})),
    fail(fault, o = {}) {
      faults.push({ fault, path: o.path, left: o.times ?? 1 });
    },
    close: async () => {},
  };

  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const id = setTimeout(resolve, ms);
      closing.signal.addEventListener("abort", () => {
        clearTimeout(id);
        resolve();
      }, { once: true });
    });
  }

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const url = new URL(req.url);
    let body: unknown = null;
    if (req.method === "POST") {
      try {
        body = await req.json();
      } catch {
        return new Response("bad json", { status: 400 });
      }
    }
    state.requests.push({ path: url.pathname, currency: url.searchParams.get("currency"), body });
    const i = faults.findIndex((f) => f.path === undefined || f.path === url.pathname);
    if (i >= 0) {
      const f = faults[i];
      if (--f.left <= 0) faults.splice(i, 1);
      if (f.fault === "http_500") return new Response("boom", { status: 500 });
      if (f.fault === "http_429") return new Response("slow", { status: 429 });
      if (f.fault === "malformed_json") return new Response("<html>", { status: 200 });
      await delay(opts.timeoutDelayMs ?? 2000);
    }
    if (req.method === "GET" && url.pathname === "/aggregator/ada-price") {
      const value = state.adaPrice === null ? {} : { price: state.adaPrice, change_24h: 0 };
      return Response.json({ currency: url.searchParams.get("currency"), value });
    }
    if (req.method === "POST" && url.pathname === "/aggregator/tokens") {
      const assets = ((body as { assets?: string[] })?.assets ?? []).map((a) => a.toLowerCase());
      const tokens = [];
      for (const [id, price] of state.tokenPrices) {
        if (!assets.includes(id.toLowerCase())) continue;
        tokens.push({
          token_id: id.toUpperCase(),
          ticker: "T",
          is_verified: true,
          price_by_ada: price,
        });
      }
      return Response.json({ tokens, search_after: [] });
    }
    return new Response("not found", { status: 404 });
  });
  (state as { url: string }).url = `http://127.0.0.1:${server.addr.port}`;
  state.close = async () => {
    closing.abort();
    await server.shutdown();
  };
  return state;
}
