/**
 * Server-side chart downsampling (SPEC §10.6, §15.3): GreptimeDB bins the summed position
 * value with `date_bin`; servers that cannot (codes 1001, 2000, 3000, 3001) get a raw-row
 * query instead, and the client remembers that for its lifetime.
 *
 * @module
 */

import type { Series } from "../evaluate/types.ts";
import type { GreptimeClient } from "../greptime/types.ts";

/** One server-side bin: min/avg/max of V over [bucketMs, bucketMs + binSeconds). */
export interface ServerBin {
  /** Bucket start in epoch ms (a multiple of the bin width). */
  bucketMs: number;
  /** Smallest V in the bucket, in USD. */
  min: number;
  /** Mean V in the bucket, in USD. */
  avg: number;
  /** Largest V in the bucket, in USD. */
  max: number;
  /** Number of V points in the bucket. */
  count: number;
}

/** Outcome of {@link fetchServerDownsampled}. */
export type ServerDownsampleResult =
  | { kind: "bins"; binSeconds: number; bins: ServerBin[] }
  | { kind: "raw"; series: Series };

/** Options of {@link fetchServerDownsampled}: bounds are epoch ms, null = open. */
export interface ServerDownsampleOptions {
  startMs: number | null;
  endMs: number | null;
  binSeconds: number;
  signal?: AbortSignal;
}

/** Greptime codes meaning "this server cannot run the date_bin query" (§10.6). */
export const UNSUPPORTED_CODES: readonly number[] = [1001, 2000, 3000, 3001];

const TABLE_RE = /^[a-z_][a-z0-9_]{0,127}$/;
const VALUE_EXPR = "SUM(COALESCE(usd_value, underlying_units * price_usd))";
const unsupported = new WeakMap<GreptimeClient, true>();

/**
 * The §10.6 `date_bin` statement for a position table.
 *
 * @example
 * ```ts
 * import { buildDateBinSql } from "./server_downsample.ts";
 * buildDateBinSql("liqwid_supply_positions_djed", { startMs: 0, endMs: 10, binSeconds: 3600 });
 * // "SELECT date_bin(INTERVAL '3600 seconds', ts) AS bucket, … WHERE ts >= 0 AND ts <= 10 …"
 * ```
 */
export function buildDateBinSql(
  table: string,
  opts: { startMs: number | null; endMs: number | null; binSeconds: number },
): string {
  checkTable(table);
  if (!Number.isSafeInteger(opts.binSeconds) || opts.binSeconds <= 0) {
    throw new RangeError(`binSeconds must be a positive integer; got ${opts.binSeconds}`);
  }
  return `SELECT date_bin(INTERVAL '${opts.binSeconds} seconds', ts) AS bucket, ` +
    "MIN(v) AS v_min, AVG(v) AS v_avg, MAX(v) AS v_max, COUNT(v) AS n " +
    `FROM (SELECT ts, ${VALUE_EXPR} AS v FROM ${table}${whereClause(opts)} GROUP BY ts) AS s ` +
    "GROUP BY bucket ORDER BY bucket";
}

/**
 * The raw-row fallback: V(s) per timestamp, ascending.
 *
 * @example
 * ```ts
 * import { buildRawValueSql } from "./server_downsample.ts";
 * buildRawValueSql("pos_djed", { startMs: null, endMs: 5 });
 * // "SELECT ts, SUM(COALESCE(usd_value, underlying_units * price_usd)) AS v FROM pos_djed WHERE ts <= 5 GROUP BY ts ORDER BY ts ASC"
 * ```
 */
export function buildRawValueSql(
  table: string,
  opts: { startMs: number | null; endMs: number | null },
): string {
  checkTable(table);
  return `SELECT ts, ${VALUE_EXPR} AS v FROM ${table}${
    whereClause(opts)
  } GROUP BY ts ORDER BY ts ASC`;
}

/**
 * True once `client` answered the date_bin query with an "unsupported" code (§10.6).
 *
 * @example
 * ```ts ignore
 * import { isServerDownsampleUnsupported } from "./server_downsample.ts";
 * import type { GreptimeClient } from "../greptime/types.ts";
 * declare const client: GreptimeClient;
 * isServerDownsampleUnsupported(client); // false until a fallback happened
 * ```
 */
export function isServerDownsampleUnsupported(client: GreptimeClient): boolean {
  return unsupported.has(client);
}

/**
 * Reads V(s) of a position table binned by the server (`kind: "bins"`), or raw per-timestamp
 * rows (`kind: "raw"`, to be downsampled with §15.3) when the server cannot bin. Other
 * errors propagate.
 *
 * @example
 * ```ts ignore
 * import { fetchServerDownsampled } from "./server_downsample.ts";
 * import type { GreptimeClient } from "../greptime/types.ts";
 * declare const client: GreptimeClient;
 * const res = await fetchServerDownsampled(client, "liqwid_supply_positions_djed", {
 *   startMs: 0, endMs: 86_400_000, binSeconds: 3600,
 * });
 * if (res.kind === "bins") console.log(res.bins.length);
 * ```
 */
export async function fetchServerDownsampled(
  client: GreptimeClient,
  table: string,
  opts: ServerDownsampleOptions,
): Promise<ServerDownsampleResult> {
  const binSql = buildDateBinSql(table, opts);
  const rawSql = buildRawValueSql(table, opts);
  if (!unsupported.has(client)) {
    try {
      const res = await client.query(binSql, { signal: opts.signal });
      const bins: ServerBin[] = [];
      for (const row of res.rows) {
        const bucketMs = toMs(row.bucket);
        const bin = {
          bucketMs,
          min: num(row.v_min),
          avg: num(row.v_avg),
          max: num(row.v_max),
          count: num(row.n),
        };
        if ([bin.bucketMs, bin.min, bin.avg, bin.max].every(Number.isFinite)) bins.push(bin);
      }
      return { kind: "bins", binSeconds: opts.binSeconds, bins };
    } catch (err) {
      if (!isUnsupportedError(err)) throw err;
      unsupported.set(client, true);
    }
  }
  const res = await client.query(rawSql, { signal: opts.signal });
  const tsMs: number[] = [];
  const values: number[] = [];
  for (const row of res.rows) {
    const t = toMs(row.ts);
    const v = num(row.v);
    if (Number.isFinite(t) && Number.isFinite(v)) {
      tsMs.push(t);
      values.push(v);
    }
  }
  return { kind: "raw", series: { tsMs, values } };
}

function isUnsupportedError(err: unknown): boolean {
  // Duck-typed on Greptime's numeric `code` (GreptimeQueryError, §10.4).
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "number" && UNSUPPORTED_CODES.includes(code);
}

function num(cell: unknown): number {
  return cell === null || cell === undefined || cell === "" ? Number.NaN : Number(cell);
}

function toMs(cell: unknown): number {
  if (typeof cell === "number") return cell;
  if (typeof cell === "string") {
    const n = Number(cell);
    return Number.isFinite(n) ? n : Date.parse(cell.endsWith("Z") ? cell : `${cell}Z`);
  }
  return Number.NaN;
}

function checkTable(table: string): void {
  if (!TABLE_RE.test(table)) {
    throw new RangeError(`Invalid table name "${table}": must match ^[a-z_][a-z0-9_]{0,127}$`);
  }
}

function whereClause(opts: { startMs: number | null; endMs: number | null }): string {
  const parts: string[] = [];
  if (opts.startMs !== null) parts.push(`ts >= ${checkTs(opts.startMs)}`);
  if (opts.endMs !== null) parts.push(`ts <= ${checkTs(opts.endMs)}`);
  return parts.length > 0 ? ` WHERE ${parts.join(" AND ")}` : "";
}

function checkTs(ms: number): number {
  if (!Number.isSafeInteger(ms)) {
    throw new RangeError(`Timestamp must be an integer (ms); got ${ms}`);
  }
  return ms;
}
