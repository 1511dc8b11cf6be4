import assert from "node:assert/strict";
import { parseConfig, parseTokenRegistry } from "../../src/config/mod.ts";
import { createPriceContext } from "../../src/prices/context.ts";
import { readProvider } from "../../src/prices/providers.ts";
import { createLiqwidClient } from "../../src/prices/liqwid.ts";
import { createMinswapClient } from "../../src/prices/minswap.ts";
import { observePrices } from "../../src/prices/compare.ts";
import { createMemoryGreptime } from "./memory_greptime.ts";
import { startFakeLiqwid } from "../support/fake_liqwid.ts";
import { startFakeMinswap } from "../support/fake_minswap.ts";

const HOUR = 3_600_000;
const NOW = Date.UTC(2025, 0, 2, 12);
const POLICY = "8db269c3ec630e06ae29f74bc39edd1f87c819f1056206e879a1cd61";

function config(extra = "") {
  return parseConfig(
    `domain:\n  assets: [djed, usdm]\n  alternate_names: {usdm: usdx}\n${extra}`,
    {},
  ).config;
}

function hourly(fromH: number, toH: number, price: (h: number) => number) {
  const rows = [];
  for (let h = fromH; h <= toH; h++) {
    rows.push({ ts: NOW - h * HOUR, wallet_address: "w", price_usd: price(h) });
  }
  return rows;
}

Deno.test("readProvider() greptime providers: latest value, available iff duty cycle >= threshold", async (t) => {
  await t.step("full 24 h of hourly prices → available, latest point", async () => {
    const db = createMemoryGreptime();
    db.seed("liqwid", "liqwid_supply_positions_djed", ["ts", "wallet_address", "price_usd"], [
      ...hourly(0, 30, (h) => 1 + h / 1000),
      { ts: NOW, wallet_address: "w2", price_usd: 1.002 }, // two rows at ts → averaged
    ]);
    const ctx = createPriceContext({ config: config(), greptime: db }, { now: NOW });
    const r = await readProvider(ctx, "greptime(liqwid)", "djed");
    assert.equal(r.available, true);
    assert.equal(r.priceUsd, 1.001);
    assert.equal(r.observedAtMs, NOW);
    assert.equal(r.dutyCycle, 1);
    assert.match(
      db.statements.map((s) => s.sql).join("\n"),
      /AVG\(price_usd\) AS price_usd FROM liqwid_supply_positions_djed WHERE ts >= \d+ AND ts <= \d+ GROUP BY ts/,
    );
  });
  await t.step(
    "a position table without price_usd → unavailable, no warning (§3.1.1)",
    async () => {
      const db = createMemoryGreptime();
      db.seed("liqwid", "liqwid_supply_positions_djed", ["ts", "wallet_address", "usd_value"], [
        ...hourly(0, 30, () => 1).map((r) => ({ ts: r.ts, wallet_address: "w", usd_value: 5 })),
      ]);
      const ctx = createPriceContext({ config: config(), greptime: db }, { now: NOW });
      const r = await readProvider(ctx, "greptime(liqwid)", "djed");
      assert.equal(r.available, false);
      assert.equal(r.warning, null);
      assert.ok(!db.statements.some((s) => s.sql.includes("AVG(price_usd)")));
    },
  );
  await t.step("only the last 6 hours → duty cycle 7/24 < 0.9 → unavailable", async () => {
    const db = createMemoryGreptime();
    db.seed(
      "liqwid",
      "liqwid_supply_positions_djed",
      ["ts", "wallet_address", "price_usd"],
      hourly(0, 6, () => 1),
    );
    const ctx = createPriceContext({ config: config(), greptime: db }, { now: NOW });
    const r = await readProvider(ctx, "greptime(liqwid)", "djed");
    assert.equal(r.available, false);
    assert.ok(Math.abs(r.dutyCycle! - 7 / 24) < 1e-12);
  });
  await t.step("threshold 0.25 accepts the same series", async () => {
    const db = createMemoryGreptime();
    db.seed(
      "liqwid",
      "liqwid_supply_positions_djed",
      ["ts", "wallet_address", "price_usd"],
      hourly(0, 6, () => 1),
    );
    const ctx = createPriceContext({
      config: config("prices:\n  duty_cycle_threshold: 0.25\n"),
      greptime: db,
    }, { now: NOW });
    assert.equal((await readProvider(ctx, "greptime(liqwid)", "djed")).available, true);
  });
  await t.step("greptime(minswap) reads <prefix><asset> in the minswap database", async () => {
    const db = createMemoryGreptime();
    db.seed("prices_db", "mp_djed", ["ts", "price_usd"], hourly(0, 24, () => -0.5));
    const ctx = createPriceContext({
      config: config(
        "data:\n  datasets:\n    transactions:\n      sources:\n        minswap: {table_price_prefix: mp_, database: prices_db}\n",
      ),
      greptime: db,
    }, { now: NOW });
    const r = await readProvider(ctx, "greptime(minswap)", "djed");
    assert.equal(
      r.available,
      true,
      "a negative latest value counts once the duty cycle passes (§23.15)",
    );
    assert.equal(r.priceUsd, -0.5);
    assert.equal(db.statements[0].db, "prices_db");
  });
  await t.step("missing table or database → empty series, no warning (§23.8)", async () => {
    const db = createMemoryGreptime();
    const ctx = createPriceContext({ config: config(), greptime: db }, { now: NOW });
    const a = await readProvider(ctx, "greptime(minswap)", "djed"); // db "minswap" missing → 4004
    const b = await readProvider(ctx, "greptime(liqwid)", "djed"); // table missing → 4001
    for (const r of [a, b]) {
      assert.equal(r.available, false);
      assert.equal(r.dutyCycle, 0);
      assert.equal(r.warning, null);
    }
  });
  await t.step("another query failure → unavailable with a warning", async () => {
    const db = createMemoryGreptime();
    db.seed(
      "liqwid",
      "liqwid_supply_positions_djed",
      ["ts", "wallet_address", "price_usd"],
      hourly(0, 24, () => 1),
    );
    db.failNext(/liqwid_supply_positions_djed/, 3000);
    const ctx = createPriceContext({ config: config(), greptime: db }, { now: NOW });
    const r = await readProvider(ctx, "greptime(liqwid)", "djed");
    assert.equal(r.available, false);
    assert.match(r.warning ?? "", /greptime\(liqwid\) failed/);
  });
});

Deno.test("readProvider() API providers and the per-evaluation cache (§8.4)", async () => {
  const liqwid = startFakeLiqwid({
    markets: [
      { id: "DJED", displayName: "DJED", symbol: "DJED", price: 1.0023 },
      { id: "USDX", displayName: "USDX", symbol: "usdx", price: 0.999 },
      { id: "ZERO", displayName: "Zero", symbol: "ZERO", price: 0 },
    ],
  });
  const minswap = startFakeMinswap({
    adaPrice: 0.5,
    tokenPrices: { [POLICY + "446a656432"]: 2.0038 },
  });
  try {
    const cfg = config(
      `prices:\n  endpoints: {liqwid_graphql: "${liqwid.url}", minswap_aggregator: "${minswap.url}"}\n  sources: [liqwid, minswap]\n  priority_by_logical: {liqwid: [liqwid_graphql], minswap: [minswap_aggregator]}\n`,
    );
    const registry = parseTokenRegistry(
      `asset,policy_id,token_name_hex\ndjed,${POLICY},446A656432\nusdx,${POLICY},00\n`,
      "r.csv",
    );
    const deps = {
      config: cfg,
      greptime: createMemoryGreptime(),
      liqwid: createLiqwidClient({ endpoint: liqwid.url, timeoutMs: 2000 }),
      minswap: createMinswapClient({ baseUrl: minswap.url, currency: "usd", timeoutMs: 2000 }),
      registry,
    };
    const ctx = createPriceContext(deps, { now: NOW });
    const djedL = await readProvider(ctx, "liqwid_graphql", "djed");
    assert.deepEqual([djedL.available, djedL.priceUsd, djedL.observedAtMs], [true, 1.0023, NOW]);
    const usdmL = await readProvider(ctx, "liqwid_graphql", "usdm");
    assert.equal(usdmL.priceUsd, 0.999, "matched through the alternate name, case-insensitively");
    const djedM = await readProvider(ctx, "minswap_aggregator", "djed");
    assert.ok(Math.abs(djedM.priceUsd! - 1.0019) < 1e-12);
    const usdmM = await readProvider(ctx, "minswap_aggregator", "usdm");
    assert.equal(usdmM.available, false, "registry row exists (alternate) but no token price");
    // Whole comparison for both assets: still one call of each kind.
    await observePrices(ctx, "djed", ["liqwid", "minswap"]);
    await observePrices(ctx, "usdm", ["liqwid", "minswap"]);
    assert.equal(liqwid.requests.filter((r) => r.op === "markets").length, 1);
    assert.equal(minswap.requests.filter((r) => r.path === "/aggregator/ada-price").length, 1);
    const tokenCalls = minswap.requests.filter((r) => r.path === "/aggregator/tokens");
    assert.equal(tokenCalls.length, 1);
    assert.deepEqual((tokenCalls[0].body as { assets: string[] }).assets, [
      POLICY + "446a656432",
      POLICY + "00",
    ]);
    // A new evaluation gets a new context and calls again.
    const ctx2 = createPriceContext(deps, { now: NOW + HOUR });
    await readProvider(ctx2, "liqwid_graphql", "djed");
    assert.equal(liqwid.requests.filter((r) => r.op === "markets").length, 2);
  } finally {
    await liqwid.close();
    await minswap.close();
  }
});

Deno.test("readProvider() API failures are unavailable with a warning, once per evaluation", async () => {
  const liqwid = startFakeLiqwid({
    markets: [{ id: "D", displayName: "D", symbol: "DJED", price: 1 }],
  });
  try {
    const cfg = config(`prices:\n  endpoints: {liqwid_graphql: "${liqwid.url}"}\n`);
    liqwid.fail("graphql_error");
    const ctx = createPriceContext({
      config: cfg,
      greptime: createMemoryGreptime(),
      liqwid: createLiqwidClient({ endpoint: liqwid.url, timeoutMs: 2000 }),
    }, { now: NOW });
    const a = await readProvider(ctx, "liqwid_graphql", "djed");
    const b = await readProvider(ctx, "liqwid_graphql", "usdm");
    assert.equal(a.available, false);
    assert.match(a.warning ?? "", /GraphQL error/);
    assert.equal(b.available, false);
    assert.equal(
      liqwid.requests.length,
      1,
      "GraphQL errors are not retried, and the failure is cached",
    );
  } finally {
    await liqwid.close();
  }
});

Deno.test("readProvider() a zero API price is unavailable", async () => {
  const liqwid = startFakeLiqwid({
    markets: [{ id: "D", displayName: "D", symbol: "DJED", price: 0 }],
  });
  try {
    const ctx = createPriceContext({
      config: config(`prices:\n  endpoints: {liqwid_graphql: "${liqwid.url}"}\n`),
      greptime: createMemoryGreptime(),
      liqwid: createLiqwidClient({ endpoint: liqwid.url, timeoutMs: 2000 }),
    }, { now: NOW });
    const r = await readProvider(ctx, "liqwid_graphql", "djed");
    assert.equal(r.available, false);
    assert.equal(r.warning, null);
  } finally {
    await liqwid.close();
  }
});
