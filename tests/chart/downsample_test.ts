import assert from "node:assert/strict";
import {
  binCount,
  chooseTimeUnit,
  DEFAULT_AGGREGATION,
  downsampleForDrawing,
  downsampleLttb,
  downsampleWhiskers,
  TIME_UNIT_MS,
} from "../../src/chart/mod.ts";

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

Deno.test("chooseTimeUnit() picks the smallest unit giving at most 250 bins", async (t) => {
  const cases: [string, number, number, string][] = [
    ["2 hours", 0, 2 * HOUR, "1min"],
    ["exactly 250 one-minute bins", 0, 249 * MIN, "1min"],
    ["251 one-minute bins", 0, 250 * MIN, "5min"],
    ["30 days", 0, 30 * DAY, "6h"],
    ["one year", 0, 365 * DAY, "3d"],
    ["ten years", 0, 3650 * DAY, "1w"],
  ];
  for (const [name, a, b, unit] of cases) {
    await t.step(name, () => assert.equal(chooseTimeUnit(a, b), unit));
  }
});

Deno.test("binCount() counts epoch-aligned bins touched", () => {
  assert.equal(binCount(0, 0, HOUR), 1);
  assert.equal(binCount(HOUR - 1, HOUR, HOUR), 2);
  assert.equal(binCount(30 * MIN, 90 * MIN, HOUR), 2);
});

Deno.test("downsampleWhiskers() bins by epoch-aligned units with the five §9.3 quantiles", () => {
  // 10:20..12:10 every 10 minutes; 1h bins start at 10:00, 11:00, 12:00 (not at the first point).
  const t0 = Date.UTC(2025, 0, 1, 10, 20);
  const tsMs = Array.from({ length: 12 }, (_, i) => t0 + i * 10 * MIN);
  const values = tsMs.map((_, i) => i + 1); // 1..12
  const bins = downsampleWhiskers({ tsMs, values }, {
    timeUnit: "1h",
    percentiles: [10, 25, 50, 75, 90],
  });
  assert.deepEqual(bins.map((b) => b.startMs), [
    Date.UTC(2025, 0, 1, 10),
    Date.UTC(2025, 0, 1, 11),
    Date.UTC(2025, 0, 1, 12),
  ]);
  assert.deepEqual(bins.map((b) => b.centerMs - b.startMs), [HOUR / 2, HOUR / 2, HOUR / 2]);
  assert.deepEqual(bins.map((b) => b.count), [4, 6, 2]);
  // First bin values 1..4: numpy linear quantiles.
  assert.deepEqual(bins[0].p, [1.3, 1.75, 2.5, 3.25, 3.7000000000000002]);
  // Last bin values 11, 12.
  assert.deepEqual(bins[2].p, [11.1, 11.25, 11.5, 11.75, 11.9]);
});

Deno.test("downsampleWhiskers() rejects percentiles that are not five ascending values", async (t) => {
  const s = { tsMs: [0], values: [1] };
  for (
    const p of [[10, 50, 90], [10, 25, 25, 75, 90], [-1, 25, 50, 75, 90], [10, 25, 50, 75, 101]]
  ) {
    await t.step(JSON.stringify(p), () => {
      assert.throws(() => downsampleWhiskers(s, { timeUnit: "1h", percentiles: p }), RangeError);
    });
  }
});

Deno.test("downsampleLttb() keeps first and last and at most max points", () => {
  const tsMs = Array.from({ length: 1000 }, (_, i) => i * MIN);
  const values = tsMs.map((_, i) => Math.sin(i / 10));
  const out = downsampleLttb({ tsMs, values }, 100);
  assert.equal(out.tsMs.length, 100);
  assert.equal(out.tsMs[0], 0);
  assert.equal(out.tsMs[99], 999 * MIN);
  const small = { tsMs: [0, 1], values: [1, 2] };
  assert.equal(downsampleLttb(small, 100), small);
});

Deno.test("downsampleForDrawing() applies the §15.3 rule", async (t) => {
  const n = 3000;
  const series = {
    tsMs: Array.from({ length: n }, (_, i) => i * 5 * MIN),
    values: Array.from({ length: n }, (_, i) => Math.cos(i / 50)),
  };
  const agg = DEFAULT_AGGREGATION;
  await t.step("at or below max_points → all points", () => {
    const d = downsampleForDrawing(series, { ...agg, max_points: n });
    assert.equal(d.kind, "points");
    assert.equal(d.kind === "points" && d.series.tsMs.length, n);
  });
  await t.step("disabled → all points", () => {
    const d = downsampleForDrawing(series, { ...agg, enabled: false });
    assert.equal(d.kind === "points" && d.series.tsMs.length, n);
  });
  await t.step("none → all points", () => {
    const d = downsampleForDrawing(series, { ...agg, method: "none" });
    assert.equal(d.kind === "points" && d.series.tsMs.length, n);
  });
  await t.step("lttb → max_points", () => {
    const d = downsampleForDrawing(series, { ...agg, method: "lttb", max_points: 200 });
    assert.equal(d.kind === "points" && d.series.tsMs.length, 200);
  });
  await t.step("whiskers, auto unit → ≤ 250 bins", () => {
    const d = downsampleForDrawing(series, agg);
    assert.equal(d.kind, "whiskers");
    if (d.kind !== "whiskers") return;
    assert.equal(d.unitMs, TIME_UNIT_MS["1h"]); // 250 h span, 1h bins
    assert.ok(d.bins.length <= 250);
    assert.equal(d.bins.reduce((a, b) => a + b.count, 0), n);
  });
  await t.step("whiskers, fixed unit", () => {
    const d = downsampleForDrawing(series, { ...agg, time_unit: "1d" });
    assert.equal(d.kind === "whiskers" && d.unitMs, DAY);
  });
});
