/**
 * A fake Liqwid GraphQL server on 127.0.0.1 (random port) for tests and benches.
 *
 * Response shapes and where they come from:
 * - Markets: SPEC §8.4 — `POST <endpoint>` JSON `{query, variables}`; the markets query reads
 *   `liqwid.data.markets(input:{perPage:100, page:p})` whose result carries `pagesCount` and
 *   `results {id, displayName, asset {symbol, price}}`. Answered here as
 *   `{"data":{"liqwid":{"data":{"markets":{page, perPage, pagesCount, results:[…]}}}}}`
 *   (standard GraphQL envelope: `data` + optional `errors`).
 * - History: SPEC §16.4 — `historical.transactions(input:{addresses:[w], date:{startTime,
 *   endTime}})` returning `totalCount` and `results {id, type, displayName, time, amount}`;
 *   "the API accepts no page argument and returns at most one page", so this fake returns at
 *   most `pageLimit` items (earliest first) with the true `totalCount` of the window.
 *   Answered as `{"data":{"historical":{"transactions":{totalCount, results:[…]}}}}`.
 *   Types seen in the seed/SPEC: SUPPLY, WITHDRAW (mapped), BORROW, REPAY (skipped).
 * - Errors: GraphQL errors as `{"data":null,"errors":[{"message":…}]}` (GraphQL spec
 *   response format); HTTP 5xx/429 with a text body; a malformed (non-JSON) 200 body; a
 *   delayed answer to provoke client timeouts.
 *
 * @module
 */

/** A market served by the fake. */
export interface FakeMarket {
  id: string;
  displayName: string;
  symbol: string;
  price: number | null;
}

/** A fault injected into upcoming requests. */
export type FakeFault =
  | "graphql_error"
  | "http_500"
  | "http_503"
  | "http_429"
  | "malformed_json"
  | "timeout";

/** The running fake. */
export interface FakeLiqwid {
  /** GraphQL endpoint URL. */
  readonly url: string;
  /** Every request received: which operation and its variables. */
  readonly requests: { op: "markets" | "transactions" | "unknown"; variables: unknown }[];
  /** Replaces the raw history items of a wallet (any shape: bad items test the mapper). */
  setTransactions(wallet: string, items: unknown[]): void;
  /**
   * Makes the next `times` requests of `op` (counted from now, skipping `after` of them)
   * fail with `fault`.
   */
  fail(
    fault: FakeFault,
    opts?: { op?: "markets" | "transactions"; times?: number; after?: number },
  ): void;
  /** Stops the server. */
  close(): Promise<void>;
}

/** Options of {@link startFakeLiqwid}. */
export interface FakeLiqwidOptions {
  markets?: FakeMarket[];
  /** Raw history items by wallet address; `time` should be an ISO string. */
  transactions?: Record<string, unknown[]>;
  /** Max items per history answer (default 100). */
  pageLimit?: number;
  /** Delay used for the `timeout` fault (ms, default 2000). */
  timeoutDelayMs?: number;
}

interface PendingFault {
  fault: FakeFault;
  op: "markets" | "transactions" | undefined;
  skip: number;
  left: number;
}

/**
 * Starts the fake server.
 *
 * @example
 * ```ts ignore
 * const fake = startFakeLiqwid({ markets: [{ id: "DJED", displayName: "DJED", symbol: "DJED", price: 1 }] });
 * // … createLiqwidClient({ endpoint: fake.url, timeoutMs: 500 })
 * await fake.close();
 * ```
 */
export function startFakeLiqwid(opts: FakeLiqwidOptions = {}): FakeLiqwid {
  const markets = opts.markets ?? [];
  const history = new Map<string, unknown[]>(Object.entries(opts.transactions ?? {}));
  const pageLimit = opts.pageLimit ?? 100;
  const faults: PendingFault[] = [];
  const requests: FakeLiqwid["requests"] = [];
  const closing = new AbortController();

  function takeFault(op: "markets" | "transactions" | "unknown"): FakeFault | null {
    for (let i = 0; i < faults.length; i++) {
      const f = faults[i];
      if (f.op !== undefined && f.op !== op) continue;
      if (f.skip > 0) {
        f.skip--;
        return null;
      }
      f.left--;
      if (f.left <= 0) faults.splice(i, 1);
      return f.fault;
    }
    return null;
  }

  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const id = setTimeout(resolve, ms);
      closing.signal.addEventListener("abort", () => {
        clearTimeout(id);
        resolve();
      }, { once: true });
    });
  }

  function marketsAnswer(variables: Record<string, unknown>): unknown {
    const input = (variables.input ?? {}) as { perPage?: number; page?: number };
    const perPage = input.perPage ?? 100;
    const page = input.page ?? 0;
    const pagesCount = Math.max(1, Math.ceil(markets.length / perPage));
    const slice = markets.slice(page * perPage, (page + 1) * perPage);
    return {
      data: {
        liqwid: {
          data: {
            markets: {
              page,
              perPage,
              pagesCount,
              results: slice.map((m) => ({
                id: m.id,
                displayName: m.displayName,
                asset: { symbol: m.symbol, price: m.price },
              })),
            },
          },
        },
      },
    };
  }

  function transactionsAnswer(variables: Record<string, unknown>): unknown {
    const input = (variables.input ?? {}) as {
      addresses?: string[];
      date?: { startTime?: string; endTime?: string };
    };
    const start = Date.parse(input.date?.startTime ?? "1970-01-01T00:00:00Z");
    const end = Date.parse(input.date?.endTime ?? "2100-01-01T00:00:00Z");
    const all: unknown[] = [];
    for (const address of input.addresses ?? []) all.push(...(history.get(address) ?? []));
    const inWindow = all.filter((item) => {
      const t = (item as { time?: unknown })?.time;
      // Items whose time is unreadable are still returned (bad input for the mapper)
      // only when the window covers everything; otherwise they would never be seen.
      if (typeof t !== "string") return true;
      const ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(t) ? t : t + "Z");
      return Number.isFinite(ms) ? ms >= start && ms <= end : true;
    });
    const timeOf = (x: unknown) => {
      const t = (x as { time?: unknown })?.time;
      const ms = typeof t === "string"
        ? Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(t) ? t : t + "Z")
        : 0;
      return Number.isFinite(ms) ? ms : 0;
    };
    inWindow.sort((a, b) => timeOf(a) - timeOf(b));
    return {
      data: {
        historical: {
          transactions: { totalCount: inWindow.length, results: inWindow.slice(0, pageLimit) },
        },
      },
    };
  }

  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (req) => {
      let body: { query?: string; variables?: Record<string, unknown> } = {};
      try {
        body = await req.json();
      } catch {
        return new Response("bad request", { status: 400 });
      }
      const q = body.query ?? "";
      const op = q.includes("historical")
        ? "transactions"
        : q.includes("markets")
        ? "markets"
        : "unknown";
      requests.push({ op, variables: body.variables });
      const fault = takeFault(op);
      switch (fault) {
        case "graphql_error":
          return Response.json({
            data: null,
            errors: [{ message: "Internal server error (fake)" }],
          });
        case "http_500":
          return new Response("internal error", { status: 500 });
        case "http_503":
          return new Response("unavailable", { status: 503 });
        case "http_429":
          return new Response("slow down", { status: 429 });
        case "malformed_json":
          return new Response('{"data": {', { headers: { "content-type": "application/json" } });
        case "timeout":
          await delay(opts.timeoutDelayMs ?? 2000);
          return Response.json({ data: null, errors: [{ message: "too late" }] });
      }
      if (op === "markets") return Response.json(marketsAnswer(body.variables ?? {}));
      if (op === "transactions") return Response.json(transactionsAnswer(body.variables ?? {}));
      return Response.json({ data: null, errors: [{ message: "unknown operation" }] });
    },
  );

  return {
    url: `http://127.0.0.1:${server.addr.port}/graphql`,
    requests,
    setTransactions(wallet, items) {
      history.set(wallet, items);
    },
    fail(fault, o = {}) {
      faults.push({ fault, op: o.op, skip: o.after ?? 0, left: o.times ?? 1 });
    },
    async close() {
      closing.abort();
      await server.shutdown();
    },
  };
}

/**
 * Deterministic history items for one wallet: `count` transactions one minute apart from
 * `startMs`, alternating SUPPLY / WITHDRAW of `asset` (display name upper-cased), with ids
 * `<prefix>-<i>` padded so they look like hashes.
 *
 * @example
 * ```ts ignore
 * const items = makeHistory({ count: 3, startMs: Date.UTC(2025, 0, 1), asset: "djed" });
 * ```
 */
export function makeHistory(opts: {
  count: number;
  startMs: number;
  asset: string;
  stepMs?: number;
  idPrefix?: string;
}): { id: string; type: string; displayName: string; time: string; amount: number }[] {
  const step = opts.stepMs ?? 60_000;
  const prefix = opts.idPrefix ?? "tx";
  return Array.from({ length: opts.count }, (_, i) => ({
    id: `${prefix}${String(i).padStart(8, "0")}${"ab".repeat(24)}`,
    type: i % 2 === 0 ? "SUPPLY" : "WITHDRAW",
    displayName: opts.asset.toUpperCase(),
    time: new Date(opts.startMs + i * step).toISOString(),
    amount: i % 2 === 0 ? 10 + i : -(5 + i),
  }));
}
