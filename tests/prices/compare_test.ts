import assert from "node:assert/strict";
import { parseConfig, priceCompareSettings } from "../../src/config/mod.ts";
import type { PriceCompareSettings } from "../../src/config/mod.ts";
import {
  applyPriceCompare,
  comparePricesForAsset,
  type PriceCompareState,
  type PriceObservationSet,
} from "../../src/prices/compare.ts";
import { createPriceContext } from "../../src/prices/context.ts";
import { createMemoryGreptime } from "./memory_greptime.ts";

function set(prices: Record<string, number>): PriceObservationSet {
  return { observations: [], pricesByLogical: prices, warnings: [] };
}

const HOLD2: PriceCompareSettings = {
  enabled: true,
  sources: ["liqwid", "minswap"],
  epsilon_mode: "relative",
  tolerance_epsilon: 0.01,
  action_on_mismatch: "hold",
  persistence_threshold: 2,
};

Deno.test("applyPriceCompare() persistence 2 holds only on the second consecutive mismatch (§20 E12)", () => {
  const runs: { minswap: number | null; count: number; held: boolean; unavailable: boolean }[] = [
    { minswap: 0.985, count: 1, held: false, unavailable: false },
    { minswap: 0.985, count: 2, held: true, unavailable: false },
    { minswap: 0.995, count: 0, held: false, unavailable: false },
    { minswap: null, count: 0, held: false, unavailable: true },
    { minswap: 0.985, count: 1, held: false, unavailable: false },
  ];
  let state: PriceCompareState = new Map();
  for (const [i, run] of runs.entries()) {
    const prices: Record<string, number> = { liqwid: 1.0 };
    if (run.minswap !== null) prices.minswap = run.minswap;
    const out = applyPriceCompare(state, "djed", set(prices), HOLD2);
    state = out.state;
    assert.equal(out.result.consecutive_mismatches, run.count, `run ${i + 1} count`);
    assert.equal(out.result.held, run.held, `run ${i + 1} held`);
    assert.equal(out.result.unavailable, run.unavailable, `run ${i + 1} unavailable`);
    assert.equal(state.get("djed"), run.count);
  }
});

Deno.test("applyPriceCompare() E12 deltas, modes and overrides", async (t) => {
  await t.step("relative 0.01: d = 0.015000000000000013 → mismatch", () => {
    const r =
      applyPriceCompare(new Map(), "djed", set({ liqwid: 1, minswap: 0.985 }), HOLD2).result;
    assert.equal(r.delta_abs, 0.015000000000000013);
    assert.equal(r.delta_rel, 0.015000000000000013);
    assert.equal(r.mismatch, true);
    assert.equal(r.reference, "liqwid");
  });
  await t.step("absolute ε 0.02 → no mismatch", () => {
    const r = applyPriceCompare(
      new Map([["djed", 1]]),
      "djed",
      set({ liqwid: 1, minswap: 0.985 }),
      {
        ...HOLD2,
        epsilon_mode: "absolute",
        tolerance_epsilon: 0.02,
      },
    );
    assert.equal(r.result.mismatch, false);
    assert.equal(r.state.get("djed"), 0, "agreement resets the counter");
  });
  await t.step("override ε = 0 from the config with minswap 0.9999 → mismatch", () => {
    const { config } = parseConfig(
      "domain:\n  assets: [djed]\nprices:\n  sources: [liqwid, minswap]\nanalysis:\n  price_compare:\n    per_asset_overrides:\n      djed: {tolerance_epsilon: 0, persistence_threshold: 1}\n",
      {},
    );
    const s = priceCompareSettings(config, "djed");
    const r = applyPriceCompare(new Map(), "djed", set({ liqwid: 1, minswap: 0.9999 }), s).result;
    assert.equal(r.tolerance_epsilon, 0);
    assert.equal(r.mismatch, true);
    assert.equal(r.held, true);
  });
  await t.step("counters are per asset and the input state is not modified", () => {
    const before: PriceCompareState = new Map([["usdm", 5]]);
    const out = applyPriceCompare(before, "djed", set({ liqwid: 1, minswap: 0.9 }), HOLD2);
    assert.equal(before.get("djed"), undefined);
    assert.equal(out.state.get("usdm"), 5);
    assert.equal(out.state.get("djed"), 1);
  });
});

Deno.test("applyPriceCompare() flag_only never holds, whatever the persistence", () => {
  let state: PriceCompareState = new Map();
  for (let run = 1; run <= 5; run++) {
    const out = applyPriceCompare(state, "djed", set({ liqwid: 1, minswap: 0.5 }), {
      ...HOLD2,
      action_on_mismatch: "flag_only",
      persistence_threshold: 1,
    });
    state = out.state;
    assert.equal(out.result.mismatch, true);
    assert.equal(out.result.consecutive_mismatches, run);
    assert.equal(out.result.action, "flag_only");
    assert.equal(out.result.held, false);
  }
});

Deno.test("comparePricesForAsset() compares greptime(liqwid) with greptime(minswap) relative to now", async () => {
  const HOUR = 3_600_000;
  const now = Date.UTC(2025, 0, 2);
  const db = createMemoryGreptime();
  const pos = [];
  const mins = [];
  for (let h = 0; h <= 24; h++) {
    pos.push({ ts: now - h * HOUR, wallet_address: "w", price_usd: 1.0 });
    mins.push({ ts: now - h * HOUR, price_usd: h === 0 ? 0.985 : 1.0 });
  }
  // A point after "now" must not be used (the window is [now − 24 h, now]).
  mins.push({ ts: now + HOUR, price_usd: 1.0 });
  db.seed("liqwid", "liqwid_supply_positions_djed", ["ts", "wallet_address", "price_usd"], pos);
  db.seed("minswap", "minswap_prices_djed", ["ts", "price_usd"], mins);
  const { config } = parseConfig(
    "domain:\n  assets: [djed]\nprices:\n  sources: [liqwid, minswap]\n  priority_by_logical:\n    liqwid: ['greptime(liqwid)']\n    minswap: ['greptime(minswap)']\nanalysis:\n  price_compare: {enabled: true}\n",
    {},
  );
  const ctx = createPriceContext({ config, greptime: db }, { now });
  const out = await comparePricesForAsset(
    ctx,
    "djed",
    priceCompareSettings(config, "djed"),
    new Map(),
  );
  assert.deepEqual(out.result.prices_by_logical, { liqwid: 1, minswap: 0.985 });
  assert.deepEqual(out.result.observations.map((o) => [o.provider, o.logical, o.observed_at]), [
    ["greptime(liqwid)", "liqwid", "2025-01-02T00:00:00.000Z"],
    ["greptime(minswap)", "minswap", "2025-01-02T00:00:00.000Z"],
  ]);
  assert.equal(out.result.mismatch, true);
  assert.equal(out.result.held, true, "default persistence 1, action hold");
  assert.deepEqual(out.warnings, []);
});
