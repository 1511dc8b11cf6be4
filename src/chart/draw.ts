/**
 * Drawing primitives for series: lines through d3-shape `line().digits(2)`, dots, whisker
 * bins, server min–max bins, bands and the faint raw-point overlay (SPEC §15.2, §15.3).
 * Non-finite points are skipped, so no `NaN` ever reaches an attribute.
 *
 * @module
 */

import { area, line } from "./d3.ts";
import type { Series } from "../evaluate/types.ts";
import type { WhiskerBin } from "./downsample.ts";
import { coord } from "./escape.ts";
import type { ServerBin } from "./server_downsample.ts";

/** Maps a timestamp (ms) or value to a pixel. */
export type Px = (v: number) => number;

type Pt = [number, number];

const linePath = line<Pt>().digits(2).defined((p) =>
  Number.isFinite(p[0]) && Number.isFinite(p[1])
);
const areaPath = area<[number, number, number]>()
  .digits(2)
  .defined((p) => p.every(Number.isFinite))
  .x((p) => p[0])
  .y0((p) => p[1])
  .y1((p) => p[2]);

/** Style of a drawn line. */
export interface LineStyle {
  cls: string;
  stroke: string;
  width?: number;
  dash?: string;
  opacity?: number;
}

/**
 * A `<path>` polyline of (tsMs[i], values[i]); empty string when nothing is drawable.
 *
 * @example
 * ```ts
 * import { pathLine } from "./draw.ts";
 * pathLine([0, 1], [0, 1], (t) => t * 10, (v) => 100 - v * 10, { cls: "raw", stroke: "#000" });
 * // '<path class="raw" d="M0,100L10,90" fill="none" stroke="#000" stroke-width="1.5"/>'
 * ```
 */
export function pathLine(
  tsMs: ArrayLike<number>,
  values: ArrayLike<number>,
  x: Px,
  y: Px,
  style: LineStyle,
): string {
  const pts: Pt[] = new Array(tsMs.length);
  for (let i = 0; i < tsMs.length; i++) pts[i] = [x(tsMs[i]), y(values[i])];
  const d = linePath(pts);
  if (!d) return "";
  return `<path class="${style.cls}" d="${d}" fill="none" stroke="${style.stroke}" ` +
    `stroke-width="${style.width ?? 1.5}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ""}` +
    `${style.opacity !== undefined ? ` stroke-opacity="${style.opacity}"` : ""}/>`;
}

/**
 * A filled band between `lower` and `upper` along `tsMs`.
 *
 * @example
 * ```ts
 * import { pathBand } from "./draw.ts";
 * pathBand([0, 1], [0, 0], [1, 1], (t) => t, (v) => v, { cls: "band sigma", fill: "#f00", opacity: 0.15 });
 * ```
 */
export function pathBand(
  tsMs: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  x: Px,
  y: Px,
  style: { cls: string; fill: string; opacity: number },
): string {
  const pts: [number, number, number][] = new Array(tsMs.length);
  for (let i = 0; i < tsMs.length; i++) pts[i] = [x(tsMs[i]), y(lower[i]), y(upper[i])];
  const d = areaPath(pts);
  if (!d) return "";
  return `<path class="${style.cls}" d="${d}" fill="${style.fill}" fill-opacity="${style.opacity}" stroke="none"/>`;
}

/**
 * One `<circle>` per finite point, inside a group carrying the class and fill.
 *
 * @example
 * ```ts
 * import { dots } from "./draw.ts";
 * dots({ tsMs: [0], values: [1] }, (t) => t, (v) => v, { cls: "residuals", fill: "#00f", r: 2 });
 * // '<g class="residuals" fill="#00f"><circle cx="0" cy="1" r="2"/></g>'
 * ```
 */
export function dots(
  series: Series,
  x: Px,
  y: Px,
  style: { cls: string; fill: string; r: number },
): string {
  const parts: string[] = [];
  for (let i = 0; i < series.tsMs.length; i++) {
    const cx = x(series.tsMs[i]);
    const cy = y(series.values[i]);
    if (!Number.isFinite(cx) || !Number.isFinite(cy)) continue;
    parts.push(`<circle cx="${coord(cx)}" cy="${coord(cy)}" r="${style.r}"/>`);
  }
  return `<g class="${style.cls}" fill="${style.fill}">${parts.join("")}</g>`;
}

/**
 * Whisker bins (§15.3): a box from the 2nd to the 4th percentile, a tick at the 3rd and
 * whiskers to the 1st and 5th, at each bin centre. Three paths whatever the bin count.
 *
 * @example
 * ```ts
 * import { whiskers } from "./draw.ts";
 * const bin = { startMs: 0, centerMs: 5, count: 3, p: [0, 1, 2, 3, 4] as [number, number, number, number, number] };
 * whiskers([bin], 10, (t) => t, (v) => 100 - v, { cls: "raw", stroke: "#00f" });
 * ```
 */
export function whiskers(
  bins: readonly WhiskerBin[],
  unitMs: number,
  x: Px,
  y: Px,
  style: { cls: string; stroke: string },
): string {
  const half = boxHalfWidth(bins.length > 0 ? bins[0].startMs : 0, unitMs, x);
  const w: string[] = [];
  const b: string[] = [];
  const m: string[] = [];
  for (const bin of bins) {
    const cx = x(bin.centerMs);
    const [y1, y2, y3, y4, y5] = bin.p.map(y);
    if (![cx, y1, y2, y3, y4, y5].every(Number.isFinite)) continue;
    w.push(`M${coord(cx)},${coord(y1)}V${coord(y2)}M${coord(cx)},${coord(y4)}V${coord(y5)}`);
    b.push(
      `M${coord(cx - half)},${coord(y4)}H${coord(cx + half)}V${coord(y2)}H${coord(cx - half)}Z`,
    );
    m.push(`M${coord(cx - half)},${coord(y3)}H${coord(cx + half)}`);
  }
  if (w.length === 0) return "";
  return `<g class="whiskers ${style.cls}">` +
    `<path class="whisker" d="${
      w.join("")
    }" fill="none" stroke="${style.stroke}" stroke-width="1"/>` +
    `<path class="whisker-box" d="${b.join("")}" fill="${style.stroke}" fill-opacity="0.25" ` +
    `stroke="${style.stroke}" stroke-width="0.8"/>` +
    `<path class="whisker-median" d="${
      m.join("")
    }" fill="none" stroke="${style.stroke}" stroke-width="1.5"/>` +
    `</g>`;
}

/**
 * Server-downsampled bins (§10.6): min–max whiskers with a mean tick.
 *
 * @example
 * ```ts
 * import { serverWhiskers } from "./draw.ts";
 * serverWhiskers([{ bucketMs: 0, min: 1, avg: 2, max: 3, count: 4 }], 10, (t) => t, (v) => v, "#00f");
 * ```
 */
export function serverWhiskers(
  bins: readonly ServerBin[],
  binMs: number,
  x: Px,
  y: Px,
  stroke: string,
): string {
  const half = boxHalfWidth(bins.length > 0 ? bins[0].bucketMs : 0, binMs, x);
  const w: string[] = [];
  const m: string[] = [];
  for (const bin of bins) {
    const cx = x(bin.bucketMs + binMs / 2);
    const [lo, avg, hi] = [y(bin.min), y(bin.avg), y(bin.max)];
    if (![cx, lo, avg, hi].every(Number.isFinite)) continue;
    w.push(`M${coord(cx)},${coord(lo)}V${coord(hi)}`);
    m.push(`M${coord(cx - half)},${coord(avg)}H${coord(cx + half)}`);
  }
  if (w.length === 0) return "";
  return `<g class="whiskers server-bins">` +
    `<path class="whisker" d="${w.join("")}" fill="none" stroke="${stroke}" stroke-width="1"/>` +
    `<path class="whisker-mean" d="${
      m.join("")
    }" fill="none" stroke="${stroke}" stroke-width="1.5"/>` +
    `</g>`;
}

/**
 * The raw points drawn faintly (`show_raw_points`, §15.3), de-duplicated at pixel resolution
 * so the markup is bounded by the plot area, not by the data size.
 *
 * @example
 * ```ts
 * import { rawPointOverlay } from "./draw.ts";
 * rawPointOverlay({ tsMs: [0, 0.1], values: [1, 1] }, (t) => t, (v) => v, "#00f"); // one point
 * ```
 */
export function rawPointOverlay(series: Series, x: Px, y: Px, fill: string): string {
  const seen = new Set<number>();
  const d: string[] = [];
  for (let i = 0; i < series.tsMs.length; i++) {
    const px = Math.round(x(series.tsMs[i]));
    const py = Math.round(y(series.values[i]));
    if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
    const key = px * 100_000 + py;
    if (seen.has(key)) continue;
    seen.add(key);
    d.push(`M${px},${py}h1`);
  }
  if (d.length === 0) return "";
  return `<path class="raw-points" d="${
    d.join("")
  }" stroke="${fill}" stroke-opacity="0.25" stroke-width="1.5"/>`;
}

/**
 * A triangle marker centred on (cx, cy): ▲ (`up`) or ▼.
 *
 * @example
 * ```ts
 * import { triangle } from "./draw.ts";
 * triangle(10, 10, "up", 5); // "M10,5L15,15L5,15Z"
 * ```
 */
export function triangle(cx: number, cy: number, dir: "up" | "down", size: number): string {
  const s = dir === "up" ? 1 : -1;
  return `M${coord(cx)},${coord(cy - s * size)}L${coord(cx + size)},${coord(cy + s * size)}` +
    `L${coord(cx - size)},${coord(cy + s * size)}Z`;
}

function boxHalfWidth(startMs: number, unitMs: number, x: Px): number {
  const px = Math.abs(x(startMs + unitMs) - x(startMs));
  return Number.isFinite(px) ? Math.max(0.5, px * 0.35) : 1;
}
