/**
 * Residual gate (SPEC §6.3–§6.5, §23.10): lookback, minimum size, baseline fit, residuals, σ
 * guard, thresholds and sides. Numeric problems are statuses, never exceptions.
 *
 * @module
 */

import type { GateSettings } from "../config/types_gen.ts";
import { fitPolynomial } from "./polyfit.ts";
import { quantileSorted } from "./quantile.ts";
import { lowerBound } from "./search.ts";
import { median, populationStd } from "./stats.ts";
import type { GateBasis, GateResult, GateUnits, Series } from "./types.ts";

const MS_PER_HOUR = 3_600_000;

/** A gate input series: ascending times and parallel values. */
export interface GateSeries {
  /** Ascending times, epoch ms. */
  tsMs: readonly number[];
  /** Values parallel to `tsMs`. */
  values: readonly number[];
}

/** Options of {@link evaluateGate}. */
export interface EvaluateGateOptions {
  /** §6.1 applicability (see `isGateApplicable`); false → status `not_applicable`. */
  applicable: boolean;
}

/** Outcome of {@link evaluateGate}. */
export interface GateEvaluation {
  /** The reported gate fields (§6.5, §23.10). */
  result: GateResult;
  /** Residuals r_i at the retained timestamps; null when none were computed. */
  residuals: Series | null;
}

/**
 * Units reported for a basis (§6.5).
 *
 * @example
 * ```ts
 * import { gateUnits } from "./gate.ts";
 * gateUnits("change_rate_usd"); // "usd_per_hour"
 * ```
 */
export function gateUnits(basis: GateBasis): GateUnits {
  return basis === "corrected_position"
    ? "usd"
    : basis === "change_rate_usd"
    ? "usd_per_hour"
    : "usd_price";
}

/**
 * n_min (§6.3): max(min_points, polynomial_order + 1) for `polynomial_fit`, min_points for
 * `median`.
 *
 * @example
 * ```ts
 * import { gateMinPoints } from "./gate.ts";
 * gateMinPoints({ method: "polynomial_fit", min_points: 3, polynomial_order: 4 }); // 5
 * ```
 */
export function gateMinPoints(
  settings: Pick<GateSettings, "method" | "min_points" | "polynomial_order">,
): number {
  return settings.method === "polynomial_fit"
    ? Math.max(settings.min_points, settings.polynomial_order + 1)
    : settings.min_points;
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/**
 * A gate result carrying the settings and nothing computed: status `not_applicable`.
 *
 * @example
 * ```ts
 * import { notApplicableGate } from "./gate.ts";
 * import { ConfigSchema } from "../config/schema.ts";
 * notApplicableGate(ConfigSchema.parse({}).analysis.decision.gate).status; // "not_applicable"
 * ```
 */
export function notApplicableGate(settings: GateSettings): GateResult {
  return baseResult(settings, false, "not_applicable");
}

/** The gate fields that carry computed values, all cleared (§23.10 `not_applicable`). */
export const CLEARED_GATE_FIELDS: Pick<
  GateResult,
  | "n_points"
  | "n_min"
  | "residual"
  | "sigma"
  | "threshold_lower"
  | "threshold_upper"
  | "triggered"
> = {
  n_points: null,
  n_min: null,
  residual: null,
  sigma: null,
  threshold_lower: null,
  threshold_upper: null,
  triggered: false,
};

function baseResult(
  settings: GateSettings,
  applicable: boolean,
  status: GateResult["status"],
): GateResult {
  return {
    applicable,
    status,
    basis: settings.basis,
    method: settings.method,
    threshold_mode: settings.threshold_mode,
    sides: settings.sides,
    polynomial_order: settings.polynomial_order,
    k_sigma: settings.k_sigma,
    lookback_hours: settings.lookback_hours,
    ...CLEARED_GATE_FIELDS,
    units: gateUnits(settings.basis),
  };
}

/**
 * Runs the residual gate on a basis series (§6.3–§6.5).
 *
 * Lookback keeps points with ts ≥ ts_last − H·3.6e6; n < n_min → `insufficient_data`
 * (residual/σ/thresholds null). Baseline: median, or a least-squares polynomial in hours since
 * the first retained point. σ = population std of the residuals (without the last one when
 * `exclude_last_for_sigma`); σ < sigma_epsilon → `degenerate_sigma` (residual and σ reported,
 * thresholds null). Thresholds ±k·σ (`stddev`) or the §9.3 quantiles at (1 − cc)/2 and
 * 1 − (1 − cc)/2 (`percentile`); strict comparisons; `sides` picks which excursions trigger.
 *
 * @example
 * ```ts
 * import { evaluateGate } from "./gate.ts";
 * import { ConfigSchema } from "../config/schema.ts";
 * const settings = { ...ConfigSchema.parse({}).analysis.decision.gate, enabled: true,
 *   method: "median" as const, min_points: 3 };
 * const h = 3_600_000;
 * const { result } = evaluateGate(
 *   { tsMs: [0, h, 2 * h, 3 * h, 4 * h], values: [1, 2, 1, 2, 9] }, settings, { applicable: true });
 * result.status; // "triggered"
 * ```
 */
export function evaluateGate(
  series: GateSeries,
  settings: GateSettings,
  opts: EvaluateGateOptions,
): GateEvaluation {
  if (!opts.applicable) {
    return { result: baseResult(settings, false, "not_applicable"), residuals: null };
  }
  const all = series.tsMs.length;
  if (series.values.length !== all) {
    throw new RangeError(
      `evaluateGate needs parallel arrays; got ${all} and ${series.values.length}`,
    );
  }
  let start = 0;
  if (settings.lookback_hours !== null && all > 0) {
    start = lowerBound(series.tsMs, series.tsMs[all - 1] - settings.lookback_hours * MS_PER_HOUR);
  }
  const n = all - start;
  const nMin = gateMinPoints(settings);
  const result = baseResult(settings, true, "insufficient_data");
  result.n_points = n;
  result.n_min = nMin;
  if (n < nMin || n < 2) return { result, residuals: null };

  const ts = series.tsMs.slice(start);
  const x = series.values.slice(start);
  let f: ArrayLike<number>;
  if (settings.method === "median") {
    f = new Float64Array(n).fill(median(x));
  } else {
    const h = new Float64Array(n);
    for (let i = 0; i < n; i++) h[i] = (ts[i] - ts[0]) / MS_PER_HOUR;
    f = fitPolynomial(h, x, settings.polynomial_order);
  }
  const r: number[] = new Array(n);
  for (let i = 0; i < n; i++) r[i] = x[i] - f[i];
  const rNow = r[n - 1];
  const est = settings.exclude_last_for_sigma ? r.slice(0, n - 1) : r;
  const sigma = populationStd(est);
  const residuals: Series = { tsMs: ts, values: r };
  result.residual = finiteOrNull(rNow);
  result.sigma = finiteOrNull(sigma);
  if (!(sigma >= settings.sigma_epsilon)) {
    result.status = "degenerate_sigma";
    return { result, residuals };
  }
  let lower: number;
  let upper: number;
  if (settings.threshold_mode === "stddev") {
    lower = -settings.k_sigma * sigma;
    upper = settings.k_sigma * sigma;
  } else {
    const pLo = (1 - settings.central_confidence) / 2;
    const pHi = 1 - pLo;
    const sorted = Float64Array.from(est).sort();
    lower = quantileSorted(sorted, pLo);
    upper = quantileSorted(sorted, pHi);
  }
  const up = rNow > upper;
  const down = rNow < lower;
  const triggered = settings.sides === "both" ? up || down : settings.sides === "upper" ? up : down;
  result.threshold_lower = finiteOrNull(lower);
  result.threshold_upper = finiteOrNull(upper);
  result.triggered = triggered;
  result.status = triggered ? "triggered" : "ok";
  return { result, residuals };
}
