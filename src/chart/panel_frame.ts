/**
 * What every panel shares: its title line, the plot box inside its slot and the centred
 * placeholder text (`no data`, `not enough data for a density estimate`).
 *
 * @module
 */

import { frame } from "./axes.ts";
import { type Box, COLORS, fitFont, svgText, textWidthPx } from "./svg.ts";

const TITLE_PX = 24;
const X_LABELS_PX = 30;
/** Default room left of a plot box for the y-axis labels, px. */
export const PLOT_LEFT_PX: number = 84;
const LEFT_PX = PLOT_LEFT_PX;
const RIGHT_PX = 24;

/**
 * The plot box inside a panel slot: room for the title above, y labels left, x labels below.
 *
 * @example
 * ```ts
 * import { plotBox } from "./panel_frame.ts";
 * plotBox({ x: 0, y: 60, width: 1200, height: 400 }); // { x: 84, y: 84, width: 1092, height: 346 }
 * ```
 */
export function plotBox(slot: Box): Box {
  return {
    x: slot.x + LEFT_PX,
    y: slot.y + TITLE_PX,
    width: Math.max(10, slot.width - LEFT_PX - RIGHT_PX),
    height: Math.max(10, slot.height - TITLE_PX - X_LABELS_PX),
  };
}

/**
 * Opens a panel group and writes its title.
 *
 * @example
 * ```ts
 * import { panelStart } from "./panel_frame.ts";
 * panelStart("position", "Position view", { x: 0, y: 0, width: 100, height: 100 });
 * ```
 */
export function panelStart(name: string, title: string, slot: Box): string {
  return `<g class="panel panel-${name}">` +
    svgText(slot.x + LEFT_PX, slot.y + 16, title, {
      size: fitFont(title, slot.width - LEFT_PX, 13),
      cls: "panel-title",
    });
}

/**
 * Where the panel title written by {@link panelStart} ends (estimated), px from the left.
 *
 * @example
 * ```ts
 * import { panelTitleEndPx } from "./panel_frame.ts";
 * panelTitleEndPx("Residuals (USD)", { x: 0, y: 0, width: 1200, height: 300 }) > 84; // true
 * ```
 */
export function panelTitleEndPx(title: string, slot: Box): number {
  return slot.x + LEFT_PX + textWidthPx(title, fitFont(title, slot.width - LEFT_PX, 13));
}

/**
 * A framed, empty plot with a centred message: the whole content of a panel without data.
 *
 * @example
 * ```ts
 * import { placeholder } from "./panel_frame.ts";
 * placeholder({ x: 0, y: 0, width: 100, height: 50 }, "no data").includes("no data"); // true
 * ```
 */
export function placeholder(box: Box, message: string): string {
  return frame(box) + svgText(box.x + box.width / 2, box.y + box.height / 2 + 5, message, {
    size: 14,
    anchor: "middle",
    fill: COLORS.muted,
    cls: "placeholder",
  });
}
