import assert from "node:assert/strict";
import { createLiqwidClient } from "../../src/prices/liqwid.ts";
import { PriceApiError } from "../../src/prices/http.ts";
import { startFakeLiqwid } from "../support/fake_liqwid.ts";

const noSleep = (_ms: number) => Promise.resolve();

function markets(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    id: `M${i}`,
    displayName: `Market ${i}`,
    symbol: `TOK${i}`,
    price: 1 + i / 1000,
  }));
}

Deno.test("createLiqwidClient().markets() follows pagesCount across pages of 100", async () => {
  const fake = startFakeLiqwid({ markets: markets(230) });
  try {
    const client = createLiqwidClient({ endpoint: fake.url, timeoutMs: 2000, sleep: noSleep });
    const all = await client.markets();
    assert.equal(all.length, 230);
    assert.deepEqual(all[229], {
      id: "M229",
      displayName: "Market 229",
      symbol: "TOK229",
      priceUsd: 1.229,
    });
    const pages = fake.requests.map((r) =>
      (r.variables as { input: { page: number; perPage: number } }).input
    );
    assert.deepEqual(pages, [{ perPage: 100, page: 0 }, { perPage: 100, page: 1 }, {
      perPage: 100,
      page: 2,
    }]);
  } finally {
    await fake.close();
  }
});

Deno.test("createLiqwidClient() retry rules (§8.4)", async (t) => {
  const cases: {
    name: string;
    fault: "http_500" | "http_503" | "http_429" | "graphql_error" | "malformed_json";
    times: number;
    ok: boolean;
    requests: number;
    kind?: string;
  }[] = [
    { name: "one 500 is retried and succeeds", fault: "http_500", times: 1, ok: true, requests: 2 },
    { name: "one 429 is retried and succeeds", fault: "http_429", times: 1, ok: true, requests: 2 },
    {
      name: "two 503 exhaust the 2 attempts",
      fault: "http_503",
      times: 2,
      ok: false,
      requests: 2,
      kind: "http",
    },
    {
      name: "GraphQL errors are never retried",
      fault: "graphql_error",
      times: 1,
      ok: false,
      requests: 1,
      kind: "graphql",
    },
    {
      name: "malformed JSON is not retried",
      fault: "malformed_json",
      times: 1,
      ok: false,
      requests: 1,
      kind: "malformed",
    },
  ];
  for (const c of cases) {
    await t.step(c.name, async () => {
      const fake = startFakeLiqwid({ markets: markets(3) });
      const pauses: number[] = [];
      try {
        const client = createLiqwidClient({
          endpoint: fake.url,
          timeoutMs: 2000,
          sleep: (ms) => {
            pauses.push(ms);
            return Promise.resolve();
          },
        });
        fake.fail(c.fault, { times: c.times });
        if (c.ok) {
          assert.equal((await client.markets()).length, 3);
          assert.deepEqual(pauses, [500]);
        } else {
          const err = await client.markets().then(() => null, (e) => e);
          assert.ok(err instanceof PriceApiError);
          assert.equal(err.kind, c.kind);
        }
        assert.equal(fake.requests.length, c.requests);
      } finally {
        await fake.close();
      }
    });
  }
});

Deno.test("createLiqwidClient() times out with AbortSignal.timeout and does not retry", async () => {
  const fake = startFakeLiqwid({ markets: markets(1), timeoutDelayMs: 3000 });
  try {
    const client = createLiqwidClient({ endpoint: fake.url, timeoutMs: 150, sleep: noSleep });
    fake.fail("timeout");
    const started = performance.now();
    const err = await client.markets().then(() => null, (e) => e);
    assert.ok(err instanceof PriceApiError);
    assert.equal(err.kind, "timeout");
    assert.ok(performance.now() - started < 2500, "gave up long before the server answered");
    assert.equal(fake.requests.length, 1);
  } finally {
    await fake.close();
  }
});

Deno.test("createLiqwidClient() retries a network error once", async () => {
  let calls = 0;
  const client = createLiqwidClient({
    endpoint: "http://127.0.0.1:9/graphql",
    timeoutMs: 1000,
    sleep: noSleep,
    fetch: () => {
      calls++;
      return Promise.reject(new TypeError("connection refused"));
    },
  });
  const err = await client.markets().then(() => null, (e) => e);
  assert.ok(err instanceof PriceApiError);
  assert.equal(err.kind, "network");
  assert.equal(calls, 2);
});

Deno.test("createLiqwidClient().transactions() sends the window as ISO instants and returns one page", async () => {
  const w = "addr1" + "q".repeat(58);
  const items = Array.from({ length: 5 }, (_, i) => ({
    id: `t${i}`,
    type: "SUPPLY",
    displayName: "DJED",
    time: new Date(Date.UTC(2025, 0, 1, i)).toISOString(),
    amount: 1,
  }));
  const fake = startFakeLiqwid({ transactions: { [w]: items }, pageLimit: 2 });
  try {
    const client = createLiqwidClient({ endpoint: fake.url, timeoutMs: 2000, sleep: noSleep });
    const page = await client.transactions(w, Date.UTC(2025, 0, 1, 1), Date.UTC(2025, 0, 1, 3, 59));
    assert.equal(page.totalCount, 3);
    assert.deepEqual(page.results.map((r) => (r as { id: string }).id), ["t1", "t2"]);
    const input = (fake.requests[0].variables as { input: unknown }).input;
    assert.deepEqual(input, {
      addresses: [w],
      date: { startTime: "2025-01-01T01:00:00.000Z", endTime: "2025-01-01T03:59:00.000Z" },
    });
  } finally {
    await fake.close();
  }
});

Deno.test("createLiqwidClient().transactions() rejects a response without totalCount", async () => {
  const client = createLiqwidClient({
    endpoint: "http://127.0.0.1:9/graphql",
    timeoutMs: 1000,
    fetch: () =>
      Promise.resolve(Response.json({ data: { historical: { transactions: { results: [] } } } })),
  });
  const err = await client.transactions("addr1x", 0, 1).then(() => null, (e) => e);
  assert.ok(err instanceof PriceApiError);
  assert.equal(err.kind, "malformed");
});
