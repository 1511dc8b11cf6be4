/**
 * Hand-built axes from d3 scale ticks (SPEC §15.2): ≈6 UTC time ticks `%m-%d %H:%M`, 5 nice
 * value ticks, light grid lines.
 *
 * @module
 */

import type { ScaleLinear, ScaleTime } from "./d3.ts";
import { scaleLinear, scaleUtc } from "./d3.ts";
import { utcFormat } from "./d3.ts";
import { coord } from "./escape.ts";
import { type Box, COLORS, svgLine, svgText, textWidthPx } from "./svg.ts";

const TIME_FORMAT = utcFormat("%m-%d %H:%M");
const MS_PER_HOUR = 3_600_000;

/**
 * A UTC time scale over [startMs, endMs] onto the box's width; a zero-length domain is widened
 * by one hour each side so a single point sits in the middle.
 *
 * @example
 * ```ts
 * import { timeScale } from "./axes.ts";
 * const x = timeScale(0, 3_600_000, { x: 0, y: 0, width: 100, height: 50 });
 * x(new Date(1_800_000)); // 50
 * ```
 */
export function timeScale(startMs: number, endMs: number, box: Box): ScaleTime<number, number> {
  let lo = startMs;
  let hi = endMs;
  if (!(hi > lo)) {
    lo -= MS_PER_HOUR;
    hi += MS_PER_HOUR;
  }
  return scaleUtc().domain([new Date(lo), new Date(hi)]).range([box.x, box.x + box.width]);
}

/**
 * A linear value scale onto the box (top = high values), padded 5 % and `.nice(5)`d; a
 * zero-length domain is widened so the scale never divides by zero.
 *
 * @example
 * ```ts
 * import { valueScale } from "./axes.ts";
 * const y = valueScale([0, 100], { x: 0, y: 0, width: 100, height: 50 }, "vertical");
 * y.domain(); // [-10, 110]
 * ```
 */
export function valueScale(
  extent: [number, number],
  box: Box,
  orientation: "vertical" | "horizontal",
  padFraction = 0.05,
): ScaleLinear<number, number> {
  let [lo, hi] = extent;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1];
  if (!(hi > lo)) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.01;
    lo -= pad;
    hi += pad;
  } else {
    const pad = (hi - lo) * padFraction;
    lo -= pad;
    hi += pad;
  }
  const range = orientation === "vertical"
    ? [box.y + box.height, box.y]
    : [box.x, box.x + box.width];
  return scaleLinear().domain([lo, hi]).range(range).nice(orientation === "vertical" ? 5 : 6);
}

/**
 * The extent of finite numbers (ignores NaN/±Infinity/null); `[NaN, NaN]` when none.
 *
 * @example
 * ```ts
 * import { finiteExtent } from "./axes.ts";
 * finiteExtent([[3, Number.NaN, 1], [null, 7]]); // [1, 7]
 * ```
 */
export function finiteExtent(groups: ArrayLike<number | null>[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const g of groups) {
    for (let i = 0; i < g.length; i++) {
      const v = g[i];
      if (v === null || !Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : [Number.NaN, Number.NaN];
}

/**
 * Bottom time axis: grid lines, tick marks and `%m-%d %H:%M` labels (UTC).
 *
 * @example
 * ```ts
 * import { timeAxis, timeScale } from "./axes.ts";
 * const box = { x: 0, y: 0, width: 600, height: 100 };
 * timeAxis(timeScale(0, 86_400_000, box), box).includes("01-01 12:00"); // true
 * ```
 */
export function timeAxis(scale: ScaleTime<number, number>, box: Box): string {
  // ≈6 ticks, fewer when labels (≈70 px) would collide.
  const ticks = scale.ticks(Math.max(2, Math.min(6, Math.floor(box.width / 110))));
  return bottomAxis(ticks.map((d) => [scale(d), TIME_FORMAT(d)]), box, "axis axis-x");
}

/**
 * Bottom axis of a linear scale (the KDE panel's residual axis), ≈6 ticks.
 *
 * @example
 * ```ts
 * import { linearXAxis, valueScale } from "./axes.ts";
 * const box = { x: 0, y: 0, width: 600, height: 100 };
 * linearXAxis(valueScale([0, 10], box, "horizontal"), box, String);
 * ```
 */
export function linearXAxis(
  scale: ScaleLinear<number, number>,
  box: Box,
  fmt: (v: number) => string,
): string {
  const count = Math.max(2, Math.min(6, Math.floor(box.width / 90)));
  return bottomAxis(scale.ticks(count).map((v) => [scale(v), fmt(v)]), box, "axis axis-x");
}

/**
 * Left value axis with ≈5 nice ticks and horizontal grid lines.
 *
 * @example
 * ```ts
 * import { valueScale, yAxis } from "./axes.ts";
 * const box = { x: 80, y: 0, width: 600, height: 100 };
 * yAxis(valueScale([0, 10], box, "vertical"), box, String);
 * ```
 */
export function yAxis(
  scale: ScaleLinear<number, number>,
  box: Box,
  fmt: (v: number) => string,
): string {
  const parts: string[] = [`<g class="axis axis-y">`];
  let lastY = Infinity;
  for (const v of scale.ticks(Math.max(2, Math.min(5, Math.floor(box.height / 30))))) {
    const y = scale(v);
    // Labels are ≈11 px high: skip a tick that would overlap the previous label.
    if (Math.abs(lastY - y) < 14) continue;
    lastY = y;
    parts.push(svgLine(box.x, y, box.x + box.width, y, { stroke: COLORS.grid, cls: "grid" }));
    parts.push(svgLine(box.x - 4, y, box.x, y, { stroke: COLORS.axis }));
    parts.push(svgText(box.x - 7, y + 4, fmt(v), { size: 11, anchor: "end" }));
  }
  parts.push(svgLine(box.x, box.y, box.x, box.y + box.height, { stroke: COLORS.axis }));
  parts.push(`</g>`);
  return parts.join("");
}

/** Room a bottom-axis label may use beyond the plot box: panels leave ≥ 24 px right, ≥ 84 left. */
const OVERHANG_RIGHT_PX = 22;
const OVERHANG_LEFT_PX = 80;

/**
 * Where a label centred under tick `x` goes so that it stays inside the chart: the centre,
 * or — for an end tick whose label would stick out — the label's edge at the limit.
 *
 * @example
 * ```ts
 * import { labelPlacement } from "./axes.ts";
 * const box = { x: 84, y: 0, width: 1092, height: 100 };
 * labelPlacement(630, 60, box); // { x: 630, anchor: "middle" }
 * labelPlacement(1176, 60, box); // { x: 1198, anchor: "end" }
 * ```
 */
export function labelPlacement(
  x: number,
  labelWidthPx: number,
  box: Box,
): { x: number; anchor: "start" | "middle" | "end" } {
  const right = box.x + box.width + OVERHANG_RIGHT_PX;
  const left = box.x - OVERHANG_LEFT_PX;
  if (x + labelWidthPx / 2 > right) return { x: right, anchor: "end" };
  if (x - labelWidthPx / 2 < left) return { x: left, anchor: "start" };
  return { x, anchor: "middle" };
}

function bottomAxis(ticks: [number, string][], box: Box, cls: string): string {
  const bottom = box.y + box.height;
  const parts: string[] = [`<g class="${cls}">`];
  for (const [x, label] of ticks) {
    parts.push(svgLine(x, box.y, x, bottom, { stroke: COLORS.grid, cls: "grid" }));
    parts.push(svgLine(x, bottom, x, bottom + 4, { stroke: COLORS.axis }));
    const at = labelPlacement(x, textWidthPx(label, 11), box);
    parts.push(svgText(at.x, bottom + 17, label, { size: 11, anchor: at.anchor }));
  }
  parts.push(svgLine(box.x, bottom, box.x + box.width, bottom, { stroke: COLORS.axis }));
  parts.push(`</g>`);
  return parts.join("");
}

/**
 * A thin frame around a plot box.
 *
 * @example
 * ```ts
 * import { frame } from "./axes.ts";
 * frame({ x: 0, y: 0, width: 10, height: 5 }).startsWith("<rect"); // true
 * ```
 */
export function frame(box: Box): string {
  return `<rect class="frame" x="${coord(box.x)}" y="${coord(box.y)}" width="${
    coord(box.width)
  }" ` +
    `height="${coord(box.height)}" fill="none" stroke="${COLORS.grid}"/>`;
}
