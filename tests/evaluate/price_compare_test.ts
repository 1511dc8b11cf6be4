import assert from "node:assert/strict";
import { comparePrices, type PriceCompareSettings } from "../../src/evaluate/mod.ts";

const settings: PriceCompareSettings = {
  epsilon_mode: "relative",
  tolerance_epsilon: 0.01,
  action_on_mismatch: "hold",
  persistence_threshold: 2,
};
const lq = (p: number) => ({ logical: "liqwid", price_usd: p });
const ms = (p: number) => ({ logical: "minswap", price_usd: p });

Deno.test("comparePrices() E12 persistence sequence", () => {
  const runs: [{ logical: string; price_usd: number }[], boolean, number, boolean, boolean][] = [
    // prices, mismatch, counter, held, unavailable
    [[lq(1), ms(0.985)], true, 1, false, false],
    [[lq(1), ms(0.985)], true, 2, true, false],
    [[lq(1), ms(0.995)], false, 0, false, false],
    [[lq(1)], false, 0, false, true],
    [[lq(1), ms(0.985)], true, 1, false, false],
  ];
  let count = 0;
  runs.forEach(([prices, mismatch, counter, held, unavailable], i) => {
    const r = comparePrices(prices, settings, count);
    assert.equal(r.mismatch, mismatch, `run ${i + 1}`);
    assert.equal(r.consecutive_mismatches, counter, `run ${i + 1}`);
    assert.equal(r.held, held, `run ${i + 1}`);
    assert.equal(r.unavailable, unavailable, `run ${i + 1}`);
    count = r.consecutive_mismatches;
  });
});

Deno.test("comparePrices() deltas, modes and overrides", async (t) => {
  await t.step("d_abs = d_rel = 0.015000000000000013", () => {
    const r = comparePrices([lq(1.0), ms(0.985)], settings, 0);
    assert.equal(r.delta_abs, 0.015000000000000013);
    assert.equal(r.delta_rel, 0.015000000000000013);
    assert.equal(r.reference, "liqwid");
    assert.deepEqual(r.prices_by_logical, { liqwid: 1, minswap: 0.985 });
  });
  await t.step("absolute ε 0.02 → no mismatch", () => {
    const r = comparePrices([lq(1.0), ms(0.985)], {
      ...settings,
      epsilon_mode: "absolute",
      tolerance_epsilon: 0.02,
    }, 0);
    assert.equal(r.mismatch, false);
    assert.equal(r.epsilon_mode, "absolute");
  });
  await t.step("ε = 0 is honoured", () => {
    const r = comparePrices([lq(1.0), ms(0.9999)], { ...settings, tolerance_epsilon: 0 }, 0);
    assert.equal(r.mismatch, true);
    assert.ok(Math.abs(r.delta_rel! - 1e-4) < 1e-12);
  });
  await t.step("equal prices with ε = 0 agree (strict)", () => {
    assert.equal(
      comparePrices([lq(1), ms(1)], { ...settings, tolerance_epsilon: 0 }, 3).mismatch,
      false,
    );
  });
  await t.step("flag_only never holds", () => {
    const r = comparePrices([lq(1), ms(0.9)], {
      ...settings,
      action_on_mismatch: "flag_only",
      persistence_threshold: 1,
    }, 5);
    assert.equal(r.consecutive_mismatches, 6);
    assert.equal(r.held, false);
    assert.equal(r.action, "flag_only");
  });
  await t.step("max ≤ 0 gives d_rel 0", () => {
    assert.equal(comparePrices([lq(0), ms(0)], settings, 0).delta_rel, 0);
  });
  await t.step("unavailable has no deltas and no reference without prices", () => {
    const r = comparePrices([], settings, 4);
    assert.equal(r.unavailable, true);
    assert.equal(r.delta_abs, null);
    assert.equal(r.reference, null);
    assert.equal(r.consecutive_mismatches, 0);
  });
  await t.step("observations are passed through", () => {
    const obs = [{
      provider: "greptime(liqwid)",
      logical: "liqwid",
      price_usd: 1,
      observed_at: "2025-01-01T00:00:00.000Z",
    }];
    assert.deepEqual(comparePrices([lq(1), ms(1)], settings, 0, obs).observations, obs);
  });
});

Deno.test("comparePrices() takes the first logical price as the reference", () => {
  const r = comparePrices([ms(1.0019), { logical: "liqwid", price_usd: 1.0023 }], settings, 0);
  assert.equal(r.reference, "minswap");
  assert.equal(r.mismatch, false);
  assert.ok(Math.abs(r.delta_abs! - 0.0004) < 1e-12);
});
