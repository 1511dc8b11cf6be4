/**
 * Deterministic chart data for chart tests, snapshots and benches (no randomness: values are
 * sums of sines, so the same options always give the same ChartData).
 *
 * @module
 */

import type { ChartData, ChartFlow, GateResult } from "../../src/evaluate/types.ts";

/** Options of {@link makeChartFixture}. */
export interface ChartFixtureOptions {
  asset?: string;
  /** Number of snapshots (default 168 = one week hourly). */
  points?: number;
  /** Snapshot spacing (default one hour). */
  stepMs?: number;
  /** First snapshot (default 2025-01-01T00:00:00Z). */
  startMs?: number;
  /** Make the latest residual an outlier and the gate `triggered` (default true). */
  triggered?: boolean;
  /** Gate residuals over the last `lookbackPoints` snapshots (default 48); 0 = no residuals. */
  lookbackPoints?: number;
  /** Gate basis (default corrected_position). */
  basis?: GateResult["basis"];
  /** Trend settings overrides (default: the §2.3 defaults, a global polynomial fit). */
  trend?: Partial<ChartData["trend"]>;
}

const HOUR_MS = 3_600_000;

/**
 * A chart for one asset: V grows slowly with a daily wiggle, one deposit at 1/3 and one
 * withdrawal at 2/3 of the range, C = V without the flows, residuals of the last points.
 */
export function makeChartFixture(opts: ChartFixtureOptions = {}): ChartData {
  const n = opts.points ?? 168;
  const step = opts.stepMs ?? HOUR_MS;
  const start = opts.startMs ?? Date.UTC(2025, 0, 1);
  const triggered = opts.triggered ?? true;
  const look = Math.min(n, opts.lookbackPoints ?? 48);
  const dep = Math.floor(n / 3);
  const wd = Math.floor((2 * n) / 3);
  const flows: ChartFlow[] = [
    { tsMs: start + dep * step - step / 3, amountUsd: 2000, kind: "deposit" },
    { tsMs: start + wd * step - step / 3, amountUsd: -1500, kind: "withdrawal" },
  ];
  const tsMs: number[] = [];
  const v: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = start + i * step;
    const h = (i * step) / HOUR_MS;
    const base = 33_000 + 0.18 * h + 25 * Math.sin((2 * Math.PI * h) / 24) +
      6 * Math.sin(1.7 * i + 0.3) + 3 * Math.cos(0.37 * i);
    const spike = triggered && i === n - 1 ? 420 : 0;
    const flowSum = (i >= dep ? 2000 : 0) + (i >= wd ? -1500 : 0);
    tsMs.push(t);
    c.push(base + spike);
    v.push(base + spike + flowSum);
  }
  const rTs = tsMs.slice(n - look);
  const rVal = rTs.map((_, j) => {
    const i = n - look + j;
    return 9 * Math.sin(1.7 * i + 0.3) + 4 * Math.cos(0.37 * i) +
      (triggered && i === n - 1 ? 410 : 0);
  });
  const est = rVal.slice(0, -1);
  const mean = est.reduce((a, b) => a + b, 0) / Math.max(1, est.length);
  const sigma = look > 1
    ? Math.sqrt(est.reduce((a, b) => a + (b - mean) ** 2, 0) / est.length)
    : null;
  const k = 2;
  const residual = look > 0 ? rVal[rVal.length - 1] : null;
  const gate: GateResult = {
    applicable: true,
    status: look === 0 ? "insufficient_data" : residual! > k * sigma! ? "triggered" : "ok",
    basis: opts.basis ?? "corrected_position",
    method: "polynomial_fit",
    threshold_mode: "stddev",
    sides: "both",
    polynomial_order: 2,
    k_sigma: k,
    lookback_hours: 48,
    n_points: look,
    n_min: 10,
    residual,
    sigma: look > 0 ? sigma : null,
    threshold_lower: look > 0 && sigma !== null ? -k * sigma : null,
    threshold_upper: look > 0 && sigma !== null ? k * sigma : null,
    triggered: look > 0 && residual! > k * sigma!,
    units: opts.basis === "price_usd"
      ? "usd_price"
      : opts.basis === "change_rate_usd"
      ? "usd_per_hour"
      : "usd",
  };
  return {
    asset: opts.asset ?? "djed",
    refMode: "keyword",
    windowStartMs: start,
    windowEndMs: start + (n - 1) * step,
    positions: { tsMs, values: v },
    corrected: { tsMs: [...tsMs], values: c },
    flows,
    gate,
    residuals: look > 0 ? { tsMs: rTs, values: rVal } : null,
    trend: {
      enabled: true,
      method: "polynomial_fit",
      window_type: "polynomial",
      window_size_hours: 24,
      polynomial_order: 2,
      gaussian_std: 0.3,
      ...opts.trend,
    },
  };
}
