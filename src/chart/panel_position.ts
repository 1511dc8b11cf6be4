/**
 * Panel 1, the position view (SPEC §15.2): raw V (blue), smoothed baseline B (orange dashed),
 * deposits ▲ / withdrawals ▼ at V(τ), bands B ± σ_b and B ± k·σ_b.
 *
 * @module
 */

import type { ChartData, ChartFlow, Series } from "../evaluate/types.ts";
import { finiteExtent, timeAxis, timeScale, valueScale, yAxis } from "./axes.ts";
import { type Baseline, interpolateAt } from "./baseline.ts";
import { type AggregationOptions, downsampleForDrawing, TIME_UNIT_MS } from "./downsample.ts";
import {
  dots,
  pathBand,
  pathLine,
  rawPointOverlay,
  serverWhiskers,
  triangle,
  whiskers,
} from "./draw.ts";
import { escapeXml } from "./escape.ts";
import { type LegendItem, panelLegend } from "./legend.ts";
import { lttbIndices } from "./numeric.ts";
import { panelStart, panelTitleEndPx, placeholder, plotBox } from "./panel_frame.ts";
import type { ServerBin } from "./server_downsample.ts";
import { type Box, COLORS, formatUsd } from "./svg.ts";

/** Server-side bins replacing the raw V drawing (§10.6). */
export interface ServerBins {
  /** Bin width in seconds. */
  binSeconds: number;
  /** Bins in ascending bucket order. */
  bins: ServerBin[];
}

/** Inputs of {@link positionPanel}. */
export interface PositionPanelInput {
  chart: ChartData;
  baseline: Baseline;
  slot: Box;
  aggregation: AggregationOptions;
  includeSigmaBand: boolean;
  includeKSigmaBand: boolean;
  serverBins: ServerBins | null;
}

const BAND_MAX_POINTS = 500;
const isoFormat = (ms: number): string => new Date(ms).toISOString();

/**
 * Renders the position view into its slot.
 *
 * @example
 * ```ts ignore
 * import { positionPanel } from "./panel_position.ts";
 * import type { PositionPanelInput } from "./panel_position.ts";
 * declare const input: PositionPanelInput;
 * positionPanel(input).startsWith('<g class="panel panel-position">'); // true
 * ```
 */
export function positionPanel(input: PositionPanelInput): string {
  const { chart, baseline, slot, aggregation: agg } = input;
  const box = plotBox(slot);
  const title = "Position view: raw value V and smoothed baseline (USD)";
  const head = panelStart("position", title, slot);
  // A plot range (§15.1, absent for `inherit`) fixes the x domain; every layer is clipped to it.
  const range = plotRange(chart);
  const inRange = (t: number) => range === null || (t >= range[0] && t <= range[1]);
  const v = range === null ? chart.positions : clipToRange(chart.positions, range);
  const server = input.serverBins && input.serverBins.bins.length > 0 ? input.serverBins : null;
  if (v.tsMs.length === 0 && !server) return head + placeholder(box, "no data") + "</g>";

  const showBaseline = chart.trend.enabled && baseline.tsMs.length > 0;
  const k = chart.gate.k_sigma;
  const sigma = baseline.sigmaB;
  const bands = showBaseline && sigma !== null
    ? { sigma: input.includeSigmaBand, kSigma: input.includeKSigmaBand && k > 0 }
    : { sigma: false, kSigma: false };
  const bAll = showBaseline ? lttbIndices(baseline.tsMs, baseline.values, agg.max_points) : [];
  const bIdx = range === null ? bAll : bAll.filter((i) => inRange(baseline.tsMs[i]));
  const bTs = bIdx.map((i) => baseline.tsMs[i]);
  const bVal = bIdx.map((i) => baseline.values[i]);
  // Bands are filled shapes of constant width around B: a coarser outline looks the same
  // and keeps the markup small.
  const bandIdx =
    (showBaseline
      ? lttbIndices(baseline.tsMs, baseline.values, Math.min(agg.max_points, BAND_MAX_POINTS))
      : []).filter((i) => inRange(baseline.tsMs[i]));
  const bandTs = bandIdx.map((i) => baseline.tsMs[i]);
  const bandSpan = (mult: number) => ({
    lower: bandIdx.map((i) => baseline.values[i] - mult * (sigma ?? 0)),
    upper: bandIdx.map((i) => baseline.values[i] + mult * (sigma ?? 0)),
  });
  const sBand = bandSpan(1);
  const kBand = bandSpan(k);

  const binMs = server ? server.binSeconds * 1000 : 0;
  const serverTs = server ? server.bins.flatMap((b) => [b.bucketMs, b.bucketMs + binMs]) : [];
  const [x0, x1] = finiteExtent([v.tsMs, bTs, serverTs, range ?? []]);
  const x = timeScale(x0, x1, box);
  const ext = finiteExtent([
    v.values,
    bVal,
    bands.sigma ? [...sBand.lower, ...sBand.upper] : [],
    bands.kSigma ? [...kBand.lower, ...kBand.upper] : [],
    server ? server.bins.flatMap((b) => [b.min, b.max]) : [],
  ]);
  const y = valueScale(ext, box, "vertical");
  const xp = (t: number) => x(t);

  const parts: string[] = [head, yAxis(y, box, formatUsd), timeAxis(x, box)];
  if (bands.kSigma) {
    parts.push(pathBand(bandTs, kBand.lower, kBand.upper, xp, y, {
      cls: "band k-sigma",
      fill: COLORS.red,
      opacity: 0.08,
    }));
  }
  if (bands.sigma) {
    parts.push(pathBand(bandTs, sBand.lower, sBand.upper, xp, y, {
      cls: "band sigma",
      fill: COLORS.orange,
      opacity: 0.15,
    }));
  }

  let rawLabel = "V (raw)";
  if (server) {
    parts.push(serverWhiskers(server.bins, binMs, xp, y, COLORS.blue));
    parts.push(pathLine(
      server.bins.map((b) => b.bucketMs + binMs / 2),
      server.bins.map((b) => b.avg),
      xp,
      y,
      { cls: "raw-value", stroke: COLORS.blue },
    ));
    rawLabel = `V (server bins ${unitLabel(binMs)}: min–max, mean)`;
  } else {
    const drawn = downsampleForDrawing(v, agg);
    if (drawn.kind === "whiskers") {
      parts.push(
        whiskers(drawn.bins, drawn.unitMs, xp, y, { cls: "raw-value", stroke: COLORS.blue }),
      );
      parts.push(pathLine(drawn.bins.map((b) => b.centerMs), drawn.bins.map((b) => b.p[2]), xp, y, {
        cls: "raw-value",
        stroke: COLORS.blue,
      }));
      rawLabel = `V (${unitLabel(drawn.unitMs)} bins: p${agg.percentiles.join("/")})`;
    } else {
      parts.push(pathLine(drawn.series.tsMs, drawn.series.values, xp, y, {
        cls: "raw-value",
        stroke: COLORS.blue,
      }));
      // A one-point line draws nothing: mark the lone snapshot.
      if (drawn.series.tsMs.length === 1) {
        parts.push(dots(drawn.series, xp, y, { cls: "raw-value-point", fill: COLORS.blue, r: 3 }));
      }
    }
  }
  if (agg.show_raw_points && v.tsMs.length > 0) parts.push(rawPointOverlay(v, xp, y, COLORS.blue));
  if (showBaseline) {
    parts.push(pathLine(bTs, bVal, xp, y, {
      cls: "baseline",
      stroke: COLORS.orange,
      dash: "6,4",
      width: 2,
    }));
  }
  const flows = range === null ? chart.flows : chart.flows.filter((f) => inRange(f.tsMs));
  parts.push(flowMarkers(flows, chart, xp, y));

  const items: LegendItem[] = [{ label: rawLabel, swatch: "line", color: COLORS.blue }];
  if (showBaseline) {
    items.push({ label: "baseline B (smoothed)", swatch: "dashed", color: COLORS.orange });
  }
  if (bands.sigma) {
    items.push({ label: "B ± σ", swatch: "band", color: COLORS.orange, opacity: 0.3 });
  }
  if (bands.kSigma) {
    items.push({ label: `B ± ${k}σ`, swatch: "band", color: COLORS.red, opacity: 0.2 });
  }
  if (flows.some((f) => f.kind === "deposit")) {
    items.push({ label: "deposit", swatch: "up", color: COLORS.green });
  }
  if (flows.some((f) => f.kind === "withdrawal")) {
    items.push({ label: "withdrawal", swatch: "down", color: COLORS.red });
  }
  parts.push(panelLegend(items, box, panelTitleEndPx(title, slot)));
  parts.push("</g>");
  return parts.join("");
}

function clipToRange(s: Series, range: [number, number]): Series {
  const tsMs: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < s.tsMs.length; i++) {
    if (s.tsMs[i] >= range[0] && s.tsMs[i] <= range[1]) {
      tsMs.push(s.tsMs[i]);
      values.push(s.values[i]);
    }
  }
  return { tsMs, values };
}

function plotRange(chart: ChartData): [number, number] | null {
  const a = chart.plotStartMs;
  const b = chart.plotEndMs;
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b)) {
    return null;
  }
  return a < b ? [a, b] : null;
}

function flowMarkers(
  flows: readonly ChartFlow[],
  chart: ChartData,
  x: (t: number) => number,
  y: (v: number) => number,
): string {
  const parts: string[] = [];
  for (const f of flows) {
    const cx = x(f.tsMs);
    const cy = y(interpolateAt(chart.positions, f.tsMs));
    if (!Number.isFinite(cx) || !Number.isFinite(cy)) continue;
    const up = f.kind === "deposit";
    const tip = `${f.kind} $${formatUsd(Math.abs(f.amountUsd))} at ${isoFormat(f.tsMs)}`;
    parts.push(
      `<path class="flow ${f.kind}" d="${triangle(cx, cy, up ? "up" : "down", 6)}" ` +
        `fill="${up ? COLORS.green : COLORS.red}" stroke="white" stroke-width="0.8">` +
        `<title>${escapeXml(tip)}</title></path>`,
    );
  }
  return `<g class="flows">${parts.join("")}</g>`;
}

function unitLabel(unitMs: number): string {
  for (const [name, ms] of Object.entries(TIME_UNIT_MS)) if (ms === unitMs) return name;
  if (unitMs % 3_600_000 === 0) return `${unitMs / 3_600_000}h`;
  if (unitMs % 60_000 === 0) return `${unitMs / 60_000}min`;
  return `${unitMs / 1000}s`;
}
