/**
 * Chart data of one evaluated asset (§15.1): V, C and counted flows over the window, the gate
 * residuals, the effective trend settings, widened or narrowed to the configured plot range.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import { effectiveTrend } from "../config/effective.ts";
import type { AggregateGains, GateEvaluation, WalletGains } from "../evaluate/mod.ts";
import type { ChartData, GateResult, RefMode, Series } from "../evaluate/types.ts";
import type { GreptimeClient } from "../greptime/types.ts";
import { plotPositions } from "../data/plot_positions.ts";
import { resolvePlotRange, serverBinSeconds } from "../chart/plot_range.ts";
import { type Logger, silentLogger } from "../log.ts";

/** Inputs of {@link buildChartData}. */
export interface ChartInput {
  asset: string;
  refMode: RefMode;
  t0Ms: number;
  endMs: number;
  aggregate: AggregateGains;
  wallets: readonly WalletGains[];
  /** The gate as reported (after the decision). */
  gate: GateResult;
  residuals: GateEvaluation["residuals"];
  /** The `price_usd` basis series of the gate, when that was the basis. */
  gatePriceSeries?: Series | null;
}

/**
 * Builds the chart data cached in the record, reading positions beyond the window when the
 * plot range asks for it.
 *
 * @example
 * ```ts ignore
 * const chart = await buildChartData(deps, input, { table, rightOpen: false });
 * ```
 */
export async function buildChartData(
  deps: { config: Config; greptime: GreptimeClient; logger?: Logger },
  input: ChartInput,
  opts: { table: string; rightOpen: boolean; signal?: AbortSignal },
): Promise<ChartData> {
  const { aggregate } = input;
  const chart: ChartData = {
    asset: input.asset,
    refMode: input.refMode,
    windowStartMs: input.t0Ms,
    windowEndMs: input.endMs,
    positions: { tsMs: aggregate.tsMs, values: aggregate.valueUsd },
    corrected: { tsMs: aggregate.tsMs, values: aggregate.corrected },
    flows: input.wallets.flatMap((w) =>
      w.countedFlows.map((f) => ({ tsMs: f.tsMs, amountUsd: f.amountUsd, kind: f.kind }))
    ).sort((a, b) => a.tsMs - b.tsMs),
    gate: input.gate,
    residuals: input.residuals,
    trend: effectiveTrend(deps.config, input.asset),
  };
  if (input.gatePriceSeries) chart.gatePriceSeries = input.gatePriceSeries;
  await applyPlotRange(deps, chart, opts);
  return chart;
}

/**
 * Widens or narrows the chart's V to the configured plot range (§15.1). A failure here only
 * costs the chart its pre-window part (logged); it never affects the decision.
 */
async function applyPlotRange(
  deps: { config: Config; greptime: GreptimeClient; logger?: Logger },
  chart: ChartData,
  opts: { table: string; rightOpen: boolean; signal?: AbortSignal },
): Promise<void> {
  const diag = deps.config.visualization.diagnostics;
  if (diag.plot_range.mode === "inherit" || chart.windowStartMs === null) return;
  const plot = resolvePlotRange(diag.plot_range, {
    windowStartMs: chart.windowStartMs,
    windowEndMs: chart.windowEndMs,
  }, deps.config.settings.timezone);
  if (plot.mode === "inherit") return;
  chart.plotStartMs = plot.startMs;
  chart.plotEndMs = plot.endMs;
  const agg = diag.aggregation;
  try {
    const res = await plotPositions(deps.greptime, {
      table: opts.table,
      window: {
        startMs: chart.windowStartMs,
        endMs: chart.windowEndMs,
        startExclusive: opts.rightOpen,
      },
      plot,
      windowSeries: chart.positions,
      serverDownsample: agg.server_downsample && agg.enabled,
      maxPoints: agg.max_points,
      binSeconds: serverBinSeconds(agg.time_unit, plot.startMs, plot.endMs),
      signal: opts.signal,
    });
    chart.positions = res.positions;
    chart.serverDownsample = res.serverDownsample;
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    (deps.logger ?? silentLogger).warning(
      `${chart.asset}: chart plot range not read (${err instanceof Error ? err.message : err})`,
    );
  }
}
