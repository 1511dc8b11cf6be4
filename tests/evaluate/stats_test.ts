import assert from "node:assert/strict";
import { mean, median, populationStd } from "../../src/evaluate/stats.ts";

Deno.test("median() takes the middle value or the mean of the two middle values", async (t) => {
  const cases: [string, number[], number][] = [
    ["odd", [5, 1, 3], 3],
    ["even", [4, 1, 3, 2], 2.5],
    ["single", [7], 7],
    ["negatives and duplicates", [-1, -1, 2, 10], 0.5],
  ];
  for (const [name, xs, expected] of cases) {
    await t.step(name, () => assert.equal(median(xs), expected));
  }
  await t.step("empty → NaN", () => assert.ok(Number.isNaN(median([]))));
  await t.step("does not reorder the input", () => {
    const xs = [3, 1, 2];
    median(xs);
    assert.deepEqual(xs, [3, 1, 2]);
  });
});

Deno.test("populationStd() divides by n after subtracting the mean", async (t) => {
  await t.step("textbook sample", () => assert.equal(populationStd([2, 4, 4, 4, 5, 5, 7, 9]), 2));
  await t.step("constant → 0", () => assert.equal(populationStd([3, 3, 3]), 0));
  await t.step("two-pass keeps precision with a large offset", () => {
    const xs = [1e9 + 1, 1e9 + 2, 1e9 + 3];
    assert.ok(Math.abs(populationStd(xs) - Math.sqrt(2 / 3)) < 1e-7);
  });
  await t.step("mean", () => assert.equal(mean([1, 2, 3, 4]), 2.5));
  await t.step("empty → NaN", () => assert.ok(Number.isNaN(populationStd([]))));
});
