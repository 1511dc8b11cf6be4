import assert from "node:assert/strict";
import { parseConfig } from "../../src/config/mod.ts";
import { basisProvider, priceBasisSeries } from "../../src/prices/basis.ts";
import { createPriceContext } from "../../src/prices/context.ts";
import { createMemoryGreptime } from "./memory_greptime.ts";

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 0, 1);
const E = T0 + 24 * HOUR;

function cfg(yaml: string) {
  return parseConfig(`domain:\n  assets: [djed]\n${yaml}`, {}).config;
}

function seed(db: ReturnType<typeof createMemoryGreptime>, minswapHours: number[]) {
  const pos = [];
  for (let h = 0; h <= 24; h++) {
    pos.push({ ts: T0 + h * HOUR, wallet_address: "w", price_usd: 1 + h });
  }
  db.seed("liqwid", "liqwid_supply_positions_djed", ["ts", "wallet_address", "price_usd"], pos);
  db.seed(
    "minswap",
    "minswap_prices_djed",
    ["ts", "price_usd"],
    minswapHours.map((h) => ({ ts: T0 + h * HOUR, price_usd: 2 })),
  );
}

Deno.test("basisProvider() walks prices.sources and priorities for the first greptime provider (§6.2, §23.9)", async (t) => {
  const cases: [string, string][] = [
    ["", "greptime(liqwid)"],
    ["prices:\n  sources: [minswap, liqwid]\n", "greptime(minswap)"],
    [
      "prices:\n  endpoints: {minswap_aggregator: 'http://127.0.0.1:1'}\n  sources: [minswap, liqwid]\n  priority_by_logical: {minswap: [minswap_aggregator]}\n",
      "greptime(liqwid)",
    ],
  ];
  for (const [yaml, expected] of cases) {
    await t.step(`${JSON.stringify(yaml)} → ${expected}`, () => {
      assert.equal(basisProvider(cfg(yaml)), expected);
    });
  }
});

Deno.test("priceBasisSeries() reads the closed window [t0, E] of the chosen provider", async () => {
  const db = createMemoryGreptime();
  seed(db, Array.from({ length: 25 }, (_, h) => h));
  const ctx = createPriceContext({ config: cfg("prices:\n  sources: [minswap]\n"), greptime: db }, {
    now: E + HOUR,
  });
  const s = await priceBasisSeries(ctx, "djed", { t0Ms: T0, endMs: E, lookbackHours: null });
  assert.equal(s.provider, "greptime(minswap)");
  assert.equal(s.tsMs.length, 25);
  assert.equal(s.tsMs[0], T0);
  assert.equal(s.tsMs[24], E);
  assert.equal(s.warning, undefined);
});

Deno.test("priceBasisSeries() falls back to greptime(liqwid) when the duty cycle is too low", async (t) => {
  await t.step("sparse minswap series", async () => {
    const db = createMemoryGreptime();
    seed(db, [20, 21, 22, 23, 24]);
    const ctx = createPriceContext(
      { config: cfg("prices:\n  sources: [minswap]\n"), greptime: db },
      { now: E },
    );
    const s = await priceBasisSeries(ctx, "djed", { t0Ms: T0, endMs: E, lookbackHours: null });
    assert.equal(s.provider, "greptime(liqwid)");
    assert.deepEqual(s.values.slice(0, 3), [1, 2, 3]);
    assert.match(s.warning ?? "", /duty cycle 0\.2\d below 0\.9/);
  });
  await t.step("the same series passes with a 4 h lookback", async () => {
    const db = createMemoryGreptime();
    seed(db, [20, 21, 22, 23, 24]);
    const ctx = createPriceContext(
      { config: cfg("prices:\n  sources: [minswap]\n"), greptime: db },
      { now: E },
    );
    const s = await priceBasisSeries(ctx, "djed", { t0Ms: T0, endMs: E, lookbackHours: 4 });
    assert.equal(s.provider, "greptime(minswap)");
  });
  await t.step("missing minswap table → fallback, not an error (§23.8)", async () => {
    const db = createMemoryGreptime();
    seed(db, []);
    db.seed("other", "x", ["ts"], []);
    const ctx = createPriceContext({
      config: cfg(
        "prices:\n  sources: [minswap]\ndata:\n  datasets:\n    transactions:\n      sources:\n        minswap: {database: nowhere}\n",
      ),
      greptime: db,
    }, { now: E });
    const s = await priceBasisSeries(ctx, "djed", { t0Ms: T0, endMs: E, lookbackHours: null });
    assert.equal(s.provider, "greptime(liqwid)");
    assert.ok(s.warning);
  });
});

Deno.test("priceBasisSeries() rejects on other query failures (asset ERROR, §6.5)", async () => {
  const db = createMemoryGreptime();
  seed(db, []);
  db.failNext(/liqwid_supply_positions_djed/, 3000);
  const ctx = createPriceContext({ config: cfg(""), greptime: db }, { now: E });
  await assert.rejects(priceBasisSeries(ctx, "djed", { t0Ms: T0, endMs: E, lookbackHours: null }));
});
