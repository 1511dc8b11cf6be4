/**
 * Panel 3, the residual density (SPEC §15.2, §9.5): Gaussian KDE of the panel-2 residuals,
 * the latest residual as a red line, ±σ orange dashed, thresholds red dashed.
 *
 * @module
 */

import { finiteExtent, linearXAxis, valueScale, yAxis } from "./axes.ts";
import { scaleLinear } from "./d3.ts";
import { pathLine } from "./draw.ts";
import { type LegendItem, panelLegend } from "./legend.ts";
import { gaussianKde } from "./numeric.ts";
import { panelStart, panelTitleEndPx, placeholder, plotBox } from "./panel_frame.ts";
import type { ResidualView } from "./residual_view.ts";
import { type Box, COLORS, svgLine, valueFormat } from "./svg.ts";

/** Text shown when the KDE is skipped (§9.5: n < 2 or σ ≤ 0). */
export const KDE_SKIPPED_TEXT = "not enough data for a density estimate";

/**
 * Renders the KDE panel into its slot.
 *
 * @example
 * ```ts
 * import { kdePanel } from "./panel_kde.ts";
 * const view = {
 *   series: { tsMs: [0, 1, 2], values: [1, -1, 0] }, sigma: 0.8, lower: -2, upper: 2,
 *   gateApplied: true, priceBasis: false, unitsLabel: "USD",
 * };
 * kdePanel(view, { x: 0, y: 0, width: 800, height: 300 }).includes('class="kde"'); // true
 * ```
 */
export function kdePanel(view: ResidualView, slot: Box): string {
  const box = plotBox(slot);
  const title = `Residual density (Gaussian KDE, ${view.unitsLabel})`;
  const head = panelStart("kde", title, slot);
  const r = view.series.values;
  if (r.length === 0) return head + placeholder(box, "no data") + "</g>";
  const kde = gaussianKde(r, { thresholds: [view.lower, view.upper] });
  if (!kde) return head + placeholder(box, KDE_SKIPPED_TEXT) + "</g>";

  const sig = view.sigma;
  const latest = r[r.length - 1];
  const x = valueScale(
    finiteExtent([kde.grid, [latest, view.lower, view.upper], sig !== null ? [sig, -sig] : []]),
    box,
    "horizontal",
    0,
  );
  const [, dMax] = finiteExtent([kde.density]);
  // Densities start at 0: pad the top only.
  const y = scaleLinear().domain([0, dMax > 0 ? dMax * 1.08 : 1])
    .range([box.y + box.height, box.y]).nice(5);
  const fmt = valueFormat(view.priceBasis);
  const parts: string[] = [head, yAxis(y, box, y.tickFormat(5)), linearXAxis(x, box, fmt)];
  parts.push(pathLine(kde.grid, kde.density, x, y, { cls: "kde", stroke: COLORS.blue, width: 2 }));
  const vline = (v: number, stroke: string, cls: string, dash?: string, width = 1.2) =>
    svgLine(x(v), box.y, x(v), box.y + box.height, { stroke, cls, dash, width });
  if (sig !== null) {
    parts.push(vline(sig, COLORS.orange, "line sigma", "6,4"));
    parts.push(vline(-sig, COLORS.orange, "line sigma", "6,4"));
  }
  if (view.lower !== null) parts.push(vline(view.lower, COLORS.red, "line threshold", "6,4"));
  if (view.upper !== null) parts.push(vline(view.upper, COLORS.red, "line threshold", "6,4"));
  parts.push(vline(latest, COLORS.red, "kde-latest", undefined, 2));

  const items: LegendItem[] = [
    { label: "density", swatch: "line", color: COLORS.blue },
    { label: `latest ${fmt(latest)}`, swatch: "line", color: COLORS.red },
  ];
  if (sig !== null) items.push({ label: "±σ", swatch: "dashed", color: COLORS.orange });
  if (view.lower !== null || view.upper !== null) {
    items.push({ label: "thresholds", swatch: "dashed", color: COLORS.red });
  }
  parts.push(panelLegend(items, box, panelTitleEndPx(title, slot)));
  parts.push("</g>");
  return parts.join("");
}
