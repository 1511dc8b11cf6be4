import assert from "node:assert/strict";
import { PolynomialRegression } from "ml-regression-polynomial";
import { evaluatePolynomial, fitPolynomial, polynomialModel } from "../../src/evaluate/polyfit.ts";

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

Deno.test("fitPolynomial() reproduces exact polynomials of degree 1..6 within 1e-9 relative", async (t) => {
  const next = rng(7);
  for (let d = 1; d <= 6; d++) {
    await t.step(`degree ${d}`, () => {
      const coef = Array.from({ length: d + 1 }, () => (next() - 0.5) * 4);
      // Gate-like abscissae: hours since the first point, 5-minute steps over 48 h.
      const h = Array.from({ length: 577 }, (_, i) => i / 12);
      const x = h.map((v) => coef.reduceRight((acc, c) => acc * v + c, 0) + 1000);
      const fit = fitPolynomial(h, x, d);
      // Relative to the data's scale (high degrees span many orders of magnitude).
      const scale = Math.max(...x.map(Math.abs));
      fit.forEach((f, i) => assert.ok(Math.abs(f - x[i]) <= 1e-9 * scale, `${f} vs ${x[i]}`));
    });
  }
});

Deno.test("fitPolynomial() satisfies the least-squares normal equations on noisy data", async (t) => {
  const next = rng(11);
  for (const [n, d] of [[10, 1], [25, 2], [100, 3], [577, 2], [40, 6]]) {
    await t.step(`n=${n}, d=${d}`, () => {
      const h = Array.from({ length: n }, (_, i) => i * 0.5 + next() * 0.1);
      const x = h.map((v) => 1000 + 0.3 * v + (next() - 0.5) * 5);
      const fit = fitPolynomial(h, x, d);
      const r = x.map((v, i) => v - fit[i]);
      // Residuals are orthogonal to every column of the (scaled) Vandermonde matrix.
      const mid = (h[0] + h[n - 1]) / 2;
      const half = (h[n - 1] - h[0]) / 2;
      const scale = Math.sqrt(r.reduce((s, v) => s + v * v, 0)) * Math.sqrt(n);
      for (let k = 0; k <= d; k++) {
        const dot = r.reduce((s, v, i) => s + v * ((h[i] - mid) / half) ** k, 0);
        assert.ok(Math.abs(dot) <= 1e-10 * scale, `column ${k}: ${dot}`);
      }
    });
  }
});

Deno.test("fitPolynomial() agrees with ml-regression-polynomial (independent solver)", () => {
  const next = rng(3);
  for (let c = 0; c < 50; c++) {
    const n = 10 + Math.floor(next() * 50);
    const d = 1 + (c % 3);
    const h = Array.from({ length: n }, (_, i) => i);
    const x = h.map((v) => 100 + v * 0.7 - 0.01 * v * v + (next() - 0.5) * 3);
    const ours = fitPolynomial(h, x, d);
    const theirs = new PolynomialRegression(h, x, d);
    h.forEach((v, i) => {
      const p = theirs.predict(v) as number;
      assert.ok(Math.abs(ours[i] - p) <= 1e-7 * Math.abs(p), `${ours[i]} vs ${p}`);
    });
  }
});

Deno.test("polynomialModel() handles degenerate inputs without throwing", async (t) => {
  await t.step("single abscissa: half = 1, constant fit", () => {
    const m = polynomialModel([2, 2, 2], [1, 2, 3], 2);
    assert.equal(m.half, 1);
    assert.ok(Math.abs(evaluatePolynomial(m, 2) - 2) < 1e-12);
  });
  await t.step("mismatched lengths throw RangeError", () => {
    assert.throws(() => polynomialModel([1, 2], [1], 1), RangeError);
  });
  await t.step("fewer points than degree+1 still interpolates", () => {
    const fit = fitPolynomial([0, 1], [3, 5], 3);
    assert.ok(Math.abs(fit[0] - 3) < 1e-12 && Math.abs(fit[1] - 5) < 1e-12);
  });
});
