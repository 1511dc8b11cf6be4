/**
 * The residuals shown in panels 2 and 3 (SPEC §15.2): the gate's residuals with its σ and
 * thresholds, or — when the gate produced none — C − smooth(C), labelled `gate not applied`.
 *
 * @module
 */

import type { ChartData, Series } from "../evaluate/types.ts";
import type { Baseline } from "./baseline.ts";
import { populationStd } from "./numeric.ts";

/** Residual series and reference lines for panels 2–3. */
export interface ResidualView {
  series: Series;
  sigma: number | null;
  lower: number | null;
  upper: number | null;
  gateApplied: boolean;
  /** True for the `price_usd` basis (4-decimal formats). */
  priceBasis: boolean;
  unitsLabel: string;
  /** Extra panel-title note (e.g. the chart-only lookback override). */
  note?: string;
}

const UNIT_LABELS: Readonly<Record<string, string>> = {
  usd: "USD",
  usd_per_hour: "USD/h",
  usd_price: "USD per token",
};

/**
 * Chooses the residuals of panels 2–3.
 *
 * @example
 * ```ts ignore
 * import { residualView } from "./residual_view.ts";
 * import type { Baseline } from "./baseline.ts";
 * import type { ChartData } from "../evaluate/types.ts";
 * declare const chart: ChartData;
 * declare const baseline: Baseline;
 * residualView(chart, baseline).gateApplied; // false when chart.residuals is null
 * ```
 */
export function residualView(chart: ChartData, baseline: Baseline): ResidualView {
  const gate = chart.gate;
  const r = chart.residuals;
  if (r && r.tsMs.length > 0) {
    return {
      series: r,
      sigma: positiveOrNull(gate.sigma),
      lower: finiteOrNull(gate.threshold_lower),
      upper: finiteOrNull(gate.threshold_upper),
      gateApplied: true,
      priceBasis: gate.units === "usd_price",
      unitsLabel: UNIT_LABELS[gate.units] ?? gate.units,
    };
  }
  const sigma = baseline.residuals.length > 0 ? populationStd(baseline.residuals) : Number.NaN;
  return {
    series: { tsMs: baseline.tsMs, values: baseline.residuals },
    sigma: positiveOrNull(sigma),
    lower: null,
    upper: null,
    gateApplied: false,
    priceBasis: false,
    unitsLabel: "USD",
  };
}

/** σ lines at ±0 would only hide the zero line: a σ ≤ 0 is drawn as no σ at all. */
function positiveOrNull(v: number | null): number | null {
  return v !== null && Number.isFinite(v) && v > 0 ? v : null;
}

function finiteOrNull(v: number | null): number | null {
  return v !== null && Number.isFinite(v) ? v : null;
}
