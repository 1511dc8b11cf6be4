/**
 * The file side of the program: diagnostics PNG files and cleanup, driven by published
 * evaluation records. File access is injected (`JobFs`); the Deno implementation lives in
 * `src/adapters/deno_fs.ts`.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import type { ChartData, EvaluationRecord } from "../evaluate/types.ts";
import type { Logger } from "../log.ts";
import type { JobFs } from "./fs.ts";
import { createCleanupSchedule } from "./cleanup.ts";
import { diagnosticsOptionsFromConfig, writeDiagnostics } from "./diagnostics.ts";

/** Post-evaluation file jobs, run one at a time in publication order. */
export interface FileJobs {
  /** Startup cleanup (§11.7); call once the §17.3 startup lines are logged. */
  startup(): void;
  /** Diagnostics files, due cleanup, then `extra`; rejects with `extra`'s error only. */
  afterRecord(record: EvaluationRecord): Promise<void>;
  /** Resolves when every queued job has finished (shutdown). */
  drain(): Promise<void>;
}

/**
 * Diagnostics files (§15.5) and cleanup (§15.6, §11.7) after each published record, serialized
 * so a slow PNG render never overlaps the next record's files or a cleanup. Failures are
 * logged; they never reach the evaluation.
 *
 * @example
 * ```ts ignore
 * const files = createFileJobs(config, { fs: denoFs, logger, render: renderPng });
 * files.startup();
 * await files.afterRecord(record);
 * await files.drain();
 * ```
 */
export function createFileJobs(
  config: Config,
  deps: {
    fs: JobFs;
    logger: Logger;
    render: (svg: string, opts: { fontFile?: string | null }) => Promise<Uint8Array>;
    resolveChart?: (chart: ChartData) => Promise<ChartData>;
    extra?: (record: EvaluationRecord) => void | Promise<void>;
  },
): FileJobs {
  const { fs, logger } = deps;
  const cleanup = createCleanupSchedule(config, { fs, logger });
  const diagnostics = config.visualization.diagnostics.enabled
    ? diagnosticsOptionsFromConfig(config, {
      fs,
      logger,
      render: deps.render,
      resolveChart: deps.resolveChart,
    })
    : null;
  let queue: Promise<void> = Promise.resolve();
  // Serialized so a slow PNG render never overlaps the next record's files or a cleanup.
  const enqueue = (job: () => Promise<void>): Promise<void> => {
    const run = queue.then(job);
    queue = run.catch(() => {});
    return run;
  };
  const filesFor = async (record: EvaluationRecord): Promise<void> => {
    try {
      if (diagnostics) await writeDiagnostics(record, diagnostics);
      await cleanup.runIfDue();
    } catch (e) {
      // Both log their own failures; this only guards against the unexpected.
      logger.error(`Diagnostics files: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return {
    startup: () => void enqueue(async () => void (await cleanup.runNow())),
    afterRecord: (record) =>
      enqueue(async () => {
        await filesFor(record);
        await deps.extra?.(record);
      }),
    drain: () => queue,
  };
}
