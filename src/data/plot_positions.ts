/**
 * V(s) over a chart's plot range (SPEC §15.1, §15.3, §10.6). Inside the window the chart
 * keeps the evaluation's own V (§5.5); a plot range reaching beyond the window either reads
 * the raw positions of the plot range during the evaluation, or, with `server_downsample`
 * and more than `max_points` estimated points, leaves a §10.6 request for drawing time.
 *
 * @module
 */
import type { ChartServerDownsample, Series } from "../evaluate/types.ts";
import type { GreptimeClient } from "../greptime/types.ts";
import { aggregateGains } from "../evaluate/aggregate.ts";
import { type PositionData, readPositions } from "./positions.ts";

/** The evaluation window; `startExclusive` under alignment `right_open` (§3.4.2). */
export interface PlotWindow {
  startMs: number;
  endMs: number;
  startExclusive?: boolean;
}

/** Inputs of {@link plotPositions}. */
export interface PlotPositionsInput {
  /** Validated position table (§10.7). */
  table: string;
  window: PlotWindow;
  plot: { startMs: number; endMs: number };
  /** V(s) over the window, as the evaluation aggregated it (§5.5). */
  windowSeries: Series;
  /** `aggregation.server_downsample && aggregation.enabled`. */
  serverDownsample: boolean;
  /** `aggregation.max_points`. */
  maxPoints: number;
  /** Bin width of the §10.6 query. */
  binSeconds: number;
  signal?: AbortSignal;
}

/** V for the chart and, when drawing must ask the server, the pending request. */
export interface PlotPositions {
  positions: Series;
  serverDownsample: ChartServerDownsample | null;
}

function inWindow(ts: number, w: PlotWindow): boolean {
  return (w.startExclusive ? ts > w.startMs : ts >= w.startMs) && ts <= w.endMs;
}

/**
 * Keeps the points of `series` with `startMs ≤ ts ≤ endMs`.
 *
 * @example
 * ```ts
 * import { clipSeries } from "./plot_positions.ts";
 * clipSeries({ tsMs: [1, 2, 3], values: [10, 20, 30] }, 2, 3); // { tsMs: [2, 3], values: [20, 30] }
 * ```
 */
export function clipSeries(series: Series, startMs: number, endMs: number): Series {
  const tsMs: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < series.tsMs.length; i++) {
    const t = series.tsMs[i];
    if (t >= startMs && t <= endMs) {
      tsMs.push(t);
      values.push(series.values[i]);
    }
  }
  return { tsMs, values };
}

/**
 * Joins V read over a wider range with the window's own V: points of `outer` outside the
 * window, the window's points inside it (clipped to the plot range), ascending.
 *
 * @example
 * ```ts
 * import { spliceWindowSeries } from "./plot_positions.ts";
 * const s = spliceWindowSeries(
 *   { tsMs: [0, 5, 10, 15], values: [1, 2, 3, 4] },
 *   { tsMs: [5, 10], values: [20, 30] },
 *   { startMs: 5, endMs: 10 },
 *   { startMs: 0, endMs: 15 },
 * );
 * // s = { tsMs: [0, 5, 10, 15], values: [1, 20, 30, 4] }
 * ```
 */
export function spliceWindowSeries(
  outer: Series,
  windowSeries: Series,
  window: PlotWindow,
  plot: { startMs: number; endMs: number },
): Series {
  const before: Series = { tsMs: [], values: [] };
  const after: Series = { tsMs: [], values: [] };
  for (let i = 0; i < outer.tsMs.length; i++) {
    const t = outer.tsMs[i];
    if (t < plot.startMs || t > plot.endMs || inWindow(t, window)) continue;
    const side = t > window.endMs ? after : before;
    side.tsMs.push(t);
    side.values.push(outer.values[i]);
  }
  const inside = clipSeries(windowSeries, plot.startMs, plot.endMs);
  return {
    tsMs: [...before.tsMs, ...inside.tsMs, ...after.tsMs],
    values: [...before.values, ...inside.values, ...after.values],
  };
}

/**
 * Estimated number of V points over the plot range: the window's points inside it plus the
 * window's point density times the part of the plot range outside the window; null when the
 * window has fewer than two distinct timestamps (no density to extrapolate).
 *
 * @example
 * ```ts
 * import { estimatePlotPoints } from "./plot_positions.ts";
 * // 11 points over 10 ms inside the window, 20 ms more before it: 11 + 20.
 * const ts = Array.from({ length: 11 }, (_, i) => 20 + i);
 * estimatePlotPoints(ts, { startMs: 20, endMs: 30 }, { startMs: 0, endMs: 30 }); // 31
 * ```
 */
export function estimatePlotPoints(
  windowTsMs: readonly number[],
  window: PlotWindow,
  plot: { startMs: number; endMs: number },
): number | null {
  const n = windowTsMs.length;
  if (n < 2) return null;
  const span = windowTsMs[n - 1] - windowTsMs[0];
  if (!(span > 0)) return null;
  let inside = 0;
  for (const t of windowTsMs) if (t >= plot.startMs && t <= plot.endMs) inside++;
  const beforeMs = Math.max(0, Math.min(plot.endMs, window.startMs) - plot.startMs);
  const afterMs = Math.max(0, plot.endMs - Math.max(plot.startMs, window.endMs));
  return inside + Math.ceil(((beforeMs + afterMs) * (n - 1)) / span);
}

/**
 * V(s) (§5.5) of folded position rows: per timestamp, the sum over wallets (ascending
 * address order) of each wallet's latest snapshot value at or before it.
 *
 * @example
 * ```ts
 * import { foldPositionRows } from "./positions.ts";
 * import { aggregateValue } from "./plot_positions.ts";
 * const data = foldPositionRows([
 *   { ts: 1, wallet_address: "a", usd_value: 2, price_usd: 1 },
 *   { ts: 2, wallet_address: "b", usd_value: 3, price_usd: 1 },
 * ]);
 * aggregateValue(data); // { tsMs: [1, 2], values: [2, 5] }
 * ```
 */
export function aggregateValue(data: PositionData): Series {
  const wallets = [...data.wallets].map(([address, s]) => ({
    address,
    tsMs: s.tsMs,
    values: s.values,
    gains: new Array<number>(s.tsMs.length).fill(0),
    g: 0,
    v_ref: 0,
    v_t1: 0,
  }));
  const agg = aggregateGains(wallets);
  return { tsMs: agg.tsMs, values: agg.valueUsd };
}

/**
 * V for the chart over the plot range (§15.1): the window's V clipped when the plot range
 * stays inside the window; a pending §10.6 request when it reaches beyond and server
 * downsampling applies (estimated points > `maxPoints`); otherwise the raw positions of the
 * plot range are read and aggregated, keeping the window's own V inside the window.
 *
 * @example
 * ```ts ignore
 * import { plotPositions } from "./plot_positions.ts";
 * const { positions, serverDownsample } = await plotPositions(client, {
 *   table: "liqwid_supply_positions_djed",
 *   window: { startMs: t0, endMs: end },
 *   plot: { startMs: end - 7 * 86_400_000, endMs: end },
 *   windowSeries: { tsMs: aggregate.tsMs, values: aggregate.valueUsd },
 *   serverDownsample: true,
 *   maxPoints: 1500,
 *   binSeconds: 3600,
 * });
 * ```
 */
export async function plotPositions(
  client: GreptimeClient,
  input: PlotPositionsInput,
): Promise<PlotPositions> {
  const { window, plot } = input;
  const clipped = clipSeries(input.windowSeries, plot.startMs, plot.endMs);
  if (plot.startMs >= window.startMs && plot.endMs <= window.endMs) {
    return { positions: clipped, serverDownsample: null };
  }
  const estimated = estimatePlotPoints(input.windowSeries.tsMs, window, plot);
  if (input.serverDownsample && estimated !== null && estimated > input.maxPoints) {
    return {
      positions: clipped,
      serverDownsample: {
        table: input.table,
        startMs: plot.startMs,
        endMs: plot.endMs,
        binSeconds: input.binSeconds,
        estimatedPoints: estimated,
      },
    };
  }
  const data = await readPositions(client, input.table, {
    startMs: plot.startMs,
    endMs: plot.endMs,
  }, { signal: input.signal });
  return {
    positions: spliceWindowSeries(aggregateValue(data), input.windowSeries, window, plot),
    serverDownsample: null,
  };
}
