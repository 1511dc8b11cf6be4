/**
 * `visualization.diagnostics.lookback_hours_override` (SPEC §15.2): the chart recomputes the
 * gate with the same settings and another lookback for panels 2–3 only; the decision and the
 * published gate result are unaffected.
 *
 * @module
 */

import type { GateSettings } from "../config/mod.ts";
import { evaluateGate, gateSeriesForBasis } from "../evaluate/mod.ts";
import type { ChartData } from "../evaluate/types.ts";

/** What the override needs: the hours and the asset's effective gate settings. */
export interface LookbackOverride {
  /** `lookback_hours_override` in hours, used for chart panels 2–3 only (§15.2). */
  lookbackHours: number;
  /** Effective gate settings of the asset (`effectiveGate(config, asset)`). */
  gateSettings: GateSettings;
}

/**
 * The chart data with the gate recomputed at the override lookback, or the input unchanged
 * when that is impossible: the gate did not apply, or the basis is `price_usd` and the chart
 * data carries no `gatePriceSeries`.
 *
 * @example
 * ```ts ignore
 * import { applyLookbackOverride } from "./lookback_override.ts";
 * import type { ChartData } from "../evaluate/types.ts";
 * import type { GateSettings } from "../config/mod.ts";
 * declare const chart: ChartData;
 * declare const gateSettings: GateSettings;
 * const view = applyLookbackOverride(chart, { lookbackHours: 24, gateSettings });
 * view.gate.lookback_hours; // 24 when recomputed
 * ```
 */
export function applyLookbackOverride(chart: ChartData, override: LookbackOverride): ChartData {
  const basis = chart.gate.basis;
  if (!chart.gate.applicable) return chart;
  if (basis === "price_usd" && !chart.gatePriceSeries) return chart;
  if (!(override.lookbackHours > 0) || !Number.isFinite(override.lookbackHours)) {
    throw new RangeError(`lookback override must be > 0 hours; got ${override.lookbackHours}`);
  }
  const series = gateSeriesForBasis(
    basis,
    { tsMs: chart.corrected.tsMs, corrected: chart.corrected.values },
    chart.gatePriceSeries ?? undefined,
  );
  const settings: GateSettings = {
    ...override.gateSettings,
    basis,
    lookback_hours: override.lookbackHours,
  };
  const evaluated = evaluateGate(series, settings, { applicable: true });
  return { ...chart, gate: evaluated.result, residuals: evaluated.residuals };
}
