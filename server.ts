/**
 * Composition root of the service (SPEC §11, §13, §17.2–§17.3): builds the record store,
 * metrics, scheduler and Hono app from a config and an evaluation function, serves the app
 * with `Deno.serve`, and shuts down gracefully on SIGINT/SIGTERM (§11.6).
 *
 * Run directly, it delegates to `cli.ts` (`deno run -A server.ts` = `deno run -A cli.ts`).
 *
 * @module
 */
import type { Hono } from "hono";
import type { Config } from "./src/config/mod.ts";
import type { AssetResult, EvaluationRecord } from "./src/evaluate/types.ts";
import type { Logger } from "./src/log.ts";
import { createApp } from "./src/http/app.ts";
import type { AppEnv, ChartPngRenderer, ChartSvgRenderer, SyncHandler } from "./src/http/deps.ts";
import { createRecordStore, type RecordStore } from "./src/jobs/record_store.ts";
import {
  createScheduler,
  type CronFn,
  type EvaluateFn,
  type Scheduler,
} from "./src/jobs/scheduler.ts";
import { createMetrics, type MetricsRecorder, Registry } from "./src/metrics/mod.ts";
import type { TokenRegistry } from "./src/config/token_registry.ts";
import { normalizedConfigJson } from "./src/config/normalize.ts";
import type { GreptimeClient } from "./src/greptime/types.ts";
import { createRuntime, greptimeUrl } from "./src/jobs/runtime.ts";
import { runEvaluation } from "./src/jobs/evaluation.ts";
import { createSyncRunner } from "./src/jobs/sync_mod.ts";
import { createSyncHandler, isSyncAvailable } from "./src/http/sync_handler.ts";
import {
  compositeOptionsFromConfig,
  renderCompositeSvg,
  resolveChartForDrawing,
} from "./src/chart/mod.ts";
import { denoFs } from "./src/adapters/deno_fs.ts";
import type { JobFs } from "./src/jobs/fs.ts";
import { createFileJobs } from "./src/jobs/file_jobs.ts";
import { VERSION } from "./src/version.ts";

export { createApp } from "./src/http/app.ts";
export type {
  AppDeps,
  AppEnv,
  ChartPngRenderer,
  ChartSvgRenderer,
  SyncHandler,
  SyncOutcome,
} from "./src/http/deps.ts";
export type { Hono } from "hono";
export { hashPassword } from "./src/http/password.ts";
export type { HashPasswordOptions } from "./src/http/password.ts";
export { createScheduler, cronExpression, summaryLine } from "./src/jobs/scheduler.ts";
export type {
  CronFn,
  EvaluateFn,
  RunOutcome,
  Scheduler,
  SchedulerDeps,
  SchedulerMetrics,
} from "./src/jobs/scheduler.ts";
export { createRecordStore } from "./src/jobs/record_store.ts";
export type { RecordStatus, RecordStore, RecordStoreOptions } from "./src/jobs/record_store.ts";
export type { JobFileInfo, JobFs } from "./src/jobs/fs.ts";

/** Inputs of {@link createService}. */
export interface ServiceOptions {
  /** Validated configuration (schedule, telemetry, dashboard, charts). */
  config: Config;
  /** Runs one evaluation for the scheduler (usually `runEvaluation` bound to the runtime). */
  evaluate: EvaluateFn;
  /** `SELECT 1` probe (`greptimeClient.ping({ signal })`). */
  ping: (signal: AbortSignal) => Promise<unknown>;
  /** §2.7 JSON text served at `/api/config/normalized`. */
  normalizedConfig: string;
  /** Receives the scheduler and HTTP log lines. */
  logger: Logger;
  /** Program version for `build_info`. */
  version: string;
  /** Chart SVG renderer; absent → chart routes answer 404. */
  renderChartSvg?: ChartSvgRenderer;
  /** Chart PNG renderer; absent → `.png` chart routes answer 404. */
  renderChartPng?: ChartPngRenderer;
  /** Database client for chart plot ranges that need server downsampling (§15.1). */
  greptime?: GreptimeClient;
  /** Transaction sync handler (§16); absent → the sync routes answer 404. */
  sync?: SyncHandler;
  /** Called after each published record (e.g. diagnostics files, §15.5); errors are logged. */
  onRecord?: (record: EvaluationRecord) => void | Promise<void>;
  /** Summary line formatter for the §11.7 log lines; the scheduler's own when absent. */
  formatSummaryLine?: (result: AssetResult) => string;
  /** `Deno.cron` by default when it exists; pass null to force the timer chain. */
  cron?: CronFn | null;
  /** Clock in epoch ms; defaults to `Date.now`. */
  now?: () => number;
  /** Dashboard auto-refresh period in seconds (default 10). */
  refreshSeconds?: number;
}

/** The wired service parts. */
export interface Service {
  /** The Hono app (§13); serve it with {@link startServer} or call `app.request()` in tests. */
  app: Hono<AppEnv>;
  /** Evaluation scheduler (§11); not started yet. */
  scheduler: Scheduler;
  /** Holds the latest published evaluation record. */
  store: RecordStore;
  /** Recorder publishing records to `registry` (§12). */
  metrics: MetricsRecorder;
  /** The dedicated prom-client registry (§12.1). */
  registry: Registry;
}

function defaultCron(): CronFn | undefined {
  if (typeof Deno.cron !== "function") return undefined;
  return (name, schedule, options, handler) => Deno.cron(name, schedule, options, handler);
}

/**
 * Builds store, metrics (dedicated registry), scheduler and app from the config.
 *
 * @example
 * ```ts ignore
 * import { createService, startServer } from "./server.ts";
 * const service = createService({ config, evaluate, ping, normalizedConfig, logger, version });
 * const server = await startServer({ ...service, logger, config }, { hostname: "127.0.0.1", port: 9808 });
 * ```
 */
export function createService(opts: ServiceOptions): Service {
  const { config } = opts;
  const now = opts.now ?? Date.now;
  const schedule = config.runtime.schedule;
  const telemetry = config.runtime.telemetry;
  const registry = new Registry();
  const metrics = createMetrics(registry, {
    prefix: telemetry.metric_prefix,
    expose: telemetry.expose,
    version: opts.version,
    denoVersion: Deno.version.deno,
    defaultMetrics: telemetry.default_metrics,
  });
  const store = createRecordStore({ intervalMinutes: schedule.interval_minutes });
  const scheduler = createScheduler({
    evaluate: opts.evaluate,
    store,
    intervalMinutes: schedule.interval_minutes,
    timeoutSeconds: schedule.evaluation_timeout_seconds,
    now,
    logger: opts.logger,
    metrics,
    cron: opts.cron === null ? undefined : opts.cron ?? defaultCron(),
    onRecord: opts.onRecord,
    formatSummaryLine: opts.formatSummaryLine,
  });
  const app = createApp({
    config,
    store,
    trigger: () => scheduler.trigger(),
    // Scrapes reuse the text rendered after the last change (see MetricsRecorder.text).
    metrics: { metrics: () => metrics.text(), contentType: registry.contentType },
    ping: opts.ping,
    normalizedConfig: opts.normalizedConfig,
    renderChartSvg: opts.renderChartSvg,
    renderChartPng: opts.renderChartPng,
    greptime: opts.greptime,
    sync: opts.sync,
    logger: opts.logger,
    now,
    refreshSeconds: opts.refreshSeconds,
  });
  return { app, scheduler, store, metrics, registry };
}

/** Inputs of {@link startServer}. */
export interface ServerDeps {
  /** The Hono app to serve. */
  app: Hono<AppEnv>;
  /** Started after the HTTP lines are logged; stopped first on shutdown. */
  scheduler?: Pick<Scheduler, "start" | "stop">;
  /** Receives the §17.3 server lines and shutdown messages. */
  logger: Logger;
  /** Configuration; `runtime.telemetry.path` appears in the metrics log line. */
  config: Config;
}

/** Listen options of {@link startServer}. */
export interface StartServerOptions {
  /** Address to listen on, e.g. `0.0.0.0` or `127.0.0.1`. */
  hostname: string;
  /** 0 = any free port (the chosen one is logged and returned). */
  port: number;
  /** Aborting it shuts the server down gracefully. */
  signal?: AbortSignal;
  /** Install SIGINT/SIGTERM handlers that shut down and exit 0 (default true). */
  handleSignals?: boolean;
}

/** A running server. */
export interface RunningServer {
  /** The port actually bound. */
  port: number;
  /** The address listened on. */
  hostname: string;
  /** Stops the scheduler (aborting a running evaluation) and the server (≤ 10 s). */
  shutdown(): Promise<void>;
  /** Resolves once the server has stopped. */
  finished: Promise<void>;
}

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Serves `deps.app` and starts the scheduler, logging the §17.3 server sequence.
 *
 * @example
 * ```ts ignore
 * const server = await startServer(deps, { hostname: "127.0.0.1", port: 0, handleSignals: false });
 * await server.shutdown();
 * ```
 */
// deno-lint-ignore require-await -- async so a listen failure rejects instead of throwing.
export async function startServer(
  deps: ServerDeps,
  opts: StartServerOptions,
): Promise<RunningServer> {
  const log = deps.logger;
  const force = new AbortController();
  const server = Deno.serve({
    hostname: opts.hostname,
    port: opts.port,
    signal: force.signal,
    onListen: () => {},
  }, (req, info) => {
    const remote = info.remoteAddr as Deno.NetAddr;
    return deps.app.fetch(req, { remoteAddr: remote.hostname });
  });
  const port = (server.addr as Deno.NetAddr).port;
  // An IPv6 literal needs brackets inside a URL (`http://[::]:9808/metrics`).
  const urlHost = opts.hostname.includes(":") ? `[${opts.hostname}]` : opts.hostname;
  const base = `http://${urlHost}:${port}`;
  log.info(`Starting HTTP server on ${opts.hostname}:${port}`);
  log.info(`Prometheus metrics available at ${base}${deps.config.runtime.telemetry.path}`);
  log.info(`Dashboard available at ${base}/dashboard`);
  deps.scheduler?.start();

  let closing: Promise<void> | null = null;
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  const onSignal = () => {
    log.info("Shutting down...");
    shutdown().then(() => Deno.exit(0));
  };
  if (opts.handleSignals ?? true) {
    for (const s of signals) Deno.addSignalListener(s, onSignal);
  }

  function shutdown(): Promise<void> {
    closing ??= (async () => {
      if (opts.handleSignals ?? true) {
        for (const s of signals) Deno.removeSignalListener(s, onSignal);
      }
      await deps.scheduler?.stop();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const grace = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), SHUTDOWN_GRACE_MS);
      });
      const result = await Promise.race([server.shutdown().then(() => "done" as const), grace]);
      clearTimeout(timer);
      if (result === "timeout") {
        log.warning("HTTP server did not drain within 10 s; closing connections");
        force.abort();
      }
      await server.finished;
    })();
    return closing;
  }
  opts.signal?.addEventListener("abort", () => void shutdown(), { once: true });
  return { port, hostname: opts.hostname, shutdown, finished: server.finished };
}

/** Inputs of {@link runServerMode} (what `cli.ts` has after loading the config). */
export interface ServerModeOptions {
  /** Validated configuration. */
  config: Config;
  /** Config path (or `demo`) for `Loaded configuration from <path>`. */
  source: string;
  /** Detected config schema (`seed`, `v2` or `demo`) for `/api/config/normalized` (§2.7). */
  schema: string;
  /** Config warnings, shown in the normalized config (§2.7). */
  warnings: string[];
  /** Validated token registry, or null. */
  registry: TokenRegistry | null;
  /** `Token registry validated for assets: …`, logged at DEBUG in server mode (§17.3). */
  registryValidatedLine?: string | null;
  /** Token registry warnings, logged at WARNING (§17.3). */
  registryWarnings?: readonly string[];
  /** Receives every log line (stderr in the CLI). */
  logger: Logger;
  /** `--no-telemetry`: scheduler without HTTP (§1.1). */
  noTelemetry?: boolean;
  /** `--port` (0 = any free port); default `telemetry.listen_port`. */
  port?: number | null;
  /** `--test-prefix`: transaction sync writes go to `test_` tables (§16.5). */
  testPrefix?: boolean;
  /** Fetch for GreptimeDB and the price APIs; defaults to `globalThis.fetch`. */
  fetch?: typeof fetch;
  /**
   * Extra hook after each published record, run after the diagnostics files (§15.5) and the
   * due cleanup (§15.6, §11.7) of that record.
   */
  onRecord?: (record: EvaluationRecord) => void | Promise<void>;
  /** Files for diagnostics and cleanup; default `denoFs` (`src/adapters/deno_fs.ts`). */
  fs?: JobFs;
  /** Resolves when the process should stop; default: SIGINT or SIGTERM. */
  stopSignal?: Promise<unknown>;
  /** Called once the HTTP server listens (tests use it to learn the port of `--port 0`). */
  onListen?: (server: { hostname: string; port: number }) => void;
  /** Dashboard auto-refresh period in seconds (default 10). */
  refreshSeconds?: number;
}

function signalPromise(): { promise: Promise<void>; dispose: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  const handler = () => resolve();
  for (const s of signals) Deno.addSignalListener(s, handler);
  return {
    promise,
    dispose: () => signals.forEach((s) => Deno.removeSignalListener(s, handler)),
  };
}

function syncHandler(opts: ServerModeOptions, greptime: GreptimeClient): SyncHandler | undefined {
  if (!isSyncAvailable(opts.config)) return undefined;
  return createSyncHandler(createSyncRunner({
    config: opts.config,
    greptime,
    now: Date.now,
    logger: opts.logger,
    testPrefix: opts.testPrefix,
    fetch: opts.fetch,
  }));
}

/**
 * Server mode of the CLI (§17.2): logs the §17.3 sequence, serves HTTP (unless
 * `noTelemetry`), runs the scheduler, and returns the exit code after SIGINT/SIGTERM (0) or
 * a listen failure (1).
 *
 * @example
 * ```ts ignore
 * const code = await runServerMode({ config, source, schema, warnings, registry, logger });
 * ```
 */
export async function runServerMode(opts: ServerModeOptions): Promise<number> {
  const { config, logger } = opts;
  logger.info(`Loaded configuration from ${opts.source}`);
  let metrics: MetricsRecorder | null = null;
  const runtime = createRuntime(config, {
    fetch: opts.fetch,
    logger,
    registry: opts.registry,
    version: VERSION,
    onQuery: (outcome, seconds) => metrics?.observeQuery(outcome, seconds),
  });
  logger.debug(`Initialized GreptimeDB reader: ${greptimeUrl(config)}`);
  if (opts.registryValidatedLine) logger.debug(opts.registryValidatedLine);
  for (const w of opts.registryWarnings ?? []) logger.warning(w);
  const diag = config.visualization.diagnostics;
  const { renderPng } = await import("./src/chart/png.ts");
  const files = createFileJobs(config, {
    fs: opts.fs ?? denoFs,
    logger,
    render: renderPng,
    resolveChart: (chart) => resolveChartForDrawing(chart, runtime.greptime),
    extra: opts.onRecord,
  });
  const service = createService({
    config,
    evaluate: ({ signal, evaluationId }) =>
      runEvaluation(runtime.runDeps, { now: Date.now(), signal, evaluationId }),
    ping: (signal) => runtime.greptime.ping({ signal }),
    greptime: runtime.greptime,
    normalizedConfig: normalizedConfigJson(config, {
      source: opts.source,
      schema: opts.schema as "seed" | "v2" | "demo",
      warnings: opts.warnings,
    }),
    logger,
    version: VERSION,
    renderChartSvg: (chart, size) =>
      renderCompositeSvg(chart, compositeOptionsFromConfig(config, chart.asset, size)),
    renderChartPng: (svg) => renderPng(svg, { fontFile: diag.font_file }),
    sync: syncHandler(opts, runtime.greptime),
    onRecord: files.afterRecord,
    refreshSeconds: opts.refreshSeconds,
  });
  metrics = service.metrics;
  const stop = opts.stopSignal ? { promise: opts.stopSignal, dispose: () => {} } : signalPromise();
  try {
    if (opts.noTelemetry || !config.runtime.telemetry.enabled) {
      service.scheduler.start();
      files.startup();
      await stop.promise;
      logger.info("Shutting down...");
      await service.scheduler.stop();
      await files.drain();
      return 0;
    }
    let server: RunningServer;
    try {
      server = await startServer({ ...service, logger, config }, {
        hostname: config.runtime.telemetry.listen_address,
        port: opts.port ?? config.runtime.telemetry.listen_port,
        handleSignals: false,
      });
    } catch (e) {
      logger.error(
        `Cannot listen on ${config.runtime.telemetry.listen_address}:${
          opts.port ?? config.runtime.telemetry.listen_port
        }: ${e instanceof Error ? e.message : String(e)}`,
      );
      await service.scheduler.stop();
      return 1;
    }
    files.startup();
    opts.onListen?.({ hostname: server.hostname, port: server.port });
    await stop.promise;
    logger.info("Shutting down...");
    await server.shutdown();
    await files.drain();
    return 0;
  } finally {
    stop.dispose();
  }
}

if (import.meta.main) {
  const { main } = await import("./cli.ts");
  Deno.exit(await main(Deno.args));
}
