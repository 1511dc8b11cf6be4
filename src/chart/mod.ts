/**
 * Diagnostic charts (SPEC §15): the pure SVG composite, downsampling for drawing and the
 * server-side `date_bin` path. Web-API only; PNG rendering lives behind `./png`
 * (`src/chart/png.ts`).
 *
 * @module
 */

export { chartTitle, gateStatus, renderCompositeSvg } from "./composite.ts";
export type { CompositeOptions } from "./composite.ts";
export { compositeOptionsFromConfig } from "./config_options.ts";
export { ChartFontError } from "./errors.ts";
export { applyLookbackOverride } from "./lookback_override.ts";
export type { LookbackOverride } from "./lookback_override.ts";
export { escapeXml } from "./escape.ts";
export {
  AUTO_MAX_BINS,
  binCount,
  chooseTimeUnit,
  DEFAULT_AGGREGATION,
  downsampleForDrawing,
  downsampleLttb,
  downsampleWhiskers,
  TIME_UNIT_MS,
} from "./downsample.ts";
export type { AggregationOptions, DrawnSeries, TimeUnit, WhiskerBin } from "./downsample.ts";
export {
  buildDateBinSql,
  buildRawValueSql,
  fetchServerDownsampled,
  isServerDownsampleUnsupported,
  UNSUPPORTED_CODES,
} from "./server_downsample.ts";
export type {
  ServerBin,
  ServerDownsampleOptions,
  ServerDownsampleResult,
} from "./server_downsample.ts";
export type { ServerBins } from "./panel_position.ts";
export {
  plotDurationMs,
  reachesBeyondWindow,
  resolvePlotRange,
  serverBinSeconds,
} from "./plot_range.ts";
export type { PlotRange, PlotRangeSettings } from "./plot_range.ts";
export { resolveChartForDrawing } from "./resolve_chart.ts";
export { KDE_SKIPPED_TEXT } from "./panel_kde.ts";
