import assert from "node:assert/strict";
import { E10_PRICES } from "../support/e10_prices.ts";
import { quantileLinear, quantileSorted } from "../../src/evaluate/quantile.ts";

/** Straightforward transcription of numpy's linear method (§9.3), written independently. */
function referenceQuantile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  const virtual = (n - 1) * p;
  const below = Math.floor(virtual);
  if (below >= n - 1) return s[n - 1];
  const gamma = virtual - below;
  const lowV = s[below];
  const highV = s[below + 1];
  const diff = highV - lowV;
  if (gamma >= 0.5) return highV - diff * (1 - gamma);
  return lowV + diff * gamma;
}

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

Deno.test("quantileLinear() matches hand-computed numpy values", async (t) => {
  const cases: [number[], number, number][] = [
    [[1, 2, 3, 4], 0.5, 2.5],
    [[10, 1, 5], 0.25, 3],
    [[1, 2, 3, 4, 5], 0, 1],
    [[1, 2, 3, 4, 5], 1, 5],
    [[1, 2, 3, 4, 5], 0.9, 4.6],
    [[7], 0.3, 7],
    // g = 0.75 ≥ 0.5 uses b − d·(1 − g): (4−1)·0.25 = 0.75 → 2 − 1·0.25
    [[1, 2, 3, 4], 0.25, 1.75],
  ];
  for (const [xs, p, expected] of cases) {
    await t.step(`Q(${xs}, ${p}) = ${expected}`, () => {
      assert.ok(Math.abs(quantileLinear(xs, p) - expected) < 1e-15);
    });
  }
  await t.step("E10 band bits", () => {
    const r = E10_PRICES.map((x) => x - 1.0);
    const pLo = (1 - 0.68) / 2;
    assert.equal(pLo, 0.15999999999999998);
    assert.equal(quantileLinear(r, pLo), -0.0010000000000000009);
    assert.equal(quantileLinear(r, 1 - pLo), 0.0009999999999998899);
  });
  await t.step("empty → NaN", () => assert.ok(Number.isNaN(quantileLinear([], 0.5))));
});

Deno.test("quantileLinear() equals the reference implementation on 50 000 random cases", () => {
  const next = rng(42);
  for (let c = 0; c < 50_000; c++) {
    const n = 1 + Math.floor(next() * 40);
    const xs = Array.from(
      { length: n },
      () => (next() < 0.2 ? Math.round(next() * 5) : (next() - 0.5) * 10 ** Math.floor(next() * 6)),
    );
    const p = next() < 0.1 ? [0, 1, 0.5, 0.16, 0.84][c % 5] : next();
    const got = quantileLinear(xs, p);
    const want = referenceQuantile(xs, p);
    if (!Object.is(got, want)) {
      assert.fail(`case ${c}: Q(${JSON.stringify(xs)}, ${p}) = ${got}, reference ${want}`);
    }
  }
});

Deno.test("quantileSorted() does not sort and equals quantileLinear on sorted input", () => {
  const xs = [1, 2, 5, 9];
  assert.equal(quantileSorted(xs, 0.4), quantileLinear(xs, 0.4));
});
