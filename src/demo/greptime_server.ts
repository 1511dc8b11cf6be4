/**
 * An in-process GreptimeDB-compatible HTTP server for `--demo` and tests (SPEC §18.1):
 * `POST /v1/sql` with form parameters `sql` and `db`, GreptimeDB's JSON shapes and error
 * codes, backed by in-memory SQLite (`sqlite_store.ts`). Tests can make it fail on purpose
 * (`setFailure`) and inspect the requests it received.
 *
 * @module
 */
import type { DemoDataset } from "./dataset.ts";
import { DEMO_CODES, DemoSqlError } from "./sql_lexer.ts";
import { DemoStore, type StoreOutput } from "./sqlite_store.ts";

/** A deliberate failure of the demo server. */
export type DemoFailure =
  | {
    /** Answer with a GreptimeDB JSON error body and this HTTP status. */
    mode: "status";
    status: number;
    code?: number;
    message?: string;
    /** Adds a `Retry-After` header (seconds). */
    retryAfterSeconds?: number;
  }
  | { mode: "non_json"; status?: number; body?: string }
  /** Never answer (until the client gives up or the server closes). */
  | { mode: "hang" };

/** What the server saw of one request. */
export interface DemoRequestRecord {
  /** HTTP method. */
  method: string;
  /** `sql` form parameter; null when absent. */
  sql: string | null;
  /** `db` form parameter; null when absent. */
  db: string | null;
  /** `Content-Type` header; null when absent. */
  contentType: string | null;
  /** `Accept` header; null when absent. */
  accept: string | null;
  /** `User-Agent` header; null when absent. */
  userAgent: string | null;
  /** `Authorization` header; null when absent. */
  authorization: string | null;
}

/** A running demo server. */
export interface DemoGreptimeServer {
  /** `http://<hostname>:<port>` */
  url: string;
  /** The port actually bound (ephemeral when 0 was asked). */
  port: number;
  /** The storage; `db.sqlite("liqwid")` gives the raw SQLite handle. */
  db: DemoStore;
  /** The most recent requests received (at most 10,000), oldest first. */
  requests: DemoRequestRecord[];
  /** Fails the next `times` requests (default: all) as described; `null` heals. */
  setFailure(failure: DemoFailure | null, opts?: { times?: number }): void;
  /** Drops a table; returns whether it existed. */
  dropTable(db: string, table: string): boolean;
  /** Answers hanging requests and shuts the HTTP server down. */
  close(): Promise<void>;
}

/** Options of {@link startDemoGreptime}. */
export interface DemoGreptimeOptions {
  /** Default 0 (ephemeral). */
  port?: number;
  /** Default 127.0.0.1. */
  hostname?: string;
  /** When set, requests must carry matching Basic credentials (else 401, code 7000). */
  auth?: { username: string; password: string };
}

const MAX_LOGGED_REQUESTS = 10_000;

const BAD_REQUEST_CODES = new Set<number>([
  DEMO_CODES.tableNotFound,
  DEMO_CODES.databaseNotFound,
  DEMO_CODES.invalidSyntax,
  DEMO_CODES.invalidArguments,
  DEMO_CODES.planQuery,
]);

function statusFor(code: number): number {
  if (BAD_REQUEST_CODES.has(code)) return 400;
  if (code === DEMO_CODES.authFailed) return 401;
  return 500;
}

function json(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

function outputJson(out: StoreOutput): unknown {
  if (out.kind === "affected") return { affectedrows: out.affectedRows };
  return {
    records: {
      schema: {
        column_schemas: out.columns.map((c) => ({ name: c.name, data_type: c.dataType })),
      },
      rows: out.rows,
      total_rows: out.rows.length,
    },
  };
}

/**
 * Starts the demo GreptimeDB server with `dataset` loaded into databases `liqwid` and
 * `minswap` (§18.1).
 *
 * @example
 * ```ts ignore
 * const ds = await createDemoDataset({ anchorMs: Date.UTC(2025, 0, 1) });
 * const server = await startDemoGreptime(ds);
 * const res = await fetch(`${server.url}/v1/sql`, {
 *   method: "POST",
 *   body: new URLSearchParams({ sql: "SELECT 1", db: "liqwid" }),
 * });
 * console.log((await res.json()).output[0].records.rows); // [[1]]
 * await server.close();
 * ```
 */
export async function startDemoGreptime(
  dataset: DemoDataset,
  opts: DemoGreptimeOptions = {},
): Promise<DemoGreptimeServer> {
  const store = new DemoStore(dataset);
  const requests: DemoRequestRecord[] = [];
  let failure: DemoFailure | null = null;
  let failuresLeft = Infinity;
  const hanging = new Set<() => void>();
  const expectedAuth = opts.auth
    ? `Basic ${btoa(`${opts.auth.username}:${opts.auth.password}`)}`
    : null;

  async function handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    if (url.pathname !== "/v1/sql") return new Response("Not Found", { status: 404 });
    if (req.method !== "POST" && req.method !== "GET") {
      return new Response("Method Not Allowed", { status: 405 });
    }
    const form = req.method === "POST" ? new URLSearchParams(await req.text()) : url.searchParams;
    const sql = form.get("sql") ?? url.searchParams.get("sql");
    const db = form.get("db") ?? url.searchParams.get("db");
    requests.push({
      method: req.method,
      sql,
      db,
      contentType: req.headers.get("content-type"),
      accept: req.headers.get("accept"),
      userAgent: req.headers.get("user-agent"),
      authorization: req.headers.get("authorization"),
    });
    // Bounded, so a long-running `--demo` service does not grow without limit.
    if (requests.length > MAX_LOGGED_REQUESTS) {
      requests.splice(0, requests.length - MAX_LOGGED_REQUESTS);
    }
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);

    if (failure && failuresLeft > 0) {
      const f = failure;
      if (--failuresLeft <= 0) failure = null;
      if (f.mode === "hang") {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            hanging.delete(done);
            resolve();
          };
          hanging.add(done);
          req.signal.addEventListener("abort", done, { once: true });
        });
        return new Response("gone", { status: 504 });
      }
      if (f.mode === "non_json") {
        return new Response(f.body ?? "<html><body>502 Bad Gateway</body></html>", {
          status: f.status ?? 502,
          headers: { "content-type": "text/html" },
        });
      }
      const headers: Record<string, string> = f.retryAfterSeconds !== undefined
        ? { "retry-after": String(f.retryAfterSeconds) }
        : {};
      return json(
        { code: f.code ?? 1003, error: f.message ?? "injected failure", execution_time_ms: 0 },
        f.status,
        headers,
      );
    }

    if (expectedAuth !== null && req.headers.get("authorization") !== expectedAuth) {
      return json({
        code: DEMO_CODES.authFailed,
        error: "Authentication failed",
        execution_time_ms: 0,
      }, 401);
    }
    if (!sql) {
      return json(
        {
          code: DEMO_CODES.invalidArguments,
          error: "sql parameter is required.",
          execution_time_ms: 0,
        },
        400,
      );
    }
    try {
      const out = store.execute(db ?? "public", sql);
      return json({ output: [outputJson(out)], execution_time_ms: elapsed() }, 200);
    } catch (e) {
      const code = e instanceof DemoSqlError ? e.code : 3001;
      const error = e instanceof Error ? e.message : String(e);
      return json({ code, error, execution_time_ms: elapsed() }, statusFor(code));
    }
  }

  const { promise: listening, resolve: onListen } = Promise.withResolvers<Deno.NetAddr>();
  const server = Deno.serve({
    port: opts.port ?? 0,
    hostname: opts.hostname ?? "127.0.0.1",
    onListen: (addr) => onListen(addr as Deno.NetAddr),
  }, handle);
  const addr = await listening;
  const host = addr.hostname.includes(":") ? `[${addr.hostname}]` : addr.hostname;

  return {
    url: `http://${host}:${addr.port}`,
    port: addr.port,
    db: store,
    requests,
    setFailure(f: DemoFailure | null, o: { times?: number } = {}): void {
      failure = f;
      failuresLeft = f ? (o.times ?? Infinity) : 0;
    },
    dropTable: (db: string, table: string): boolean => store.dropTable(db, table),
    async close(): Promise<void> {
      for (const done of [...hanging]) done();
      await server.shutdown();
    },
  };
}
