/**
 * The three-panel diagnostic composite (SPEC §15.2): a pure SVG string built from
 * {@link ChartData} with d3 scales and shapes — no DOM, no clock, no random ids.
 *
 * @module
 */

import type { ChartData, GateResult, Series } from "../evaluate/types.ts";
import { computeBaseline } from "./baseline.ts";
import { type AggregationOptions, DEFAULT_AGGREGATION } from "./downsample.ts";
import { escapeXml } from "./escape.ts";
import { applyLookbackOverride, type LookbackOverride } from "./lookback_override.ts";
import { kdePanel } from "./panel_kde.ts";
import { PLOT_LEFT_PX } from "./panel_frame.ts";
import { positionPanel, type ServerBins } from "./panel_position.ts";
import { residualPanel } from "./panel_residual.ts";
import { residualView } from "./residual_view.ts";
import {
  type Box,
  COLORS,
  fitFont,
  FONT_FAMILY,
  svgText,
  textWidthPx,
  valueFormat,
} from "./svg.ts";

/** Options of {@link renderCompositeSvg}. */
export interface CompositeOptions {
  /** Pixels; default 1200. */
  width?: number;
  /** Pixels; default 1000. */
  height?: number;
  /** B ± σ_b band (default true). */
  includeSigmaBand?: boolean;
  /** B ± k·σ_b band (default true). */
  includeKSigmaBand?: boolean;
  /** §15.3 settings (`visualization.diagnostics.aggregation`); missing keys use the defaults. */
  aggregation?: Partial<AggregationOptions>;
  /** Font family named by every text element; default `DejaVu Sans` (§15.4 loads it). */
  fontFamily?: string;
  /**
   * Server-downsampled V bins (§10.6) drawn instead of the raw V line; default
   * `chartData.serverBins` (filled by `resolveChartForDrawing`).
   */
  serverBins?: ServerBins | null;
  /** `lookback_hours_override`: recompute the gate for panels 2–3 only (§15.2). */
  lookbackOverride?: LookbackOverride | null;
}

const HEADER_PX = 58;
const FOOTER_PX = 6;
const PANEL_SHARES = [0.45, 0.27, 0.28] as const;

/**
 * Renders the composite diagnostic chart of one asset as an SVG document (§15.2).
 *
 * @example
 * ```ts
 * import { renderCompositeSvg } from "./composite.ts";
 * const h = 3_600_000;
 * const tsMs = [0, 1, 2, 3, 4].map((i) => i * h);
 * const svg = renderCompositeSvg({
 *   asset: "djed",
 *   refMode: "keyword",
 *   windowStartMs: 0,
 *   windowEndMs: 4 * h,
 *   positions: { tsMs, values: [100, 101, 103, 102, 104] },
 *   corrected: { tsMs, values: [100, 101, 103, 102, 104] },
 *   flows: [{ tsMs: 2 * h, amountUsd: 5, kind: "deposit" }],
 *   gate: {
 *     applicable: true, status: "ok", basis: "corrected_position", method: "polynomial_fit",
 *     threshold_mode: "stddev", sides: "both", polynomial_order: 2, k_sigma: 2,
 *     lookback_hours: null, n_points: 5, n_min: 3, residual: 0.5, sigma: 1,
 *     threshold_lower: -2, threshold_upper: 2, triggered: false, units: "usd",
 *   },
 *   residuals: { tsMs, values: [0.2, -0.5, 1, -1.2, 0.5] },
 *   trend: {
 *     enabled: true, method: "polynomial_fit", window_type: "polynomial",
 *     window_size_hours: 24, polynomial_order: 2, gaussian_std: 0.3,
 *   },
 * }, { width: 1200, height: 1000 });
 * console.assert(svg.startsWith("<svg") && svg.includes('class="flow deposit"'));
 * ```
 */
export function renderCompositeSvg(data: ChartData, opts: CompositeOptions = {}): string {
  const width = checkSize("width", opts.width ?? 1200);
  const height = checkSize("height", opts.height ?? 1000);
  const agg: AggregationOptions = { ...DEFAULT_AGGREGATION, ...opts.aggregation };
  const chart: ChartData = {
    ...data,
    positions: cleanSeries(data.positions),
    corrected: cleanSeries(data.corrected),
    residuals: data.residuals ? cleanSeries(data.residuals) : null,
    flows: data.flows.filter((f) => Number.isFinite(f.tsMs) && Number.isFinite(f.amountUsd)),
  };
  const baseline = computeBaseline(chart);
  const override = opts.lookbackOverride ?? null;
  const panelsChart = override ? applyLookbackOverride(chart, override) : chart;
  const view = residualView(panelsChart, baseline);
  if (panelsChart !== chart && override) view.note = `chart lookback ${override.lookbackHours}h`;

  const plotH = Math.max(30, height - HEADER_PX - FOOTER_PX);
  const slotsFrom = (left: number): Box[] => {
    const out: Box[] = [];
    let top = HEADER_PX;
    for (const share of PANEL_SHARES) {
      out.push({ x: left, y: top, width: width - left, height: plotH * share });
      top += plotH * share;
    }
    return out;
  };
  const drawPanels = (slots: Box[]): string[] => [
    positionPanel({
      chart,
      baseline,
      slot: slots[0],
      aggregation: agg,
      includeSigmaBand: opts.includeSigmaBand ?? true,
      includeKSigmaBand: opts.includeKSigmaBand ?? true,
      serverBins: opts.serverBins ?? chart.serverBins ?? null,
    }),
    residualPanel(view, slots[1], agg),
    kdePanel(view, slots[2]),
  ];
  let panels = drawPanels(slotsFrom(0));
  // Wide y labels (millions of USD) need more than the default left margin: shift every
  // panel right by the same amount so the plots stay aligned and no label is clipped.
  const extra = Math.ceil(yLabelRoomPx(panels.join("")) - PLOT_LEFT_PX);
  if (extra > 0 && width - extra >= 200) panels = drawPanels(slotsFrom(extra));

  const gate = chart.gate;
  const status = gateStatus(gate);
  const title = chartTitle(chart);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">`,
    `<rect class="background" x="0" y="0" width="${width}" height="${height}" fill="white"/>`,
    svgText(width / 2, 24, title, {
      size: fitFont(title, width, 17),
      anchor: "middle",
      cls: "title",
    }),
    svgText(width / 2, 45, status.text, {
      size: fitFont(status.text, width, 13),
      anchor: "middle",
      fill: status.color,
      cls: `gate-status gate-${gate.status}`,
    }),
    ...panels,
    "</svg>",
  ];
  const svg = parts.join("\n");
  const family = opts.fontFamily;
  if (family === undefined || family === FONT_FAMILY) return svg;
  return svg.replaceAll(`font-family="${FONT_FAMILY}"`, `font-family="${escapeXml(family)}"`);
}

/**
 * The chart title of §15.2.
 *
 * @example
 * ```ts
 * import { chartTitle } from "./composite.ts";
 * import type { ChartData } from "../evaluate/types.ts";
 * const chart = {
 *   asset: "djed",
 *   refMode: "keyword",
 *   gate: { basis: "corrected_position", lookback_hours: 48 },
 * } as ChartData;
 * console.assert(
 *   chartTitle(chart) ===
 *     "Residual gate diagnostic — DJED (ref=keyword, basis=corrected_position, lookback=48h)",
 * );
 * ```
 */
export function chartTitle(chart: ChartData): string {
  const h = chart.gate.lookback_hours;
  const lookback = h === null || !Number.isFinite(h) ? "all" : `${h}h`;
  return `Residual gate diagnostic — ${chart.asset.toUpperCase()} ` +
    `(ref=${chart.refMode}, basis=${chart.gate.basis}, lookback=${lookback})`;
}

/**
 * The one-line gate status printed under the title, with its colour.
 *
 * @example
 * ```ts
 * import { gateStatus } from "./composite.ts";
 * import type { GateResult } from "../evaluate/types.ts";
 * const gate = {
 *   status: "triggered", units: "usd", residual: 398.57, sigma: 25.69, k_sigma: 2,
 *   n_points: 49, threshold_lower: -51.38, threshold_upper: 51.38,
 * } as GateResult;
 * console.assert(
 *   gateStatus(gate).text ===
 *     "Gate: TRIGGERED — residual 398.57 outside [−51.38, 51.38] (σ 25.69, k 2, n 49)",
 * );
 * ```
 */
export function gateStatus(gate: GateResult): { text: string; color: string } {
  const fmt = valueFormat(gate.units === "usd_price");
  const f = (v: number | null) => (v === null || !Number.isFinite(v) ? "n/a" : fmt(v));
  const tail = `(σ ${f(gate.sigma)}, k ${gate.k_sigma}, n ${gate.n_points ?? "n/a"})`;
  const band = `[${f(gate.threshold_lower)}, ${f(gate.threshold_upper)}]`;
  switch (gate.status) {
    case "triggered":
      return {
        text: `Gate: TRIGGERED — residual ${f(gate.residual)} outside ${band} ${tail}`,
        color: COLORS.red,
      };
    case "ok":
      return {
        text: `Gate: ok — residual ${f(gate.residual)} within ${band} ${tail}`,
        color: COLORS.green,
      };
    case "insufficient_data":
      return {
        text: `Gate: insufficient data — n ${gate.n_points ?? 0} < n_min ${gate.n_min ?? "n/a"}`,
        color: COLORS.muted,
      };
    case "degenerate_sigma":
      return {
        text: `Gate: degenerate σ — residual ${f(gate.residual)}, σ ${
          f(gate.sigma)
        } below sigma_epsilon`,
        color: COLORS.muted,
      };
    case "not_applicable":
      return { text: "Gate: not applicable", color: COLORS.muted };
  }
}

/** Px left of the plot box the widest y-axis label needs (label 7 px off the axis + 4 px). */
function yLabelRoomPx(svg: string): number {
  let widest = 0;
  for (const axis of svg.matchAll(/<g class="axis axis-y">(.*?)<\/g>/g)) {
    for (const label of axis[1].matchAll(/text-anchor="end"[^>]*>([^<]*)</g)) {
      widest = Math.max(widest, textWidthPx(label[1], 11));
    }
  }
  return widest + 11;
}

function checkSize(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 100 || v > 10_000) {
    throw new RangeError(`Chart ${name} must be an integer in [100, 10000]; got ${v}`);
  }
  return v;
}

/** Keeps finite points only and guarantees ascending time. */
function cleanSeries(s: Series): Series {
  const n = Math.min(s.tsMs.length, s.values.length);
  let clean = n === s.tsMs.length && n === s.values.length;
  for (let i = 0; clean && i < n; i++) {
    if (!Number.isFinite(s.tsMs[i]) || !Number.isFinite(s.values[i])) clean = false;
    else if (i > 0 && s.tsMs[i] < s.tsMs[i - 1]) clean = false;
  }
  if (clean) return s;
  const idx: number[] = [];
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(s.tsMs[i]) && Number.isFinite(s.values[i])) idx.push(i);
  }
  idx.sort((a, b) => s.tsMs[a] - s.tsMs[b] || a - b);
  return { tsMs: idx.map((i) => s.tsMs[i]), values: idx.map((i) => s.values[i]) };
}
