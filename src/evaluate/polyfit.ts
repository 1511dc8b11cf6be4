/**
 * Polynomial least squares (SPEC §9.4): centre and scale the abscissae, build the Vandermonde
 * matrix in the scaled variable and solve it by Householder QR. Agrees with numpy
 * `polyfit` + `polyval` well within 1e-9 relative on the gate's problem sizes.
 *
 * @module
 */

/** A fitted polynomial in the scaled variable z = (h − mid) / half. */
export interface PolynomialModel {
  /** Coefficients c_0..c_d of 1, z, …, z^d. */
  coefficients: number[];
  /** Centre of the abscissae, (h_min + h_max) / 2. */
  mid: number;
  /** Half range of the abscissae, (h_max − h_min) / 2, or 1 when that is 0. */
  half: number;
}

/** Reusable work buffers for {@link solvePolynomialInto} (grown on demand). */
export interface PolyScratch {
  a: Float64Array;
  b: Float64Array;
  v: Float64Array;
  coef: Float64Array;
}

/**
 * Creates scratch buffers for {@link solvePolynomialInto}.
 *
 * @example
 * ```ts
 * import { createPolyScratch } from "./polyfit.ts";
 * createPolyScratch().coef.length; // 0
 * ```
 */
export function createPolyScratch(): PolyScratch {
  return {
    a: new Float64Array(0),
    b: new Float64Array(0),
    v: new Float64Array(0),
    coef: new Float64Array(0),
  };
}

/**
 * Core of §9.4 on the slice [lo, hi) of (h, x), with abscissae transformed as
 * (h_j − origin) / unit: centre and scale to z, Householder QR of the Vandermonde matrix in z,
 * back substitution. Writes c_0..c_degree into `scratch.coef` and returns the centre and half
 * range (in transformed units). Rank-deficient directions get coefficient 0.
 *
 * @example
 * ```ts
 * import { createPolyScratch, solvePolynomialInto } from "./polyfit.ts";
 * const s = createPolyScratch();
 * solvePolynomialInto([0, 1, 2], [1, 3, 5], { lo: 0, hi: 3, degree: 1, origin: 0, unit: 1 }, s);
 * // s.coef[0] ≈ 3 (value at the centre), s.coef[1] ≈ 2 (slope per half range)
 * ```
 */
export function solvePolynomialInto(
  h: ArrayLike<number>,
  x: ArrayLike<number>,
  range: { lo: number; hi: number; degree: number; origin: number; unit: number },
  scratch: PolyScratch,
): { mid: number; half: number } {
  const { lo, hi, degree, origin, unit } = range;
  const n = hi - lo;
  const p = degree + 1;
  if (scratch.a.length < n * p) scratch.a = new Float64Array(n * p * 2);
  if (scratch.b.length < n) {
    scratch.b = new Float64Array(n * 2);
    scratch.v = new Float64Array(n * 2);
  }
  if (scratch.coef.length < p) scratch.coef = new Float64Array(p);
  const { a, b, v, coef } = scratch;
  let hMin = Infinity;
  let hMax = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = (h[lo + i] - origin) / unit;
    if (t < hMin) hMin = t;
    if (t > hMax) hMax = t;
  }
  const mid = (hMin + hMax) / 2;
  const half0 = (hMax - hMin) / 2;
  const half = half0 === 0 ? 1 : half0;
  // Column-major Vandermonde matrix in z.
  for (let i = 0; i < n; i++) {
    const z = ((h[lo + i] - origin) / unit - mid) / half;
    let pow = 1;
    for (let k = 0; k < p; k++) {
      a[k * n + i] = pow;
      pow *= z;
    }
    b[i] = x[lo + i];
  }
  const steps = Math.min(p, n);
  for (let k = 0; k < steps; k++) {
    const col = k * n;
    let norm2 = 0;
    for (let i = k; i < n; i++) norm2 += a[col + i] * a[col + i];
    const norm = Math.sqrt(norm2);
    if (norm === 0) continue;
    const alpha = a[col + k] > 0 ? -norm : norm;
    let vNorm2 = 0;
    for (let i = k; i < n; i++) {
      v[i] = a[col + i];
      if (i === k) v[i] -= alpha;
      vNorm2 += v[i] * v[i];
    }
    if (vNorm2 === 0) continue;
    for (let j = k; j < p; j++) {
      const cj = j * n;
      let s = 0;
      for (let i = k; i < n; i++) s += v[i] * a[cj + i];
      const f = (2 * s) / vNorm2;
      for (let i = k; i < n; i++) a[cj + i] -= f * v[i];
    }
    let s = 0;
    for (let i = k; i < n; i++) s += v[i] * b[i];
    const f = (2 * s) / vNorm2;
    for (let i = k; i < n; i++) b[i] -= f * v[i];
  }
  // Back substitution on R (upper triangle of the first `steps` rows).
  coef.fill(0, 0, p);
  const scale = Math.abs(a[0]) || 1;
  for (let k = steps - 1; k >= 0; k--) {
    const rkk = a[k * n + k];
    if (Math.abs(rkk) <= scale * 1e-14) continue;
    let s = b[k];
    for (let j = k + 1; j < steps; j++) s -= a[j * n + k] * coef[j];
    coef[k] = s / rkk;
  }
  return { mid, half };
}

/**
 * Least-squares polynomial of degree `degree` through (h_i, x_i) (§9.4). Requires at least
 * one point; when there are fewer than degree+1 points or the matrix is rank deficient, the
 * missing directions get coefficient 0 (no exception).
 *
 * @example
 * ```ts
 * import { polynomialModel, evaluatePolynomial } from "./polyfit.ts";
 * const m = polynomialModel([0, 1, 2], [1, 3, 5], 1);
 * evaluatePolynomial(m, 3); // ≈ 7
 * ```
 */
export function polynomialModel(
  h: ArrayLike<number>,
  x: ArrayLike<number>,
  degree: number,
): PolynomialModel {
  const n = h.length;
  if (n === 0 || x.length !== n) {
    throw new RangeError(`polynomialModel needs equal, non-empty inputs; got ${n} and ${x.length}`);
  }
  const scratch = createPolyScratch();
  const { mid, half } = solvePolynomialInto(
    h,
    x,
    { lo: 0, hi: n, degree, origin: 0, unit: 1 },
    scratch,
  );
  return { coefficients: Array.from(scratch.coef.subarray(0, degree + 1)), mid, half };
}

/**
 * Evaluates a {@link PolynomialModel} at abscissa `h` (Horner in the scaled variable).
 *
 * @example
 * ```ts
 * import { polynomialModel, evaluatePolynomial } from "./polyfit.ts";
 * evaluatePolynomial(polynomialModel([0, 1, 2, 3], [0, 1, 4, 9], 2), 4); // ≈ 16
 * ```
 */
export function evaluatePolynomial(model: PolynomialModel, h: number): number {
  const z = (h - model.mid) / model.half;
  const c = model.coefficients;
  let y = 0;
  for (let k = c.length - 1; k >= 0; k--) y = y * z + c[k];
  return y;
}

/**
 * Fitted values of the least-squares polynomial of degree `degree` on (h_i, x_i), evaluated
 * at every h_i (§9.4, §6.4). Requires n ≥ 1; the gate guarantees n ≥ degree+1.
 *
 * @example
 * ```ts
 * import { fitPolynomial } from "./polyfit.ts";
 * fitPolynomial([0, 1, 2, 3], [1, 2, 2, 3], 1); // ≈ [1.1, 1.7, 2.3, 2.9]
 * ```
 */
export function fitPolynomial(
  h: ArrayLike<number>,
  x: ArrayLike<number>,
  degree: number,
): number[] {
  const model = polynomialModel(h, x, degree);
  const out: number[] = new Array(h.length);
  for (let i = 0; i < h.length; i++) out[i] = evaluatePolynomial(model, h[i]);
  return out;
}
