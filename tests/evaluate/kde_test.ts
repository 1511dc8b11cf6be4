import assert from "node:assert/strict";
import { gaussianKde, kdeDensityAt } from "../../src/evaluate/kde.ts";

const E8_RESIDUALS = [1.6, 1.0, 0.4, -0.2, -0.8, -1.4, -2.0, -2.6, -3.2, 7.2];

Deno.test("gaussianKde() on the E8 residuals: h = 1.882212, density(0) = 0.135636", () => {
  const kde = gaussianKde(E8_RESIDUALS)!;
  assert.ok(Math.abs(kde.bandwidth - 1.882212) < 1e-6, String(kde.bandwidth));
  assert.ok(Math.abs(kdeDensityAt(E8_RESIDUALS, kde.bandwidth, 0) - 0.135636) < 1e-6);
});

Deno.test("gaussianKde() grid spans sample ∪ thresholds ± 3h with 200 points", () => {
  const kde = gaussianKde(E8_RESIDUALS, { thresholds: [-10, 4, null] })!;
  assert.equal(kde.grid.length, 200);
  assert.equal(kde.density.length, 200);
  assert.ok(Math.abs(kde.grid[0] - (-10 - 3 * kde.bandwidth)) < 1e-12);
  assert.equal(kde.grid[199], 7.2 + 3 * kde.bandwidth);
  // The density integrates to ≈ 1 over the grid (trapezoid rule).
  let area = 0;
  for (let i = 1; i < 200; i++) {
    area += ((kde.density[i] + kde.density[i - 1]) / 2) * (kde.grid[i] - kde.grid[i - 1]);
  }
  assert.ok(Math.abs(area - 1) < 0.01, String(area));
});

Deno.test("gaussianKde() is skipped for n < 2 or σ ≤ 0", async (t) => {
  await t.step("one point", () => assert.equal(gaussianKde([1]), null));
  await t.step("constant", () => assert.equal(gaussianKde([2, 2, 2]), null));
  await t.step("empty", () => assert.equal(gaussianKde([]), null));
});
