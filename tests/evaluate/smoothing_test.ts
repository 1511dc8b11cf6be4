import assert from "node:assert/strict";
import { type SmoothOptions, smoothSeries } from "../../src/evaluate/smoothing.ts";

const HOUR = 3_600_000;
const ts10 = Array.from({ length: 10 }, (_, i) => i * HOUR);
const ones10 = Array.from({ length: 10 }, (_, i) => i + 1);
const base: SmoothOptions = {
  method: "moving_average",
  window_type: "boxcar",
  window_size_hours: 3,
  polynomial_order: 2,
  gaussian_std: 0.3,
};

function close(actual: number[], expected: number[], tol: number): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((v, i) =>
    assert.ok(Math.abs(v - expected[i]) <= tol, `[${i}] ${v} vs ${expected[i]}`)
  );
}

Deno.test("smoothSeries() boxcar renormalises truncated edge windows", async (t) => {
  await t.step("W = 3 h", () => {
    close(smoothSeries(ts10, ones10, base), [1.5, 2, 3, 4, 5, 6, 7, 8, 9, 9.5], 1e-12);
  });
  await t.step("W = 4 h", () => {
    close(
      smoothSeries(ts10, ones10, { ...base, window_size_hours: 4 }),
      [2, 2.5, 3, 4, 5, 6, 7, 8, 8.5, 9],
      1e-12,
    );
  });
});

Deno.test("smoothSeries() gaussian weights over the window, normalised", () => {
  const out = smoothSeries(ts10, ones10, {
    ...base,
    window_type: "gaussian",
    window_size_hours: 4,
  });
  assert.ok(Math.abs(out[0] - 1.616233) < 1e-6, String(out[0]));
  assert.ok(Math.abs(out[1] - 2.187296) < 1e-6, String(out[1]));
  // Symmetric interior windows reproduce a line exactly.
  for (let i = 2; i < 8; i++) assert.ok(Math.abs(out[i] - ones10[i]) < 1e-12);
  assert.ok(Math.abs(out[9] - (11 - 1.616233)) < 1e-6);
});

Deno.test("smoothSeries() local polynomial reproduces any quadratic to 1e-12", () => {
  const ts = Array.from({ length: 40 }, (_, i) => (i * 0.5 + (i % 3) * 0.1) * HOUR);
  const q = (t: number) => 3 - 2 * (t / HOUR) + 0.25 * (t / HOUR) ** 2;
  const xs = ts.map(q);
  const out = smoothSeries(ts, xs, { ...base, window_type: "polynomial", window_size_hours: 4 });
  out.forEach((v, i) =>
    assert.ok(Math.abs(v - xs[i]) <= 1e-12 * Math.max(1, Math.abs(xs[i])), `${v} vs ${xs[i]}`)
  );
});

Deno.test("smoothSeries() local polynomial lowers the degree in sparse windows", () => {
  // Window of 1 point → the value itself; of 2 points → a line through both.
  const ts = [0, 10 * HOUR, 10.5 * HOUR];
  const out = smoothSeries(ts, [5, 1, 2], {
    ...base,
    window_type: "polynomial",
    window_size_hours: 2,
  });
  close(out, [5, 1, 2], 1e-12);
});

Deno.test("smoothSeries() polynomial_fit is a global fit; none returns the values", async (t) => {
  await t.step("global line through a line", () => {
    const out = smoothSeries(ts10, ones10, {
      ...base,
      method: "polynomial_fit",
      polynomial_order: 1,
    });
    close(out, ones10, 1e-12);
  });
  await t.step("global quadratic on noisy data differs from the data", () => {
    const xs = ones10.map((v, i) => v + (i % 2 ? 1 : -1));
    const out = smoothSeries(ts10, xs, { ...base, method: "polynomial_fit" });
    assert.ok(out.some((v, i) => Math.abs(v - xs[i]) > 0.5));
  });
  await t.step("none", () => {
    assert.deepEqual(smoothSeries(ts10, ones10, { ...base, window_type: "none" }), ones10);
  });
  await t.step("empty", () => assert.deepEqual(smoothSeries([], [], base), []));
});

Deno.test("smoothSeries() local fits equal direct per-window fits (cached weights on regular data)", async (t) => {
  const { evaluatePolynomial, polynomialModel } = await import("../../src/evaluate/polyfit.ts");
  const regular = Array.from({ length: 300 }, (_, i) => i * 5 * 60_000);
  const irregular = regular.map((v, i) => v + (i % 7) * 17_000);
  for (const [name, ts] of [["regular", regular], ["irregular", irregular]] as const) {
    const xs = ts.map((_v, i) => 1000 + Math.sin(i / 9) * 5 + (i % 5) * 0.3);
    for (const order of [1, 2, 3]) {
      await t.step(`${name}, order ${order}`, () => {
        const opts = {
          ...base,
          window_type: "polynomial" as const,
          window_size_hours: 3,
          polynomial_order: order,
        };
        const out = smoothSeries(ts, xs, opts);
        const half = 1.5 * HOUR;
        ts.forEach((ti, i) => {
          const idx = ts.map((_, j) => j).filter((j) => Math.abs(ts[j] - ti) <= half);
          const h = idx.map((j) => (ts[j] - ti) / HOUR);
          const m = polynomialModel(h, idx.map((j) => xs[j]), Math.min(order, idx.length - 1));
          const direct = evaluatePolynomial(m, 0);
          assert.ok(
            Math.abs(out[i] - direct) <= 1e-10 * Math.abs(direct),
            `${i}: ${out[i]} vs ${direct}`,
          );
        });
      });
    }
    await t.step(`${name}, gaussian`, () => {
      const opts = {
        ...base,
        window_type: "gaussian" as const,
        window_size_hours: 3,
        gaussian_std: 0.3,
      };
      const out = smoothSeries(ts, xs, opts);
      ts.forEach((ti, i) => {
        let ws = 0;
        let s = 0;
        ts.forEach((tj, j) => {
          if (Math.abs(tj - ti) > 1.5 * HOUR) return;
          const w = Math.exp(-0.5 * ((tj - ti) / (0.3 * 3 * HOUR)) ** 2);
          ws += w;
          s += w * xs[j];
        });
        assert.ok(Math.abs(out[i] - s / ws) <= 1e-12 * Math.abs(s / ws));
      });
    });
  }
});
