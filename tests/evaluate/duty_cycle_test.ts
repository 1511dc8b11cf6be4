import assert from "node:assert/strict";
import { dutyCycle } from "../../src/evaluate/duty_cycle.ts";

const H = 3_600_000;

Deno.test("dutyCycle() = count in [a, b] / expected, clamped to [0, 1]", async (t) => {
  const cases: [string, number[], number, number, number][] = [
    ["full hourly coverage clamps to 1", Array.from({ length: 25 }, (_, i) => i * H), 0, 24 * H, 1],
    ["three of four expected", [0, H, 2 * H], 0, 4 * H, 0.75],
    ["points outside [a, b] are ignored", [-5 * H, 0, H, 2 * H, 9 * H], 0, 4 * H, 0.75],
    ["one point → 0", [H], 0, 4 * H, 0],
    ["empty → 0", [], 0, 4 * H, 0],
    ["duplicate times (Δ = 0) → 0", [H, H, H], 0, 4 * H, 0],
    ["half the samples", [0, H, 2 * H, 3 * H, 4 * H, 5 * H], 0, 11 * H, 6 / 11],
    ["a = b: expected 1", [H, H + 1000], H, H, 0],
  ];
  for (const [name, ts, a, b, expected] of cases) {
    await t.step(name, () => assert.ok(Math.abs(dutyCycle(ts, a, b) - expected) < 1e-12));
  }
  await t.step("unsorted input", () => assert.equal(dutyCycle([2 * H, 0, H], 0, 4 * H), 0.75));
});
