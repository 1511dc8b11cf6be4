/**
 * Evaluation scheduling (SPEC §11.2–§11.7): first run at start, then every
 * `interval_minutes` via `Deno.cron` (injected) when the interval is clock-aligned, else a
 * fixed-rate timer chain; never two evaluations at once; a per-run timeout that discards the
 * partial run and keeps the previous record; graceful stop.
 *
 * @module
 */
import type { AssetResult, EvaluationRecord } from "../evaluate/types.ts";
import type { Logger } from "../log.ts";
import type { RecordStore } from "./record_store.ts";

/** The evaluation function the scheduler runs (the real one wraps `runEvaluation`). */
export type EvaluateFn = (
  opts: { signal: AbortSignal; evaluationId: number },
) => Promise<EvaluationRecord>;

/** The shape of `Deno.cron(name, schedule, options, handler)`. */
export type CronFn = (
  name: string,
  schedule: string,
  options: { signal?: AbortSignal },
  handler: () => void | Promise<void>,
) => Promise<void>;

/** Metrics hooks used by the scheduler (a subset of `MetricsRecorder`). */
export interface SchedulerMetrics {
  /** Re-sets the per-asset gauges from a published record (§12.3). */
  publish(record: EvaluationRecord): void;
  /** Increments `evaluation_errors_total{asset}` (`_all_` for timeouts and crashes). */
  evaluationError(asset: string): void;
  /** Observes one evaluation duration in seconds. */
  observeDuration(seconds: number): void;
}

/** Outcome of one run (expected outcomes are data, not exceptions). */
export type RunOutcome =
  | { kind: "published"; record: EvaluationRecord }
  | { kind: "timeout"; evaluationId: number; timeoutSeconds: number }
  | { kind: "failed"; evaluationId: number; message: string }
  | { kind: "stopped" };

/** Collaborators of {@link createScheduler}. */
export interface SchedulerDeps {
  /** Runs one evaluation. */
  evaluate: EvaluateFn;
  /** Where finished records are published. */
  store: RecordStore;
  /** Evaluation period in minutes (§11.5). */
  intervalMinutes: number;
  /** Per-evaluation timeout in seconds (§11.3); the run's signal aborts after it. */
  timeoutSeconds: number;
  /** Clock in epoch ms (staleness, fixed-rate timer chain). */
  now: () => number;
  /** Receives the §11.7 INFO lines and the skip/timeout/failure messages. */
  logger: Logger;
  /** Metrics hooks; none when absent. */
  metrics?: SchedulerMetrics;
  /** `Deno.cron` when available; absent → timer chain. */
  cron?: CronFn;
  /** Timer used for the fixed-rate chain and the timeout; defaults to `globalThis.setTimeout`. */
  setTimeout?: (fn: () => void, ms: number) => unknown;
  /** Cancels a timer created by `setTimeout`; defaults to `globalThis.clearTimeout`. */
  clearTimeout?: (id: unknown) => void;
  /** Called after each published record (e.g. diagnostics files); errors are logged. */
  onRecord?: (record: EvaluationRecord) => void | Promise<void>;
  /** Summary line formatter (§17.3); a local one is used when absent. */
  formatSummaryLine?: (result: AssetResult) => string;
}

/** A running schedule. */
export interface Scheduler {
  /** Logs the loop lines, runs the first evaluation immediately and schedules the rest. */
  start(): void;
  /** Runs an evaluation now, or joins the running one (§11.2, `POST /api/evaluate`). */
  trigger(): Promise<RunOutcome>;
  /** Stops scheduling and aborts a running evaluation (§11.6). */
  stop(): Promise<void>;
  /** True while an evaluation runs. */
  isRunning(): boolean;
  /** How ticks are produced after `start()`: `cron`, `timer`, or null before start. */
  mode(): "cron" | "timer" | null;
}

/** Largest delay a timer accepts (2^31 − 1 ms, about 24.8 days); longer waits are chained. */
const MAX_TIMER_DELAY_MS = 2_147_483_647;

/** The `Deno.cron` name used for the evaluation schedule. */
export const CRON_NAME = "alert-orchestrator-evaluation";

/**
 * Cron expression for a clock-aligned interval (§11.5), or null when the interval needs
 * the timer chain.
 *
 * @example
 * ```ts
 * import { cronExpression } from "./scheduler.ts";
 * console.assert(cronExpression(15) === "*\/15 * * * *");
 * console.assert(cronExpression(120) === "0 *\/2 * * *");
 * console.assert(cronExpression(7) === null);
 * ```
 */
export function cronExpression(intervalMinutes: number): string | null {
  if (!Number.isInteger(intervalMinutes) || intervalMinutes < 1) return null;
  if (intervalMinutes < 60 && 60 % intervalMinutes === 0) return `*/${intervalMinutes} * * * *`;
  if (intervalMinutes === 60) return "0 * * * *";
  if (intervalMinutes % 60 === 0 && 1440 % intervalMinutes === 0) {
    const hours = intervalMinutes / 60;
    return hours === 24 ? "0 0 * * *" : `0 */${hours} * * *`;
  }
  return null;
}

function fixed2(v: number): string {
  const s = v.toFixed(2);
  return s === "-0.00" ? "0.00" : s;
}

/**
 * The §17.3 summary line of one result.
 *
 * @example
 * ```ts
 * import { summaryLine } from "./scheduler.ts";
 * // `r` is an AssetResult with decision 1, wmax_usd 1234.56 and 3 wallets:
 * // summaryLine(r) === "djed: decision=1, wmax_usd=1234.56 (3 wallets)"
 * ```
 */
export function summaryLine(r: AssetResult): string {
  const head = `${r.asset}: decision=${r.decision}, wmax_usd=${fixed2(r.wmax_usd)}`;
  if (r.decision === 1) {
    return `${head} (${r.wallet_count} ${r.wallet_count === 1 ? "wallet" : "wallets"})`;
  }
  return `${head} [reason: ${r.reason ?? "unknown"}]`;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Creates a scheduler; nothing runs until `start()` or `trigger()`.
 *
 * @example
 * ```ts
 * import { createScheduler } from "./scheduler.ts";
 * import { createRecordStore } from "./record_store.ts";
 * import { silentLogger } from "../log.ts";
 * const store = createRecordStore({ intervalMinutes: 60 });
 * const scheduler = createScheduler({
 *   evaluate: ({ evaluationId }) =>
 *     Promise.resolve({
 *       evaluation_id: evaluationId,
 *       started_at: "2025-01-01T00:00:00.000Z",
 *       finished_at: "2025-01-01T00:00:01.000Z",
 *       duration_ms: 1000,
 *       results: [],
 *       details: [],
 *     }),
 *   store,
 *   intervalMinutes: 60,
 *   timeoutSeconds: 120,
 *   now: Date.now,
 *   logger: silentLogger,
 * });
 * const outcome = await scheduler.trigger();
 * console.assert(outcome.kind === "published" && store.latest()?.evaluation_id === 1);
 * ```
 */
export function createScheduler(deps: SchedulerDeps): Scheduler {
  const setT = deps.setTimeout ?? ((fn: () => void, ms: number) => globalThis.setTimeout(fn, ms));
  const clearT = deps.clearTimeout ??
    ((id: unknown) => globalThis.clearTimeout(id as number));
  const format = deps.formatSummaryLine ?? summaryLine;
  const intervalMs = deps.intervalMinutes * 60_000;
  const log = deps.logger;

  /**
   * Runs `fn` after `ms`; returns a cancel function. Timers overflow above 2^31 − 1 ms (and
   * would fire at once), so longer waits are chained in steps.
   */
  function later(fn: () => void, ms: number): () => void {
    let id: unknown = null;
    let cancelled = false;
    const arm = (remainingMs: number): void => {
      const stepMs = Math.min(Math.max(0, remainingMs), MAX_TIMER_DELAY_MS);
      id = setT(() => {
        if (cancelled) return;
        if (remainingMs > stepMs) arm(remainingMs - stepMs);
        else fn();
      }, stepMs);
    };
    arm(ms);
    return () => {
      cancelled = true;
      clearT(id);
    };
  }

  let nextId = 1;
  let current: Promise<RunOutcome> | null = null;
  let runAbort: AbortController | null = null;
  let stopped = false;
  let cancelTimer: (() => void) | null = null;
  let cronAbort: AbortController | null = null;
  let mode: "cron" | "timer" | null = null;
  let startedMs = 0;

  function publish(record: EvaluationRecord): void {
    deps.store.publish(record);
    deps.metrics?.publish(record);
    deps.metrics?.observeDuration(record.duration_ms / 1000);
    log.info(
      `Evaluation #${record.evaluation_id} finished in ${Math.round(record.duration_ms)} ms`,
    );
    for (const r of record.results) log.info(format(r));
    if (deps.onRecord) {
      Promise.resolve()
        .then(() => deps.onRecord?.(record))
        .catch((e) => log.error(`After evaluation #${record.evaluation_id}: ${errorMessage(e)}`));
    }
  }

  async function execute(id: number, ac: AbortController): Promise<RunOutcome> {
    let cancelTimeout: () => void = () => {};
    const timedOut = new Promise<"timeout">((resolve) => {
      cancelTimeout = later(() => resolve("timeout"), deps.timeoutSeconds * 1000);
    });
    // stop() must not wait for an evaluation that ignores its signal.
    const aborted = new Promise<"aborted">((resolve) =>
      ac.signal.addEventListener("abort", () => resolve("aborted"), { once: true })
    );
    try {
      const settled = await Promise.race([
        deps.evaluate({ signal: ac.signal, evaluationId: id }).then(
          (record) => ({ record }),
          (error: unknown) => ({ error }),
        ),
        timedOut,
        aborted,
      ]);
      if (stopped || settled === "aborted") return { kind: "stopped" };
      if (settled === "timeout") {
        ac.abort(new DOMException("evaluation timed out", "TimeoutError"));
        log.error(
          `Evaluation #${id} timed out after ${deps.timeoutSeconds} s; the previous record stays published`,
        );
        deps.metrics?.evaluationError("_all_");
        return { kind: "timeout", evaluationId: id, timeoutSeconds: deps.timeoutSeconds };
      }
      if ("error" in settled) {
        const message = errorMessage(settled.error);
        log.error(`Evaluation #${id} failed: ${message}; the previous record stays published`);
        deps.metrics?.evaluationError("_all_");
        return { kind: "failed", evaluationId: id, message };
      }
      publish(settled.record);
      return { kind: "published", record: settled.record };
    } finally {
      cancelTimeout();
    }
  }

  function run(): Promise<RunOutcome> {
    if (current) return current;
    if (stopped) return Promise.resolve({ kind: "stopped" });
    const id = nextId++;
    const ac = new AbortController();
    runAbort = ac;
    const p = execute(id, ac).finally(() => {
      if (current === p) current = null;
      if (runAbort === ac) runAbort = null;
    });
    current = p;
    return p;
  }

  function tick(): void {
    if (stopped) return;
    if (current) {
      log.warning("evaluation skipped: previous still running");
      return;
    }
    void run();
  }

  function scheduleAfter(previousScheduledMs: number): void {
    const nowMs = deps.now();
    let next = previousScheduledMs + intervalMs;
    // Fixed rate: missed ticks are skipped, not queued.
    if (next <= nowMs) next += Math.ceil((nowMs - next + 1) / intervalMs) * intervalMs;
    cancelTimer = later(() => {
      cancelTimer = null;
      if (stopped) return;
      tick();
      scheduleAfter(next);
    }, next - nowMs);
  }

  function startCron(expr: string): boolean {
    if (!deps.cron) return false;
    cronAbort = new AbortController();
    try {
      const abort = cronAbort;
      deps.cron(CRON_NAME, expr, { signal: abort.signal }, () => tick()).catch((e) => {
        if (stopped || abort.signal.aborted) return;
        // A failed registration must not end the schedule: continue on the timer grid.
        log.warning(`Deno.cron failed (${errorMessage(e)}); using a timer`);
        cronAbort = null;
        mode = "timer";
        scheduleAfter(startedMs);
      });
      return true;
    } catch (e) {
      log.warning(`Deno.cron unavailable (${errorMessage(e)}); using a timer`);
      cronAbort = null;
      return false;
    }
  }

  return {
    start(): void {
      if (mode !== null || stopped) return;
      log.info(`Running evaluation loop every ${deps.intervalMinutes} minutes`);
      log.info("First evaluation starting...");
      const startMs = deps.now();
      startedMs = startMs;
      void run();
      const expr = cronExpression(deps.intervalMinutes);
      if (expr !== null && startCron(expr)) {
        mode = "cron";
      } else {
        mode = "timer";
        scheduleAfter(startMs);
      }
    },
    trigger: run,
    async stop(): Promise<void> {
      stopped = true;
      cancelTimer?.();
      cancelTimer = null;
      cronAbort?.abort();
      runAbort?.abort(new DOMException("scheduler stopped", "AbortError"));
      if (current) await current.catch(() => undefined);
    },
    isRunning: () => current !== null,
    mode: () => mode,
  };
}
