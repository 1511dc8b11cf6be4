/**
 * Holds the latest published evaluation record and answers staleness questions
 * (SPEC §11.1, §11.4). Publishing replaces the reference atomically; readers always see
 * one whole record.
 *
 * @module
 */
import type { EvaluationRecord } from "../evaluate/types.ts";

/** Age and staleness of the published record at some instant. */
export interface RecordStatus {
  /** True before any record and when older than 2·interval (§11.4). */
  stale: boolean;
  /** Seconds since `finished_at` (3 decimals), null before any record. */
  ageSeconds: number | null;
  /** `finished_at` in epoch ms, null before any record. */
  finishedMs: number | null;
}

/** The latest-record holder. */
export interface RecordStore {
  /** The published record, or null before the first one. */
  latest(): EvaluationRecord | null;
  /** Publishes `record`, replacing the previous one. */
  publish(record: EvaluationRecord): void;
  /** Staleness at `nowMs`. */
  status(nowMs: number): RecordStatus;
}

/** Options of {@link createRecordStore}. */
export interface RecordStoreOptions {
  /** `runtime.schedule.interval_minutes`. */
  intervalMinutes: number;
}

/**
 * Creates an empty record store.
 *
 * @example
 * ```ts
 * import { createRecordStore } from "./record_store.ts";
 * const store = createRecordStore({ intervalMinutes: 60 });
 * console.assert(store.latest() === null && store.status(0).stale);
 * ```
 */
export function createRecordStore(opts: RecordStoreOptions): RecordStore {
  const staleAfterMs = 2 * opts.intervalMinutes * 60_000;
  let current: EvaluationRecord | null = null;
  let finishedMs: number | null = null;
  return {
    latest: () => current,
    publish(record: EvaluationRecord): void {
      const ms = Date.parse(record.finished_at);
      if (!Number.isFinite(ms)) {
        throw new RangeError(
          `finished_at is not an ISO time: ${JSON.stringify(record.finished_at)}`,
        );
      }
      current = record;
      finishedMs = ms;
    },
    status(nowMs: number): RecordStatus {
      if (finishedMs === null) return { stale: true, ageSeconds: null, finishedMs: null };
      const ageMs = Math.max(0, nowMs - finishedMs);
      return {
        stale: ageMs > staleAfterMs,
        ageSeconds: Math.round(ageMs) / 1000,
        finishedMs,
      };
    },
  };
}
