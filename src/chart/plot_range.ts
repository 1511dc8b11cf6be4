/**
 * The plot range of the position view (SPEC §15.1, §2.3.6 `visualization.diagnostics
 * .plot_range`): `inherit` = the evaluation window [t0, E]; `custom` = start/end (nulls →
 * window bounds; naive values are wall time in `settings.timezone`); `relative` =
 * [E − duration, E]. Also the bin width of the §10.6 server query.
 *
 * @module
 */

import { parseConfigDateTime } from "../config/datetime.ts";
import { chooseTimeUnit, TIME_UNIT_MS, type TimeUnit } from "./downsample.ts";

/** `visualization.diagnostics.plot_range` (§2.3.6). */
export interface PlotRangeSettings {
  mode: "inherit" | "custom" | "relative";
  start: string | null;
  end: string | null;
  relative_duration: string | null;
}

/** A resolved plot range (epoch ms, start < end unless it degenerates to the window). */
export interface PlotRange {
  /** The mode actually applied (`inherit` when the settings could not be used). */
  mode: PlotRangeSettings["mode"];
  startMs: number;
  endMs: number;
}

const DURATION_RE = /^(\d+)([hdw])$/;
const UNIT_MS: Readonly<Record<string, number>> = {
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/**
 * Milliseconds of a `^\d+[hdw]$` duration, or null when it does not match.
 *
 * @example
 * ```ts
 * import { plotDurationMs } from "./plot_range.ts";
 * console.assert(plotDurationMs("36h") === 36 * 3_600_000);
 * console.assert(plotDurationMs("2w") === 14 * 86_400_000);
 * console.assert(plotDurationMs("1m") === null);
 * ```
 */
export function plotDurationMs(duration: string): number | null {
  const m = DURATION_RE.exec(duration);
  if (m === null) return null;
  const ms = Number(m[1]) * UNIT_MS[m[2]];
  return Number.isSafeInteger(ms) && ms > 0 ? ms : null;
}

/**
 * Resolves the plot range against the evaluation window [windowStartMs, windowEndMs]. An
 * unusable setting (missing duration, unparsable date, start ≥ end) falls back to the window
 * with `mode: "inherit"`, so a chart setting never fails an evaluation.
 *
 * @example
 * ```ts
 * import { resolvePlotRange } from "./plot_range.ts";
 * const h = 3_600_000;
 * const r = resolvePlotRange(
 *   { mode: "relative", start: null, end: null, relative_duration: "48h" },
 *   { windowStartMs: 40 * h, windowEndMs: 60 * h },
 *   "UTC",
 * );
 * console.assert(r.startMs === 12 * h && r.endMs === 60 * h && r.mode === "relative");
 * ```
 */
export function resolvePlotRange(
  settings: PlotRangeSettings,
  window: { windowStartMs: number; windowEndMs: number },
  timeZone: string,
): PlotRange {
  const inherit: PlotRange = {
    mode: "inherit",
    startMs: window.windowStartMs,
    endMs: window.windowEndMs,
  };
  let range: PlotRange;
  if (settings.mode === "relative") {
    const ms = settings.relative_duration === null
      ? null
      : plotDurationMs(settings.relative_duration);
    if (ms === null) return inherit;
    range = { mode: "relative", startMs: window.windowEndMs - ms, endMs: window.windowEndMs };
  } else if (settings.mode === "custom") {
    try {
      range = {
        mode: "custom",
        startMs: settings.start === null
          ? window.windowStartMs
          : parseConfigDateTime(settings.start, timeZone),
        endMs: settings.end === null
          ? window.windowEndMs
          : parseConfigDateTime(settings.end, timeZone),
      };
    } catch {
      return inherit;
    }
  } else {
    return inherit;
  }
  const ok = Number.isSafeInteger(range.startMs) && Number.isSafeInteger(range.endMs) &&
    range.startMs < range.endMs;
  return ok ? range : inherit;
}

/**
 * True when the plot range reaches beyond the window, so V over it needs a database read.
 *
 * @example
 * ```ts
 * import { reachesBeyondWindow } from "./plot_range.ts";
 * console.assert(reachesBeyondWindow({ startMs: 0, endMs: 10 }, { startMs: 5, endMs: 10 }));
 * console.assert(!reachesBeyondWindow({ startMs: 6, endMs: 9 }, { startMs: 5, endMs: 10 }));
 * ```
 */
export function reachesBeyondWindow(
  plot: { startMs: number; endMs: number },
  window: { startMs: number; endMs: number },
): boolean {
  return plot.startMs < window.startMs || plot.endMs > window.endMs;
}

/**
 * Bin width (seconds) of the §10.6 `date_bin` query: the configured `time_unit`, or for
 * `auto` the smallest unit giving ≤ 250 bins over the range (the §15.3 rule).
 *
 * @example
 * ```ts
 * import { serverBinSeconds } from "./plot_range.ts";
 * console.assert(serverBinSeconds("auto", 0, 30 * 86_400_000) === 6 * 3600);
 * console.assert(serverBinSeconds("15min", 0, 1) === 900);
 * ```
 */
export function serverBinSeconds(
  timeUnit: TimeUnit | "auto",
  startMs: number,
  endMs: number,
): number {
  const unit = timeUnit === "auto" ? chooseTimeUnit(startMs, endMs) : timeUnit;
  return TIME_UNIT_MS[unit] / 1000;
}
