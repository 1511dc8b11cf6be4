import assert from "node:assert/strict";
import { lttb, lttbIndices } from "../../src/evaluate/lttb.ts";

Deno.test("lttb() keeps first and last and returns exactly threshold points", () => {
  const n = 1000;
  const ts = Array.from({ length: n }, (_, i) => i);
  const vs = ts.map((i) => Math.sin(i / 20) + (i === 500 ? 10 : 0));
  const out = lttb(ts, vs, 50);
  assert.equal(out.tsMs.length, 50);
  assert.equal(out.tsMs[0], 0);
  assert.equal(out.tsMs[49], n - 1);
  assert.ok(out.tsMs.includes(500), "the spike is kept");
  for (let i = 1; i < out.tsMs.length; i++) assert.ok(out.tsMs[i] > out.tsMs[i - 1]);
});

Deno.test("lttbIndices() picks the largest triangle in each bucket", () => {
  // 3 points out of 5: one bucket [1, 2, 3]; point 1 forms the largest triangle.
  assert.deepEqual(lttbIndices([0, 1, 2, 3, 4], [0, 5, 0, 0, 0], 3), [0, 1, 4]);
  assert.deepEqual(lttbIndices([0, 1, 2, 3, 4], [0, 0, 0, -7, 0], 3), [0, 3, 4]);
});

Deno.test("lttb() returns every point when threshold ≥ n or < 3", () => {
  assert.deepEqual(lttb([1, 2, 3], [4, 5, 6], 10), { tsMs: [1, 2, 3], values: [4, 5, 6] });
  assert.deepEqual(lttbIndices([1, 2, 3, 4], [1, 2, 3, 4], 2), [0, 1, 2, 3]);
});
