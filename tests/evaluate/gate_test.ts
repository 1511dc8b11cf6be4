import assert from "node:assert/strict";
import { evaluateGate, gateMinPoints, notApplicableGate } from "../../src/evaluate/mod.ts";
import { gateSettings } from "./_scenario.ts";

const H = 3_600_000;
function series(values: number[], stepH = 1): { tsMs: number[]; values: number[] } {
  return { tsMs: values.map((_, i) => i * stepH * H), values };
}
// Flat noise then a final jump up (+) or down (−).
const noise = [0, 1, -1, 0.5, -0.5, 1, -1, 0, 0.5, -0.5];
const up = series([...noise, 10].map((v) => 100 + v));
const down = series([...noise, -10].map((v) => 100 + v));
const median = gateSettings({ enabled: true, method: "median", min_points: 5 });

Deno.test("evaluateGate() statuses and sides (§6.5)", async (t) => {
  const cases: [string, typeof up, object, string, boolean][] = [
    ["both, up jump → triggered", up, { sides: "both" }, "triggered", true],
    ["both, down jump → triggered", down, { sides: "both" }, "triggered", true],
    ["upper, up jump → triggered", up, { sides: "upper" }, "triggered", true],
    ["upper, down jump → ok", down, { sides: "upper" }, "ok", false],
    ["lower, down jump → triggered", down, { sides: "lower" }, "triggered", true],
    ["lower, up jump → ok", up, { sides: "lower" }, "ok", false],
    [
      "percentile both, up jump → triggered",
      up,
      { threshold_mode: "percentile" },
      "triggered",
      true,
    ],
    [
      "percentile upper, down jump → ok",
      down,
      { threshold_mode: "percentile", sides: "upper" },
      "ok",
      false,
    ],
  ];
  for (const [name, s, over, status, triggered] of cases) {
    await t.step(name, () => {
      const { result, residuals } = evaluateGate(s, { ...median, ...over }, { applicable: true });
      assert.equal(result.status, status);
      assert.equal(result.triggered, triggered);
      assert.equal(result.applicable, true);
      assert.ok(result.threshold_lower !== null && result.threshold_upper !== null);
      assert.equal(residuals!.values.length, 11);
    });
  }
  await t.step("no jump → ok", () => {
    const { result } = evaluateGate(series(noise.map((v) => 100 + v)), median, {
      applicable: true,
    });
    assert.equal(result.status, "ok");
  });
});

Deno.test("evaluateGate() comparisons are strict: r_now equal to k·σ does not trigger", () => {
  // Median 0 (X ≥ 0 is the largest value); est residuals have σ = sqrt(0.8); k = 2.
  const est = [1, -1, 1, -1, 0, 0, 1, -1, 1, -1];
  const sigma = Math.sqrt(0.8);
  const base = { ...median, k_sigma: 2, min_points: 3 };
  const atBound = evaluateGate(series([...est, 2 * sigma]), base, { applicable: true }).result;
  assert.equal(atBound.sigma, sigma);
  assert.equal(atBound.residual, atBound.threshold_upper);
  assert.equal(atBound.status, "ok");
  const above = evaluateGate(series([...est, 2 * sigma + 1e-9]), base, { applicable: true }).result;
  assert.equal(above.status, "triggered");
});

Deno.test("evaluateGate() not applicable reports settings and nothing computed", () => {
  const settings = gateSettings({ basis: "change_rate_usd" });
  const { result, residuals } = evaluateGate(up, settings, { applicable: false });
  assert.equal(result.status, "not_applicable");
  assert.equal(result.applicable, false);
  assert.equal(result.units, "usd_per_hour");
  assert.equal(result.n_points, null);
  assert.equal(result.residual, null);
  assert.equal(residuals, null);
  assert.deepEqual(notApplicableGate(settings), result);
});

Deno.test("evaluateGate() n_min rules and insufficient data fields (§6.3, §23.10)", async (t) => {
  await t.step("polynomial: max(min_points, order + 1)", () => {
    assert.equal(
      gateMinPoints({ method: "polynomial_fit", min_points: 3, polynomial_order: 5 }),
      6,
    );
    assert.equal(
      gateMinPoints({ method: "polynomial_fit", min_points: 20, polynomial_order: 2 }),
      20,
    );
    assert.equal(gateMinPoints({ method: "median", min_points: 3, polynomial_order: 5 }), 3);
  });
  await t.step("n < n_min", () => {
    const s = gateSettings({ enabled: true, polynomial_order: 5, min_points: 3 });
    const { result, residuals } = evaluateGate(series([1, 2, 3, 4, 5]), s, { applicable: true });
    assert.equal(result.status, "insufficient_data");
    assert.equal(result.n_points, 5);
    assert.equal(result.n_min, 6);
    assert.equal(result.residual, null);
    assert.equal(result.sigma, null);
    assert.equal(result.threshold_lower, null);
    assert.equal(result.threshold_upper, null);
    assert.equal(result.triggered, false);
    assert.equal(residuals, null);
  });
  await t.step("empty series", () => {
    assert.equal(
      evaluateGate(series([]), median, { applicable: true }).result.status,
      "insufficient_data",
    );
  });
});

Deno.test("evaluateGate() lookback is relative to the series' last point", () => {
  // Points every hour; lookback 3 h keeps ts ≥ last − 3 h: 4 points.
  const s = { tsMs: [0, 1, 2, 3, 4, 5, 6.5].map((h) => h * H), values: [1, 2, 3, 4, 5, 6, 7] };
  const r = evaluateGate(s, { ...median, min_points: 3, lookback_hours: 3 }, { applicable: true });
  assert.equal(r.result.n_points, 3); // 3.5 h, 5 h… → ts ≥ 3.5 h: 4, 5, 6.5
  assert.deepEqual(r.residuals!.tsMs, [4, 5, 6.5].map((h) => h * H));
  assert.equal(r.result.lookback_hours, 3);
});

Deno.test("evaluateGate() exclude_last_for_sigma chooses the σ sample", () => {
  const s = series([0, 1, 0, 1, 0, 1, 50]);
  const withLast = evaluateGate(s, { ...median, exclude_last_for_sigma: false }, {
    applicable: true,
  });
  const without = evaluateGate(s, { ...median, exclude_last_for_sigma: true }, {
    applicable: true,
  });
  assert.ok(withLast.result.sigma! > 10);
  assert.ok(without.result.sigma! < 1);
});

Deno.test("evaluateGate() σ guard applies in both threshold modes", async (t) => {
  for (const mode of ["stddev", "percentile"] as const) {
    await t.step(mode, () => {
      const s = series([5, 5, 5, 5, 5, 5, 9]);
      const { result, residuals } = evaluateGate(s, { ...median, threshold_mode: mode }, {
        applicable: true,
      });
      assert.equal(result.status, "degenerate_sigma");
      assert.equal(result.sigma, 0);
      assert.equal(result.residual, 4);
      assert.equal(result.threshold_lower, null);
      assert.equal(result.threshold_upper, null);
      assert.equal(result.triggered, false);
      assert.ok(residuals !== null);
    });
  }
});

Deno.test("evaluateGate() polynomial baseline uses hours since the first retained point", () => {
  // A quadratic in hours at epoch-scale timestamps is fitted exactly (residuals ≈ 0), so the
  // σ guard fires; a +3 bump on the last point then triggers.
  const hs = Array.from({ length: 30 }, (_, i) => i * 0.5 + (i % 4) * 0.05);
  const ts = hs.map((h) => 1.7e12 + h * H);
  const exact = hs.map((h) => 2 + h - 0.1 * h * h);
  const settings = gateSettings({ enabled: true, polynomial_order: 2, min_points: 5 });
  const flat = evaluateGate({ tsMs: ts, values: exact }, settings, { applicable: true });
  assert.ok(flat.residuals!.values.every((r) => Math.abs(r) < 1e-9));
  assert.equal(flat.result.status, "degenerate_sigma");
  const noisy = exact.map((v, i) => v + (i % 2 ? 0.01 : -0.01) + (i === 29 ? 3 : 0));
  const bumped = evaluateGate({ tsMs: ts, values: noisy }, settings, { applicable: true });
  assert.ok(bumped.result.residual! > 1);
  assert.equal(bumped.result.status, "triggered");
});
