/**
 * Panel legends (SPEC §15.2): one row of swatches and labels on a translucent background.
 *
 * @module
 */

import { coord, escapeXml } from "./escape.ts";
import { triangle } from "./draw.ts";
import { type Box, svgText } from "./svg.ts";

/** One legend entry. */
export interface LegendItem {
  label: string;
  swatch: "line" | "dashed" | "dot" | "up" | "down" | "band";
  color: string;
  opacity?: number;
}

const CHAR_PX = 6.3;

/** Plot boxes lower than this get no legend (it would hide the data). */
export const MIN_LEGEND_BOX_PX = 110;
const SWATCH_PX = 20;

/**
 * A legend row starting at (x, y) (top-left corner), wrapped at `maxWidth`.
 *
 * @example
 * ```ts
 * import { legend } from "./legend.ts";
 * legend([{ label: "raw V", swatch: "line", color: "#1f77b4" }], 100, 10, 400);
 * ```
 */
export function legend(
  items: readonly LegendItem[],
  x: number,
  y: number,
  maxWidth: number,
): string {
  if (items.length === 0) return "";
  const rowH = 16;
  const entries: string[] = [];
  let cx = x + 6;
  let cy = y + 11;
  let widest = 0;
  for (const item of items) {
    const w = itemWidthPx(item);
    if (cx + w > x + maxWidth && cx > x + 6) {
      cx = x + 6;
      cy += rowH;
    }
    entries.push(
      `<g class="legend-item">${swatch(item, cx, cy - 4)}` +
        `${svgText(cx + SWATCH_PX + 5, cy, item.label, { size: 11 })}</g>`,
    );
    cx += w;
    widest = Math.max(widest, cx - x);
  }
  const height = cy - y + 6;
  return `<g class="legend"><rect x="${coord(x)}" y="${coord(y)}" width="${coord(widest)}" ` +
    `height="${coord(height)}" fill="white" fill-opacity="0.8" stroke="#d1d5db"/>${
      entries.join("")
    }</g>`;
}

function itemWidthPx(item: LegendItem): number {
  return SWATCH_PX + 6 + item.label.length * CHAR_PX + 12;
}

/**
 * Width of the legend drawn as one row.
 *
 * @example
 * ```ts
 * import { legendRowWidthPx } from "./legend.ts";
 * legendRowWidthPx([{ label: "density", swatch: "line", color: "#1f77b4" }]); // 88.1
 * ```
 */
export function legendRowWidthPx(items: readonly LegendItem[]): number {
  return 6 + items.reduce((sum, item) => sum + itemWidthPx(item), 0);
}

/**
 * The legend of a panel, placed where it hides no data: right-aligned in the panel's title
 * row when it fits there as one row beside the title (which ends at `titleEndPx`), else in
 * the top-left corner of the plot when the plot is tall enough, else nowhere.
 *
 * @example
 * ```ts
 * import { panelLegend } from "./legend.ts";
 * const box = { x: 84, y: 84, width: 1092, height: 300 };
 * panelLegend([{ label: "density", swatch: "line", color: "#1f77b4" }], box, 300);
 * ```
 */
export function panelLegend(items: readonly LegendItem[], box: Box, titleEndPx: number): string {
  if (items.length === 0) return "";
  const w = legendRowWidthPx(items);
  const right = box.x + box.width;
  if (right - w >= titleEndPx + 16) return legend(items, right - w, box.y - 21, w + 1);
  if (box.height >= MIN_LEGEND_BOX_PX) return legend(items, box.x + 6, box.y + 6, box.width - 12);
  return "";
}

function swatch(item: LegendItem, x: number, y: number): string {
  const c = escapeXml(item.color);
  switch (item.swatch) {
    case "line":
    case "dashed":
      return `<line x1="${coord(x)}" y1="${coord(y)}" x2="${coord(x + SWATCH_PX)}" y2="${
        coord(y)
      }" ` +
        `stroke="${c}" stroke-width="2"${
          item.swatch === "dashed" ? ' stroke-dasharray="5,3"' : ""
        }/>`;
    case "dot":
      return `<circle cx="${coord(x + SWATCH_PX / 2)}" cy="${coord(y)}" r="3.5" fill="${c}"/>`;
    case "up":
    case "down":
      return `<path d="${triangle(x + SWATCH_PX / 2, y, item.swatch, 5)}" fill="${c}"/>`;
    case "band":
      return `<rect x="${coord(x)}" y="${
        coord(y - 5)
      }" width="${SWATCH_PX}" height="10" fill="${c}" ` +
        `fill-opacity="${item.opacity ?? 0.2}"/>`;
  }
}
