/**
 * Linear weights of a local least-squares polynomial evaluated at one abscissa (the
 * Savitzky–Golay view of SPEC §9.6): fitted(t) = Σ_j w_j x_j, with w depending only on the
 * window's abscissae. Computing w once and reusing it for windows with identical offsets makes
 * smoothing of regularly sampled series fast.
 *
 * @module
 */

/** Reusable buffers for {@link localPolynomialWeights}. */
export interface WeightScratch {
  a: Float64Array;
  hv: Float64Array;
  hvNorm2: Float64Array;
  y: Float64Array;
}

/**
 * Creates scratch buffers for {@link localPolynomialWeights}.
 *
 * @example
 * ```ts
 * import { createWeightScratch } from "./local_weights.ts";
 * createWeightScratch().a.length; // 0
 * ```
 */
export function createWeightScratch(): WeightScratch {
  return {
    a: new Float64Array(0),
    hv: new Float64Array(0),
    hvNorm2: new Float64Array(0),
    y: new Float64Array(0),
  };
}

/**
 * Writes into `out[0..n)` the weights w with Σ w_j x_j = value at `at` of the degree-`degree`
 * least-squares polynomial through (u_j, x_j), for any x. Abscissae u (n ≥ degree+1) are
 * centred and scaled as in §9.4, the Vandermonde matrix is factored by Householder QR
 * (A = QR), and w = Q · R^{-T} φ(z_at), φ the monomial vector. Rank-deficient directions get
 * weight 0.
 *
 * @example
 * ```ts
 * import { createWeightScratch, localPolynomialWeights } from "./local_weights.ts";
 * const w = new Float64Array(3);
 * localPolynomialWeights([-1, 0, 1], 1, 0, createWeightScratch(), w);
 * // w ≈ [1/3, 1/3, 1/3]
 * ```
 */
export function localPolynomialWeights(
  u: ArrayLike<number>,
  degree: number,
  at: number,
  scratch: WeightScratch,
  out: Float64Array,
): void {
  const n = u.length;
  const p = degree + 1;
  if (scratch.a.length < n * p) {
    scratch.a = new Float64Array(n * p * 2);
    scratch.hv = new Float64Array(n * p * 2);
  }
  if (scratch.y.length < p) {
    scratch.y = new Float64Array(p);
    scratch.hvNorm2 = new Float64Array(p);
  }
  const { a, hv, hvNorm2, y } = scratch;
  let uMin = Infinity;
  let uMax = -Infinity;
  for (let i = 0; i < n; i++) {
    if (u[i] < uMin) uMin = u[i];
    if (u[i] > uMax) uMax = u[i];
  }
  const mid = (uMin + uMax) / 2;
  const half0 = (uMax - uMin) / 2;
  const half = half0 === 0 ? 1 : half0;
  for (let i = 0; i < n; i++) {
    const z = (u[i] - mid) / half;
    let pow = 1;
    for (let k = 0; k < p; k++) {
      a[k * n + i] = pow;
      pow *= z;
    }
  }
  const steps = Math.min(p, n);
  for (let k = 0; k < steps; k++) {
    const col = k * n;
    const vec = k * n;
    hvNorm2[k] = 0;
    let norm2 = 0;
    for (let i = k; i < n; i++) norm2 += a[col + i] * a[col + i];
    const norm = Math.sqrt(norm2);
    if (norm === 0) continue;
    const alpha = a[col + k] > 0 ? -norm : norm;
    let vNorm2 = 0;
    for (let i = k; i < n; i++) {
      const vi = i === k ? a[col + i] - alpha : a[col + i];
      hv[vec + i] = vi;
      vNorm2 += vi * vi;
    }
    hvNorm2[k] = vNorm2;
    if (vNorm2 === 0) continue;
    for (let j = k; j < p; j++) {
      const cj = j * n;
      let s = 0;
      for (let i = k; i < n; i++) s += hv[vec + i] * a[cj + i];
      const f = (2 * s) / vNorm2;
      for (let i = k; i < n; i++) a[cj + i] -= f * hv[vec + i];
    }
  }
  // Forward substitution R^T y = φ(z_at); R[j][k] = a[k*n + j].
  const zAt = (at - mid) / half;
  const scale = Math.abs(a[0]) || 1;
  let pow = 1;
  for (let k = 0; k < steps; k++) {
    let s = pow;
    for (let j = 0; j < k; j++) s -= a[k * n + j] * y[j];
    const rkk = a[k * n + k];
    y[k] = Math.abs(rkk) <= scale * 1e-14 ? 0 : s / rkk;
    pow *= zAt;
  }
  // w = H_0 H_1 … H_{s−1} [y; 0].
  out.fill(0, 0, n);
  for (let k = 0; k < steps; k++) out[k] = y[k];
  for (let k = steps - 1; k >= 0; k--) {
    const vNorm2 = hvNorm2[k];
    if (vNorm2 === 0) continue;
    const vec = k * n;
    let s = 0;
    for (let i = k; i < n; i++) s += hv[vec + i] * out[i];
    const f = (2 * s) / vNorm2;
    for (let i = k; i < n; i++) out[i] -= f * hv[vec + i];
  }
}
