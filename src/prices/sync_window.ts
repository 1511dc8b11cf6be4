/**
 * The transaction sync window (SPEC §16.2): a plain date means 00:00:00.000Z (start) or
 * 23:59:59.999Z (end); a datetime must carry an offset or `Z`; defaults are
 * `2023-10-01T00:00:00Z` and now; start < end.
 *
 * @module
 */

/**
 * A bad sync window (route → 400, CLI → exit 2).
 *
 * @example
 * ```ts
 * import { SyncInputError } from "./sync_window.ts";
 * const err = new SyncInputError("start_date must be before end_date");
 * console.assert(err.name === "SyncInputError");
 * ```
 */
export class SyncInputError extends Error {
  /** Creates the error. */
  constructor(message: string) {
    super(message);
    this.name = "SyncInputError";
  }
}

/** Default start of the sync window (§16.2). */
export const DEFAULT_SYNC_START_MS: number = Date.UTC(2023, 9, 1);

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const NAIVE_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

function parseBound(text: string, which: "start" | "end"): number {
  const s = text.trim();
  const d = DATE_RE.exec(s);
  if (d) {
    const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
    const ms = which === "start"
      ? Date.UTC(y, m - 1, day)
      : Date.UTC(y, m - 1, day, 23, 59, 59, 999);
    const check = new Date(Date.UTC(y, m - 1, day));
    if (
      check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== day
    ) {
      throw new SyncInputError(`${which}_date: invalid date ${JSON.stringify(text)}`);
    }
    return ms;
  }
  if (NAIVE_RE.test(s)) {
    throw new SyncInputError(
      `${which}_date: datetime ${JSON.stringify(text)} needs an offset or Z`,
    );
  }
  if (!DATETIME_RE.test(s)) {
    throw new SyncInputError(
      `${which}_date: expected an ISO date or datetime, got ${JSON.stringify(text)}`,
    );
  }
  const ms = Date.parse(s.toUpperCase().replace(/T(\d{2}:\d{2})(Z|[+-])/, "T$1:00$2"));
  if (!Number.isFinite(ms)) {
    throw new SyncInputError(`${which}_date: invalid datetime ${JSON.stringify(text)}`);
  }
  return ms;
}

/**
 * Resolves the window in epoch ms.
 *
 * @example
 * ```ts
 * import { parseSyncWindow } from "./sync_window.ts";
 * const w = parseSyncWindow("2025-01-01", "2025-01-02", Date.now());
 * console.assert(w.endMs - w.startMs === 2 * 86_400_000 - 1);
 * ```
 */
export function parseSyncWindow(
  start: string | null | undefined,
  end: string | null | undefined,
  nowMs: number,
): { startMs: number; endMs: number } {
  const startMs = start == null || start === ""
    ? DEFAULT_SYNC_START_MS
    : parseBound(start, "start");
  const endMs = end == null || end === "" ? nowMs : parseBound(end, "end");
  if (!(startMs < endMs)) {
    throw new SyncInputError(
      `start_date must be before end_date (${new Date(startMs).toISOString()} >= ${
        new Date(endMs).toISOString()
      })`,
    );
  }
  return { startMs, endMs };
}
