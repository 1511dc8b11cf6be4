import assert from "node:assert/strict";
import { detectSpikeIndex } from "../../src/evaluate/spike.ts";

Deno.test("detectSpikeIndex() picks the robust-z spike matching the flow (E4)", () => {
  const p = Array.from({ length: 13 }, (_, h) => (h <= 6 ? 1000 + h : 1500 + h));
  assert.equal(detectSpikeIndex(p, 6, 500, "deposit"), 7);
});

Deno.test("detectSpikeIndex() b = 0 → absorbed", () => {
  assert.equal(detectSpikeIndex([1, 2, 3], 0, 5, "deposit"), 0);
});

Deno.test("detectSpikeIndex() falls back forward to the first move in the flow's direction (E3)", async (t) => {
  const p = [1000, 1500, 1501, 1002, 1003];
  await t.step("deposit at s_1: step 1 is +500 but |z| < 3 → forward fallback k = 1", () => {
    assert.equal(detectSpikeIndex(p, 1, 500, "deposit"), 1);
  });
  await t.step("withdrawal with b = 3 → first negative step from b is 3", () => {
    assert.equal(detectSpikeIndex(p, 3, -500, "withdrawal"), 3);
  });
  await t.step("no move in the flow's direction → j = b", () => {
    assert.equal(detectSpikeIndex([10, 10, 10, 10], 2, -5, "withdrawal"), 2);
  });
});

Deno.test("detectSpikeIndex() uses the ratio band first, then drops it", async (t) => {
  // Small noise with two clear up-spikes: +100 at k = 4 and +1000 at k = 9.
  const steps = [0, 1, -1, 1, 100, 1, -1, 1, -1, 1000, 1, -1, 1, -1];
  const p: number[] = [];
  steps.reduce((acc, s, i) => (p[i] = i === 0 ? 1000 : acc + s), 1000);
  await t.step("a 1000 deposit matches the band at k = 9 though k = 4 is nearer", () => {
    assert.equal(detectSpikeIndex(p, 5, 1000, "deposit"), 9);
  });
  await t.step("a 5000 deposit matches no band → nearest spike k = 4", () => {
    assert.equal(detectSpikeIndex(p, 5, 5000, "deposit"), 4);
  });
  await t.step("a withdrawal ignores up-spikes → forward fallback", () => {
    assert.equal(detectSpikeIndex(p, 5, -100, "withdrawal"), 6);
  });
});

Deno.test("detectSpikeIndex() breaks distance ties by larger |z|, then smaller k", () => {
  // Spikes at k = 3 (+50) and k = 7 (+80), b = 5: equal distance, larger |z| wins.
  const steps = [0, 1, -1, 50, 1, -1, 1, 80, -1, 1, -1];
  const p: number[] = [];
  steps.reduce((acc, s, i) => (p[i] = i === 0 ? 1000 : acc + s), 1000);
  assert.equal(detectSpikeIndex(p, 5, 0, "deposit"), 7);
  // Equal spikes → the smaller k.
  const steps2 = [0, 1, -1, 80, 1, -1, 1, 80, -1, 1, -1];
  const p2: number[] = [];
  steps2.reduce((acc, s, i) => (p2[i] = i === 0 ? 1000 : acc + s), 1000);
  assert.equal(detectSpikeIndex(p2, 5, 0, "deposit"), 3);
});
