/**
 * Downsampling for drawing (SPEC §15.3): whiskers per epoch-aligned time bin, LTTB (§9.7),
 * or all points. Drawing cost and SVG size stay bounded whatever the data size.
 *
 * @module
 */

import type { Config } from "../config/mod.ts";
import type { Series } from "../evaluate/types.ts";
import { lttbIndices, quantileSorted } from "./numeric.ts";

/** Whisker bin widths of `visualization.diagnostics.aggregation.time_unit` (§2.3.6). */
export type TimeUnit = Exclude<
  Config["visualization"]["diagnostics"]["aggregation"]["time_unit"],
  "auto"
>;

/** Bin width in milliseconds per {@link TimeUnit}, smallest first. */
export const TIME_UNIT_MS: Readonly<Record<TimeUnit, number>> = {
  "1min": 60_000,
  "5min": 300_000,
  "15min": 900_000,
  "30min": 1_800_000,
  "1h": 3_600_000,
  "6h": 21_600_000,
  "12h": 43_200_000,
  "1d": 86_400_000,
  "3d": 259_200_000,
  "1w": 604_800_000,
};

/** Largest number of bins `auto` may produce (§15.3). */
export const AUTO_MAX_BINS = 250;

/** Aggregation settings (the shape of `visualization.diagnostics.aggregation`, §2.3.6). */
export interface AggregationOptions {
  /** Downsample drawn series that exceed `max_points` (§15.3). */
  enabled: boolean;
  /**
   * `whiskers` = time bins with percentile boxes, `lttb` = §9.7 to `max_points`, `none` = all
   * points.
   */
  method: "whiskers" | "lttb" | "none";
  /** Whisker bin width; `auto` = the smallest unit giving ≤ 250 bins (§15.3). */
  time_unit: TimeUnit | "auto";
  /** Exactly five ascending percentiles in [0, 100]. */
  percentiles: readonly number[];
  /** Overlay the raw points faintly under the aggregate. */
  show_raw_points: boolean;
  /** Largest number of points drawn per series before downsampling applies. */
  max_points: number;
}

/** Defaults of §2.3.6. */
export const DEFAULT_AGGREGATION: Readonly<AggregationOptions> = {
  enabled: true,
  method: "whiskers",
  time_unit: "auto",
  percentiles: [10, 25, 50, 75, 90],
  show_raw_points: false,
  max_points: 1500,
};

/** One whisker bin: the five configured percentiles of the values in [startMs, startMs + unit). */
export interface WhiskerBin {
  startMs: number;
  centerMs: number;
  count: number;
  /** Values at the five configured percentiles, ascending (§9.3 quantiles). */
  p: [number, number, number, number, number];
}

/** What to draw for one series. */
export type DrawnSeries =
  | { kind: "points"; series: Series }
  | { kind: "whiskers"; unitMs: number; bins: WhiskerBin[] };

/**
 * Number of epoch-aligned bins of width `unitMs` that [startMs, endMs] touches.
 *
 * @example
 * ```ts
 * import { binCount } from "./downsample.ts";
 * binCount(0, 7_200_000, 3_600_000); // 3
 * ```
 */
export function binCount(startMs: number, endMs: number, unitMs: number): number {
  return Math.floor(endMs / unitMs) - Math.floor(startMs / unitMs) + 1;
}

/**
 * The smallest unit giving at most `maxBins` bins over [startMs, endMs] (`auto`, §15.3);
 * `1w` when none does.
 *
 * @example
 * ```ts
 * import { chooseTimeUnit } from "./downsample.ts";
 * chooseTimeUnit(0, 30 * 86_400_000); // "6h" (121 bins; 1h would give 721)
 * ```
 */
export function chooseTimeUnit(startMs: number, endMs: number, maxBins = AUTO_MAX_BINS): TimeUnit {
  for (const unit of Object.keys(TIME_UNIT_MS) as TimeUnit[]) {
    if (binCount(startMs, endMs, TIME_UNIT_MS[unit]) <= maxBins) return unit;
  }
  return "1w";
}

/**
 * Groups an ascending series into epoch-aligned bins of `timeUnit` (`auto` chooses with
 * {@link chooseTimeUnit}) and returns, per non-empty bin, the five `percentiles` (0..100)
 * of its values.
 *
 * @example
 * ```ts
 * import { downsampleWhiskers } from "./downsample.ts";
 * const bins = downsampleWhiskers(
 *   { tsMs: [0, 60_000, 3_600_000], values: [1, 3, 5] },
 *   { timeUnit: "1h", percentiles: [0, 25, 50, 75, 100] },
 * );
 * bins.length; // 2
 * bins[0].p; // [1, 1.5, 2, 2.5, 3]
 * ```
 */
export function downsampleWhiskers(
  series: Series,
  opts: { timeUnit: TimeUnit | "auto"; percentiles: readonly number[] },
): WhiskerBin[] {
  const { tsMs, values } = series;
  const n = tsMs.length;
  if (n === 0) return [];
  const unitMs = resolveUnitMs(series, opts.timeUnit);
  const fractions = checkPercentiles(opts.percentiles).map((p) => p / 100);
  const bins: WhiskerBin[] = [];
  let i = 0;
  while (i < n) {
    const key = Math.floor(tsMs[i] / unitMs);
    const bucket: number[] = [];
    while (i < n && Math.floor(tsMs[i] / unitMs) === key) bucket.push(values[i++]);
    bucket.sort((a, b) => a - b);
    const startMs = key * unitMs;
    bins.push({
      startMs,
      centerMs: startMs + unitMs / 2,
      count: bucket.length,
      p: fractions.map((f) => quantileSorted(bucket, f)) as WhiskerBin["p"],
    });
  }
  return bins;
}

/**
 * LTTB reduction (§9.7) of a series to at most `maxPoints` points (first and last kept).
 *
 * @example
 * ```ts
 * import { downsampleLttb } from "./downsample.ts";
 * downsampleLttb({ tsMs: [0, 1, 2, 3, 4], values: [0, 5, 0, 0, 0] }, 3).values; // [0, 5, 0]
 * ```
 */
export function downsampleLttb(series: Series, maxPoints: number): Series {
  if (series.tsMs.length <= maxPoints) return series;
  const idx = lttbIndices(series.tsMs, series.values, Math.max(3, Math.floor(maxPoints)));
  return { tsMs: idx.map((i) => series.tsMs[i]), values: idx.map((i) => series.values[i]) };
}

/**
 * Applies the §15.3 rule to one drawn series: above `max_points` points and with aggregation
 * enabled, `whiskers` bins it, `lttb` reduces it; otherwise every point is drawn.
 *
 * @example
 * ```ts
 * import { DEFAULT_AGGREGATION, downsampleForDrawing } from "./downsample.ts";
 * const tsMs = Array.from({ length: 5000 }, (_, i) => i * 60_000);
 * const drawn = downsampleForDrawing({ tsMs, values: tsMs.map(Math.sqrt) }, DEFAULT_AGGREGATION);
 * drawn.kind; // "whiskers"
 * ```
 */
export function downsampleForDrawing(series: Series, agg: AggregationOptions): DrawnSeries {
  const n = series.tsMs.length;
  if (!agg.enabled || agg.method === "none" || n <= agg.max_points) {
    return { kind: "points", series };
  }
  if (agg.method === "lttb") {
    return { kind: "points", series: downsampleLttb(series, agg.max_points) };
  }
  const unitMs = resolveUnitMs(series, agg.time_unit);
  return {
    kind: "whiskers",
    unitMs,
    bins: downsampleWhiskers(series, { timeUnit: agg.time_unit, percentiles: agg.percentiles }),
  };
}

function resolveUnitMs(series: Series, unit: TimeUnit | "auto"): number {
  const n = series.tsMs.length;
  if (unit !== "auto") return TIME_UNIT_MS[unit];
  if (n === 0) return TIME_UNIT_MS["1min"];
  return TIME_UNIT_MS[chooseTimeUnit(series.tsMs[0], series.tsMs[n - 1])];
}

function checkPercentiles(percentiles: readonly number[]): number[] {
  const ok = percentiles.length === 5 &&
    percentiles.every((p, i) => p >= 0 && p <= 100 && (i === 0 || p > percentiles[i - 1]));
  if (!ok) {
    throw new RangeError(
      `Whisker percentiles must be five ascending values in [0, 100]; got [${
        percentiles.join(", ")
      }]`,
    );
  }
  return [...percentiles];
}
