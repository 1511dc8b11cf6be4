/**
 * The GreptimeDB HTTP SQL client (SPEC §10.1–§10.5): form-encoded `POST /v1/sql`, typed
 * errors, retries with backoff, fast response parsing and a per-client column cache.
 *
 * @module
 */
import { GreptimeHttpError, GreptimeNetworkError, GreptimeTimeoutError } from "./errors.ts";
import { GreptimeQueryError } from "./errors.ts";
import { type ParsedOutput, parseSqlResponse } from "./parse.ts";
import { selectAllLimit0 } from "./sql.ts";
import type { GreptimeClient, QueryOptions, QueryResult } from "./types.ts";

/** Options of {@link createGreptimeClient}. */
export interface GreptimeClientOptions {
  /** Base URL `http://host:port` (a trailing slash is ignored). */
  url: string;
  /** Default database (`db` form parameter). */
  database: string;
  /** Basic auth user; sent only when username and password are both non-null. */
  username?: string | null;
  /** Basic auth password. */
  password?: string | null;
  /** Per-request timeout in milliseconds (default 10 000). */
  timeoutMs?: number;
  /** Attempts per statement, 1..10 (default 3, §10.3). */
  maxAttempts?: number;
  /** HTTP implementation (default `globalThis.fetch`). */
  fetch?: typeof fetch;
  /** Pause between attempts; must reject when `signal` aborts (default: a timer). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source in [0, 1) (default `Math.random`). */
  random?: () => number;
  /** Version in `User-Agent: alert-orchestrator/<version>` (default "0.1.0"). */
  userAgentVersion?: string;
  /** Called once per statement with its outcome and total duration (retries included). */
  onQuery?: (outcome: "ok" | "error", seconds: number) => void;
  /** Clock in ms, used for durations and `Retry-After` dates (default `Date.now`). */
  now?: () => number;
}

/** Upper bound of a `Retry-After` pause (§10.3). */
const RETRY_AFTER_CAP_MS = 10_000;

/** Default pause: a timer that rejects with the signal's reason when it aborts. */
export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(id);
      reject(signal?.reason);
    };
    const id = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Backoff before attempt n+1 after failed attempt n (1-based): 250·2^(n−1) + 0–100 ms. */
function backoffMs(attempt: number, random: () => number): number {
  return 250 * 2 ** (attempt - 1) + Math.floor(random() * 101);
}

/** Parses `Retry-After` (delta seconds or HTTP date) into a capped pause, or null. */
function retryAfterMs(header: string | null, nowMs: number): number | null {
  if (header === null) return null;
  const v = header.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(v)) ms = Number(v) * 1000;
  else {
    const at = Date.parse(v);
    if (Number.isNaN(at)) return null;
    ms = Math.max(0, at - nowMs);
  }
  return Math.min(ms, RETRY_AFTER_CAP_MS);
}

/** A failure of one attempt and whether another attempt may follow. */
interface AttemptFailure {
  error: Error;
  retryable: boolean;
  waitMs: number | null;
}

function basicAuth(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return `Basic ${btoa(bin)}`;
}

/**
 * Creates a GreptimeDB client over HTTP (§10). `query` returns the first result set,
 * `execute` the summed `affectedrows`; failures reject with `GreptimeNetworkError`,
 * `GreptimeTimeoutError`, `GreptimeHttpError` or `GreptimeQueryError`, and a caller's abort
 * rejects with the signal's reason without retrying.
 *
 * @example
 * ```ts ignore
 * const client = createGreptimeClient({ url: "http://localhost:4000", database: "liqwid" });
 * const { rows } = await client.query("SELECT ts, price_usd FROM minswap_prices_djed LIMIT 3");
 * console.log(rows[0]?.ts); // epoch milliseconds
 * ```
 */
export function createGreptimeClient(opts: GreptimeClientOptions): GreptimeClient {
  const base = opts.url.replace(/\/+$/, "");
  const endpoint = `${base}/v1/sql`;
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const sleep = opts.sleep ?? defaultSleep;
  const random = opts.random ?? Math.random;
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const maxAttempts = Math.max(1, Math.floor(opts.maxAttempts ?? 3));
  const headers: Record<string, string> = {
    "Accept": "application/json",
    "Content-Type": "application/x-www-form-urlencoded",
    "User-Agent": `alert-orchestrator/${opts.userAgentVersion ?? "0.1.0"}`,
  };
  if (opts.username != null && opts.password != null) {
    headers["Authorization"] = basicAuth(opts.username, opts.password);
  }
  const columnCache = new Map<string, Promise<string[]>>();

  async function attempt(
    sql: string,
    db: string,
    callerSignal: AbortSignal | undefined,
  ): Promise<ParsedOutput[] | AttemptFailure> {
    const timeoutSignal = AbortSignal.timeout(timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeoutSignal]) : timeoutSignal;
    const body = new URLSearchParams({ sql, db }).toString();
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const res = await doFetch(endpoint, { method: "POST", headers, body, signal });
      status = res.status;
      retryAfter = res.headers.get("retry-after");
      text = await res.text();
    } catch (cause) {
      if (callerSignal?.aborted) throw callerSignal.reason;
      if (timeoutSignal.aborted) {
        return {
          error: new GreptimeTimeoutError(timeoutMs, { cause }),
          retryable: true,
          waitMs: null,
        };
      }
      const msg = cause instanceof Error ? cause.message : String(cause);
      return {
        error: new GreptimeNetworkError(`GreptimeDB request to ${endpoint} failed: ${msg}`, {
          cause,
        }),
        retryable: true,
        waitMs: null,
      };
    }
    try {
      return parseSqlResponse(status, text);
    } catch (error) {
      if (!(error instanceof GreptimeHttpError || error instanceof GreptimeQueryError)) throw error;
      const retryable = status === 429 || status >= 500;
      return { error, retryable, waitMs: retryable ? retryAfterMs(retryAfter, now()) : null };
    }
  }

  async function run(sql: string, qo: QueryOptions | undefined): Promise<ParsedOutput[]> {
    const db = qo?.db ?? opts.database;
    const signal = qo?.signal;
    const started = now();
    try {
      for (let n = 1;; n++) {
        if (signal?.aborted) throw signal.reason;
        const out = await attempt(sql, db, signal);
        if (Array.isArray(out)) {
          opts.onQuery?.("ok", (now() - started) / 1000);
          return out;
        }
        if (!out.retryable || n >= maxAttempts) throw out.error;
        await sleep(out.waitMs ?? backoffMs(n, random), signal);
      }
    } catch (error) {
      opts.onQuery?.("error", (now() - started) / 1000);
      throw error;
    }
  }

  async function query(sql: string, qo?: QueryOptions): Promise<QueryResult> {
    const outs = await run(sql, qo);
    const first = outs.find((o) => o.kind === "records");
    return first?.kind === "records" ? first.result : { columns: [], rows: [] };
  }

  return {
    url: base,
    database: opts.database,
    query,
    async execute(sql: string, qo?: QueryOptions): Promise<number> {
      const outs = await run(sql, qo);
      let total = 0;
      for (const o of outs) if (o.kind === "affected") total += o.affectedRows;
      return total;
    },
    tableColumns(table: string, qo?: QueryOptions): Promise<string[]> {
      const db = qo?.db ?? opts.database;
      const key = `${db}\u0000${table}`;
      let cached = columnCache.get(key);
      if (!cached) {
        let statement: string;
        try {
          statement = selectAllLimit0(table);
        } catch (error) {
          return Promise.reject(error);
        }
        cached = query(statement, { db, signal: qo?.signal }).then((r) =>
          r.columns.map((c) => c.name)
        );
        columnCache.set(key, cached);
        // Failures are not cached: a table created later must be found.
        cached.catch(() => {
          if (columnCache.get(key) === cached) columnCache.delete(key);
        });
      }
      return cached;
    },
    async ping(qo?: QueryOptions): Promise<void> {
      await run("SELECT 1", qo);
    },
  };
}
