import assert from "node:assert/strict";
import { changeRatePerHour, gateSeriesForBasis } from "../../src/evaluate/mod.ts";

const H = 3_600_000;
const agg = { tsMs: [0, H, 3 * H, 3.5 * H], corrected: [100, 102, 103, 104] };

Deno.test("gateSeriesForBasis() by basis (§6.2)", async (t) => {
  await t.step("corrected_position is C(s)", () => {
    assert.deepEqual(gateSeriesForBasis("corrected_position", agg), {
      tsMs: agg.tsMs,
      values: agg.corrected,
    });
  });
  await t.step("change_rate_usd is USD per hour at s_i, n − 1 points", () => {
    assert.deepEqual(gateSeriesForBasis("change_rate_usd", agg), {
      tsMs: [H, 3 * H, 3.5 * H],
      values: [2, 0.5, 2],
    });
  });
  await t.step("price_usd is the given provider series", () => {
    const prices = { tsMs: [1, 2], values: [1.0, 1.1] };
    assert.equal(gateSeriesForBasis("price_usd", agg, prices), prices);
    assert.throws(() => gateSeriesForBasis("price_usd", agg), TypeError);
  });
  await t.step("change rate of one point is empty", () => {
    assert.deepEqual(changeRatePerHour({ tsMs: [5], values: [1] }), { tsMs: [], values: [] });
  });
});
