/**
 * Panel 2, the residual plot (SPEC §15.2): blue dots, the latest residual as a larger red
 * dot, ±σ orange dashed, thresholds red dashed, a thin zero line.
 *
 * @module
 */

import { finiteExtent, timeAxis, timeScale, valueScale, yAxis } from "./axes.ts";
import { type AggregationOptions, downsampleForDrawing } from "./downsample.ts";
import { dots, whiskers } from "./draw.ts";
import { type LegendItem, panelLegend } from "./legend.ts";
import { panelStart, panelTitleEndPx, placeholder, plotBox } from "./panel_frame.ts";
import type { ResidualView } from "./residual_view.ts";
import { type Box, COLORS, svgLine, valueFormat } from "./svg.ts";

/**
 * Renders the residual panel into its slot.
 *
 * @example
 * ```ts
 * import { residualPanel } from "./panel_residual.ts";
 * import { DEFAULT_AGGREGATION } from "./downsample.ts";
 * const view = {
 *   series: { tsMs: [0, 3_600_000], values: [1, -1] }, sigma: 1, lower: -2, upper: 2,
 *   gateApplied: true, priceBasis: false, unitsLabel: "USD",
 * };
 * residualPanel(view, { x: 0, y: 0, width: 800, height: 300 }, DEFAULT_AGGREGATION);
 * ```
 */
export function residualPanel(view: ResidualView, slot: Box, agg: AggregationOptions): string {
  const box = plotBox(slot);
  const title = `Residuals (${view.unitsLabel})${view.gateApplied ? "" : " — gate not applied"}` +
    (view.note ? ` — ${view.note}` : "");
  const head = panelStart("residual", title, slot);
  const s = view.series;
  const n = s.tsMs.length;
  if (n === 0) return head + placeholder(box, "no data") + "</g>";

  // 2 % of the span on each side, so the first dot and the larger latest dot stay inside.
  const padMs = (s.tsMs[n - 1] - s.tsMs[0]) * 0.02;
  const x = timeScale(s.tsMs[0] - padMs, s.tsMs[n - 1] + padMs, box);
  const sig = view.sigma;
  const y = valueScale(
    finiteExtent([s.values, [0, view.lower, view.upper], sig !== null ? [sig, -sig] : []]),
    box,
    "vertical",
  );
  const xp = (t: number) => x(t);
  const parts: string[] = [head, yAxis(y, box, valueFormat(view.priceBasis)), timeAxis(x, box)];
  const hline = (v: number, stroke: string, cls: string, dash?: string, width = 1.2) =>
    svgLine(box.x, y(v), box.x + box.width, y(v), { stroke, cls, dash, width });

  parts.push(hline(0, COLORS.axis, "zero-line", undefined, 0.7));
  if (sig !== null) {
    parts.push(hline(sig, COLORS.orange, "line sigma", "6,4"));
    parts.push(hline(-sig, COLORS.orange, "line sigma", "6,4"));
  }
  if (view.lower !== null) parts.push(hline(view.lower, COLORS.red, "line threshold", "6,4"));
  if (view.upper !== null) parts.push(hline(view.upper, COLORS.red, "line threshold", "6,4"));

  const drawn = downsampleForDrawing(s, agg);
  if (drawn.kind === "whiskers") {
    parts.push(
      whiskers(drawn.bins, drawn.unitMs, xp, y, { cls: "residuals", stroke: COLORS.blue }),
    );
  } else {
    parts.push(dots(drawn.series, xp, y, { cls: "residuals", fill: COLORS.blue, r: 2.2 }));
  }
  parts.push(dots({ tsMs: [s.tsMs[n - 1]], values: [s.values[n - 1]] }, xp, y, {
    cls: "residual-latest",
    fill: COLORS.red,
    r: 4.5,
  }));

  const items: LegendItem[] = [
    { label: "residual", swatch: "dot", color: COLORS.blue },
    { label: "latest", swatch: "dot", color: COLORS.red },
  ];
  if (sig !== null) items.push({ label: "±σ", swatch: "dashed", color: COLORS.orange });
  if (view.lower !== null || view.upper !== null) {
    items.push({ label: "thresholds", swatch: "dashed", color: COLORS.red });
  }
  parts.push(panelLegend(items, box, panelTitleEndPx(title, slot)));
  parts.push("</g>");
  return parts.join("");
}
