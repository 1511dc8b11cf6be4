/**
 * `/readyz` semantics (SPEC §13.1): ready iff a record exists, its age is at most
 * 2·interval + timeout, and `SELECT 1` succeeded within the last 10 s. The database probe
 * result is cached for 10 s and concurrent callers share one probe.
 *
 * @module
 */
import type { RecordStore } from "../jobs/record_store.ts";

/** The `/readyz` body. */
export interface ReadinessReport {
  status: "ready" | "not_ready";
  last_evaluation: string | null;
  age_seconds: number | null;
  database: "ok" | "unreachable";
  reasons: string[];
}

/** Options of {@link createReadiness}. */
export interface ReadinessOptions {
  store: RecordStore;
  ping: (signal: AbortSignal) => Promise<unknown>;
  now: () => number;
  intervalMinutes: number;
  timeoutSeconds: number;
  /** Probe cache lifetime (default 10 000 ms). */
  cacheMs?: number;
  /** Probe timeout (default 5000 ms). */
  probeTimeoutMs?: number;
}

/**
 * Creates the readiness checker.
 *
 * @example
 * ```ts
 * import { createReadiness } from "./readiness.ts";
 * import { createRecordStore } from "../jobs/record_store.ts";
 * const check = createReadiness({
 *   store: createRecordStore({ intervalMinutes: 60 }),
 *   ping: () => Promise.resolve(),
 *   now: Date.now,
 *   intervalMinutes: 60,
 *   timeoutSeconds: 120,
 * });
 * console.assert((await check()).status === "not_ready");
 * ```
 */
export function createReadiness(opts: ReadinessOptions): () => Promise<ReadinessReport> {
  const cacheMs = opts.cacheMs ?? 10_000;
  const probeTimeoutMs = opts.probeTimeoutMs ?? 5000;
  const maxAgeSeconds = 2 * opts.intervalMinutes * 60 + opts.timeoutSeconds;
  let probedAt = -Infinity;
  let lastOk = false;
  let inflight: Promise<boolean> | null = null;

  function probe(): Promise<boolean> {
    if (opts.now() - probedAt < cacheMs) return Promise.resolve(lastOk);
    if (inflight) return inflight;
    const ac = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The timeout also settles the probe when `ping` ignores its signal.
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => {
        ac.abort(new DOMException("probe timed out", "TimeoutError"));
        resolve(false);
      }, probeTimeoutMs);
    });
    const answered = Promise.resolve()
      .then(() => opts.ping(ac.signal))
      .then(() => true, () => false);
    inflight = Promise.race([answered, timedOut]).then((ok) => {
      clearTimeout(timer);
      probedAt = opts.now();
      lastOk = ok;
      inflight = null;
      return ok;
    });
    return inflight;
  }

  return async (): Promise<ReadinessReport> => {
    const dbOk = await probe();
    const record = opts.store.latest();
    const status = opts.store.status(opts.now());
    const reasons: string[] = [];
    if (record === null) reasons.push("no evaluation has completed yet");
    else if (status.ageSeconds !== null && status.ageSeconds > maxAgeSeconds) {
      reasons.push(
        `last evaluation is too old (${Math.round(status.ageSeconds)} s > ${maxAgeSeconds} s)`,
      );
    }
    if (!dbOk) reasons.push("database unreachable (SELECT 1 failed)");
    return {
      status: reasons.length === 0 ? "ready" : "not_ready",
      last_evaluation: record?.finished_at ?? null,
      age_seconds: status.ageSeconds,
      database: dbOk ? "ok" : "unreachable",
      reasons,
    };
  };
}
