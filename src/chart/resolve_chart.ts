/**
 * Drawing-time completion of a cached chart (SPEC §15.1, §15.3, §10.6): the only database
 * query of the chart routes — server downsampling of a plot range reaching beyond the
 * window. The evaluation leaves the request in `ChartData.serverDownsample`; this module
 * answers it with server bins, or with raw V (for §15.3 client downsampling) when the
 * server cannot bin.
 *
 * @module
 */

import type { ChartData } from "../evaluate/types.ts";
import type { GreptimeClient } from "../greptime/types.ts";
import { spliceWindowSeries } from "../data/plot_positions.ts";
import { fetchServerDownsampled } from "./server_downsample.ts";

/**
 * Returns `chart` ready to draw: unchanged without a pending `serverDownsample`; otherwise a
 * copy with `serverBins` (the `date_bin` answer) or, after the remembered fallback (codes
 * 1001/2000/3000/3001), with `positions` = raw V over the plot range (the window's own V kept
 * inside the window). Other database errors propagate.
 *
 * @example
 * ```ts ignore
 * import { resolveChartForDrawing } from "./resolve_chart.ts";
 * import { renderCompositeSvg } from "./composite.ts";
 * const ready = await resolveChartForDrawing(record.details[0].chart!, greptime);
 * const svg = renderCompositeSvg(ready, { width: 1200, height: 1000 });
 * ```
 */
export async function resolveChartForDrawing(
  chart: ChartData,
  client: GreptimeClient,
  opts: { signal?: AbortSignal } = {},
): Promise<ChartData> {
  const req = chart.serverDownsample;
  if (!req) return chart;
  const res = await fetchServerDownsampled(client, req.table, {
    startMs: req.startMs,
    endMs: req.endMs,
    binSeconds: req.binSeconds,
    signal: opts.signal,
  });
  if (res.kind === "bins") {
    return {
      ...chart,
      serverDownsample: null,
      serverBins: { binSeconds: res.binSeconds, bins: res.bins },
    };
  }
  const window = chart.windowStartMs === null
    ? { startMs: req.startMs, endMs: req.startMs - 1 }
    : { startMs: chart.windowStartMs, endMs: chart.windowEndMs };
  return {
    ...chart,
    serverDownsample: null,
    positions: spliceWindowSeries(res.series, chart.positions, window, req),
  };
}
