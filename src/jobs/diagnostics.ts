/**
 * Diagnostics files (SPEC §15.5): after a published evaluation, one composite PNG per asset
 * with chart data, `<dir>/<asset>_<YYYYMMDD_HHMMSS>_residual_composite.png` (evaluation start,
 * UTC), written to a temporary file and renamed into place. Failures are logged and never
 * thrown: diagnostics never affect decisions.
 *
 * File IO goes through an injected {@link DiagnosticsFs} (`denoFs` of
 * `src/adapters/deno_fs.ts` in the program) and the PNG renderer is injected too (`renderPng`
 * of the `./png` subpath), so this module stays Web-only and never loads resvg itself.
 *
 * @module
 */

import {
  type AggregationOptions,
  type CompositeOptions,
  compositeOptionsFromConfig,
  renderCompositeSvg,
} from "../chart/mod.ts";
import type { Config } from "../config/mod.ts";
import type { ChartData, EvaluationRecord } from "../evaluate/types.ts";
import { type Logger, silentLogger } from "../log.ts";
import type { DiagnosticsFs } from "./fs.ts";

/** Renders an SVG to PNG bytes with a font file (`renderPng` of `src/chart/png.ts`). */
export type DiagnosticsPngRenderer = (
  svg: string,
  opts: { fontFile?: string | null },
) => Promise<Uint8Array>;

/** Options of {@link writeDiagnostics} (`visualization.diagnostics`, §2.3.6). */
export interface DiagnosticsOptions {
  dir: string;
  width?: number;
  height?: number;
  fontFile?: string | null;
  includeSigmaBand?: boolean;
  includeKSigmaBand?: boolean;
  aggregation?: Partial<AggregationOptions>;
  /** Per-asset chart options; when given they replace width … aggregation above. */
  chartOptions?: (asset: string) => CompositeOptions;
  /**
   * Completes chart data before drawing (server-downsampled plot ranges, §15.1); a failure
   * draws the cached chart.
   */
  resolveChart?: (chart: ChartData) => Promise<ChartData>;
  logger?: Logger;
  /**
   * File operations: `mkdir` creates `dir` on demand, `writeFile` + `rename` put each PNG in
   * place, `remove` deletes a leftover temporary file (its errors are ignored).
   */
  fs: DiagnosticsFs;
  /** PNG renderer (`renderPng` of `src/chart/png.ts` in the program). */
  render: DiagnosticsPngRenderer;
}

/**
 * Diagnostics options from the configuration: `visualization.diagnostics` dir, font file
 * and the same chart options as the chart routes (including the lookback override).
 *
 * @example
 * ```ts
 * import { diagnosticsOptionsFromConfig } from "./diagnostics.ts";
 * import type { DiagnosticsFs } from "./fs.ts";
 * import type { Config } from "../config/mod.ts";
 * import { ConfigSchema } from "../config/schema.ts";
 * const config = ConfigSchema.parse({}) as Config;
 * const fs: DiagnosticsFs = {
 *   mkdir: () => Promise.resolve(),
 *   writeFile: () => Promise.resolve(),
 *   rename: () => Promise.resolve(),
 *   remove: () => Promise.resolve(),
 * };
 * const render = () => Promise.resolve(new Uint8Array());
 * console.assert(diagnosticsOptionsFromConfig(config, { fs, render }).dir === "output");
 * ```
 */
export function diagnosticsOptionsFromConfig(
  config: Config,
  extra: Omit<DiagnosticsOptions, "dir" | "fontFile" | "chartOptions">,
): DiagnosticsOptions {
  const d = config.visualization.diagnostics;
  return {
    ...extra,
    dir: d.dir,
    fontFile: d.font_file,
    chartOptions: (asset) => compositeOptionsFromConfig(config, asset),
  };
}

/** What {@link writeDiagnostics} did. */
export interface DiagnosticsReport {
  written: string[];
  failed: { asset: string; error: string }[];
}

const ASSET_RE = /^[a-z0-9_]{1,48}$/;

/**
 * The file name of §15.5 for an asset and an evaluation start time.
 *
 * @example
 * ```ts
 * import { diagnosticsFileName } from "./diagnostics.ts";
 * diagnosticsFileName("djed", Date.UTC(2025, 0, 21, 14, 30, 22));
 * // "djed_20250121_143022_residual_composite.png"
 * ```
 */
export function diagnosticsFileName(asset: string, startedAtMs: number): string {
  const iso = new Date(startedAtMs).toISOString(); // 2025-01-21T14:30:22.000Z
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}_` +
    `${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
  return `${asset}_${stamp}_residual_composite.png`;
}

/**
 * Writes one composite PNG per asset with chart data (§15.5). Never throws: each failure
 * (font missing, render error, IO) is logged at ERROR and listed in the report.
 *
 * @example
 * ```ts ignore
 * import { writeDiagnostics } from "./diagnostics.ts";
 * import { denoFs } from "../adapters/deno_fs.ts";
 * import { renderPng } from "../chart/png.ts";
 * import type { EvaluationRecord } from "../evaluate/types.ts";
 * declare const record: EvaluationRecord;
 * const report = await writeDiagnostics(record, { dir: "output", fs: denoFs, render: renderPng });
 * console.log(report.written);
 * ```
 */
export async function writeDiagnostics(
  record: EvaluationRecord,
  opts: DiagnosticsOptions,
): Promise<DiagnosticsReport> {
  const log = opts.logger ?? silentLogger;
  const { fs, render } = opts;
  const report: DiagnosticsReport = { written: [], failed: [] };
  const startedAtMs = Date.parse(record.started_at);
  const jobs = record.results.map((r, i) => ({ asset: r.asset, chart: record.details[i]?.chart }))
    .filter((j) => j.chart);
  if (jobs.length === 0) return report;
  const fail = (asset: string, err: unknown) => {
    const error = err instanceof Error ? err.message : String(err);
    report.failed.push({ asset, error });
    log.error(`Diagnostics: cannot write the chart of ${asset}: ${error}`);
  };
  if (!Number.isFinite(startedAtMs)) {
    for (const j of jobs) fail(j.asset, new RangeError(`bad started_at ${record.started_at}`));
    return report;
  }
  try {
    await fs.mkdir(opts.dir);
  } catch (err) {
    for (const j of jobs) fail(j.asset, err);
    return report;
  }
  for (const { asset, chart } of jobs) {
    if (!ASSET_RE.test(asset)) {
      fail(asset, new RangeError(`asset name ${JSON.stringify(asset)} is not a safe file name`));
      continue;
    }
    const target = joinPath(opts.dir, diagnosticsFileName(asset, startedAtMs));
    const temp = joinPath(opts.dir, `.${diagnosticsFileName(asset, startedAtMs)}.tmp`);
    try {
      const resolved = opts.resolveChart
        ? await opts.resolveChart(chart!).catch(() => chart!)
        : chart!;
      const svg = renderCompositeSvg(
        resolved,
        opts.chartOptions ? opts.chartOptions(asset) : {
          width: opts.width,
          height: opts.height,
          includeSigmaBand: opts.includeSigmaBand,
          includeKSigmaBand: opts.includeKSigmaBand,
          aggregation: opts.aggregation,
        },
      );
      const png = await render(svg, { fontFile: opts.fontFile });
      await fs.writeFile(temp, png);
      await fs.rename(temp, target);
      report.written.push(target);
    } catch (err) {
      await fs.remove(temp).catch(() => {});
      fail(asset, err);
    }
  }
  if (report.written.length > 0) {
    log.debug(`Diagnostics: wrote ${report.written.length} chart(s) to ${opts.dir}`);
  }
  return report;
}

function joinPath(dir: string, name: string): string {
  return dir.endsWith("/") || dir.endsWith("\\") ? dir + name : `${dir}/${name}`;
}
