/**
 * Small SVG markup helpers shared by the chart panels: text with the chart font, number
 * formats and the plot-box type.
 *
 * @module
 */

import { format } from "./d3.ts";
import { coord, escapeXml } from "./escape.ts";

/** The font every text element names (§15.2); PNG rendering loads this family (§15.4). */
export const FONT_FAMILY = "DejaVu Sans";

/** A rectangle in SVG pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Palette of §15.2. */
export const COLORS: Readonly<Record<string, string>> = {
  blue: "#1f77b4",
  orange: "#ff7f0e",
  green: "#2ca02c",
  red: "#d62728",
  grid: "#e5e7eb",
  axis: "#444444",
  text: "#222222",
  muted: "#6b7280",
};

/** Options of {@link svgText}. */
export interface TextOptions {
  size?: number;
  anchor?: "start" | "middle" | "end";
  fill?: string;
  cls?: string;
}

/**
 * A `<text>` element with escaped content and the chart font.
 *
 * @example
 * ```ts
 * import { svgText } from "./svg.ts";
 * svgText(10, 20, "a < b", { cls: "title" });
 * // '<text class="title" x="10" y="20" font-family="DejaVu Sans" font-size="12" fill="#222222">a &lt; b</text>'
 * ```
 */
export function svgText(x: number, y: number, content: string, opts: TextOptions = {}): string {
  const cls = opts.cls ? ` class="${escapeXml(opts.cls)}"` : "";
  const anchor = opts.anchor && opts.anchor !== "start" ? ` text-anchor="${opts.anchor}"` : "";
  return `<text${cls} x="${coord(x)}" y="${coord(y)}" font-family="${FONT_FAMILY}" ` +
    `font-size="${opts.size ?? 12}"${anchor} fill="${opts.fill ?? COLORS.text}">` +
    `${escapeXml(content)}</text>`;
}

/**
 * A straight line segment.
 *
 * @example
 * ```ts
 * import { svgLine } from "./svg.ts";
 * svgLine(0, 0, 10, 0, { stroke: "#000", cls: "zero-line" });
 * ```
 */
export function svgLine(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  opts: { stroke: string; width?: number; dash?: string; cls?: string; opacity?: number },
): string {
  const cls = opts.cls ? ` class="${escapeXml(opts.cls)}"` : "";
  const dash = opts.dash ? ` stroke-dasharray="${opts.dash}"` : "";
  const op = opts.opacity !== undefined ? ` stroke-opacity="${opts.opacity}"` : "";
  return `<line${cls} x1="${coord(x1)}" y1="${coord(y1)}" x2="${coord(x2)}" y2="${coord(y2)}" ` +
    `stroke="${opts.stroke}" stroke-width="${opts.width ?? 1}"${dash}${op}/>`;
}

/** Formats numbers the way §15.2 asks for an axis: `,.2f`, or `,.4f` for price bases. */
export function valueFormat(priceBasis: boolean): (v: number) => string {
  return format(priceBasis ? ",.4f" : ",.2f");
}

/** `,.2f` formatter. */
export const formatUsd: (v: number) => string = format(",.2f");

/**
 * Font size ≤ `max` at which `text` fits in `width` px (widths estimated by
 * {@link textWidthPx}, 8 px margin each side); never below 7.
 *
 * @example
 * ```ts
 * import { fitFont } from "./svg.ts";
 * fitFont("short", 1000, 13); // 13
 * ```
 */
export function fitFont(text: string, width: number, max: number): number {
  const fit = (width - 16) / Math.max(1e-9, textWidthPx(text, 1));
  return Math.max(7, Math.min(max, Math.floor(fit * 10) / 10));
}

// DejaVu Sans advance widths in em (rounded up a little) of the characters charts write.
const NARROW = new Set([",", ".", ":", " ", "-", "i", "j", "l", "I", "J", "f", "t", "r", "(", ")"]);
const WIDE = new Set(["m", "w", "M", "W", "—", "−", "=", "σ", "±"]);

/**
 * Estimated width in px of `text` at `size` px in DejaVu Sans: digits 0.636 em, narrow
 * letters and `,.: -()` 0.4 em, wide ones (`m w M W — − = ± σ`) 0.9 em, other capitals
 * 0.72 em, everything else 0.6 em. Good enough to keep labels and titles inside the chart.
 *
 * @example
 * ```ts
 * import { textWidthPx } from "./svg.ts";
 * Math.round(textWidthPx("1,000.00", 11)); // 51
 * ```
 */
export function textWidthPx(text: string, size: number): number {
  let em = 0;
  for (const ch of text) {
    if (ch >= "0" && ch <= "9") em += 0.636;
    else if (NARROW.has(ch)) em += 0.4;
    else if (WIDE.has(ch)) em += 0.9;
    else if (ch >= "A" && ch <= "Z") em += 0.72;
    else em += 0.6;
  }
  return em * size;
}
