/**
 * Flow attribution of the reference model (SPEC §5.2, §5.3 detect_spike), written naively from
 * the SPEC text; no code shared with `src/evaluate`.
 */

/** The six alignment methods of §5.2. */
export type ModelMethod =
  | "none"
  | "right_open"
  | "snap_to_next_pos"
  | "snap_to_prev_pos"
  | "snap_to_nearest_pos"
  | "detect_spike";

/** §9.1 median. */
function median(xs: number[]): number {
  const s = [...xs];
  // simple insertion sort, deliberately naive
  for (let i = 1; i < s.length; i++) {
    let j = i;
    while (j > 0 && s[j - 1] > s[j]) {
      const t = s[j];
      s[j] = s[j - 1];
      s[j - 1] = t;
      j--;
    }
  }
  const n = s.length;
  if (n % 2 === 1) return s[(n - 1) / 2];
  return (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** §9.2 population std, two-pass. */
function popStd(xs: number[]): number {
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / xs.length;
  let sq = 0;
  for (const x of xs) sq += (x - mean) * (x - mean);
  return Math.sqrt(sq / xs.length);
}

/**
 * §5.3 detect_spike: index for a flow of `kind` with signed USD amount `a` at time `tau`
 * (τ ≤ s_m).
 */
function detectSpike(
  ts: number[],
  p: number[],
  tau: number,
  a: number,
  kind: "deposit" | "withdrawal",
): number {
  const m = ts.length - 1;
  let b = -1;
  for (let i = 0; i <= m; i++) {
    if (ts[i] >= tau) {
      b = i;
      break;
    }
  }
  if (b === 0) return 0;
  const delta: number[] = [NaN];
  for (let k = 1; k <= m; k++) delta.push(p[k] - p[k - 1]);
  const lo = Math.max(1, b - 8);
  const hi = Math.min(m, b + 8);
  const L: number[] = [];
  for (let k = lo; k <= hi; k++) L.push(delta[k]);
  const med = median(L);
  const absDev: number[] = [];
  for (const x of L) absDev.push(Math.abs(x - med));
  const mad = median(absDev);
  let scale: number;
  if (mad > 0) scale = 1.4826 * mad;
  else {
    const sd = popStd(L);
    scale = sd > 0 ? sd : 1;
  }
  const sgn = kind === "deposit" ? 1 : -1;
  const mag = Math.abs(a);
  const passes = mag > 0 ? [true, false] : [false];
  for (const useBand of passes) {
    let best = -1;
    let bestDist = Infinity;
    let bestAbsZ = -Infinity;
    for (let k = lo; k <= hi; k++) {
      const z = (delta[k] - med) / scale;
      if (!(sgn * delta[k] > 0)) continue;
      if (!(Math.abs(z) >= 3.0)) continue;
      if (useBand) {
        const ratio = Math.abs(delta[k]) / mag;
        if (!(ratio >= 0.3 && ratio <= 1.5)) continue;
      }
      const dist = Math.abs(k - b);
      const az = Math.abs(z);
      // k ascends, so strict comparisons keep the smallest k on full ties.
      if (dist < bestDist || (dist === bestDist && az > bestAbsZ)) {
        best = k;
        bestDist = dist;
        bestAbsZ = az;
      }
    }
    if (best >= 0) return best;
  }
  const fwdHi = Math.min(m, b + 24);
  for (let k = b; k <= fwdHi; k++) {
    if (k < 1) continue;
    if (Math.abs(delta[k]) > 1e-9 && sgn * delta[k] > 0) return k;
  }
  return b;
}

/** §5.2: the index j in 0..m of a flow at `f.ts` with signed USD amount `a`, or -1 (deferred). */
export function attribute(
  ts: number[],
  p: number[],
  f: { ts: number; kind: "deposit" | "withdrawal" },
  a: number,
  method: ModelMethod,
): number {
  const tau = f.ts;
  const m = ts.length - 1;
  if (tau > ts[m]) return -1;
  if (method === "none" || method === "snap_to_next_pos") {
    for (let i = 0; i <= m; i++) if (ts[i] >= tau) return i;
    return -1;
  }
  if (method === "right_open") {
    for (let i = 0; i <= m; i++) if (ts[i] > tau) return i;
    return -1;
  }
  if (method === "snap_to_prev_pos") {
    let j = 0;
    for (let i = 0; i <= m; i++) if (ts[i] <= tau) j = i;
    return j;
  }
  if (method === "snap_to_nearest_pos") {
    let j = 0;
    let best = Infinity;
    for (let i = 0; i <= m; i++) {
      const d = Math.abs(ts[i] - tau);
      if (d <= best) { // ties go to the larger i
        best = d;
        j = i;
      }
    }
    return j;
  }
  return detectSpike(ts, p, tau, a, f.kind);
}
