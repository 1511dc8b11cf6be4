/**
 * A scriptable fake GreptimeDB HTTP endpoint for client tests: a real `Deno.serve` on
 * 127.0.0.1:0 whose answers come from a list of responders (one per request, the last
 * one repeating), recording every request it receives.
 */

/** What the fake saw of one request. */
export interface FakeRequest {
  method: string;
  path: string;
  headers: Headers;
  body: string;
  form: URLSearchParams;
}

/**
 * Produces the response to one request. `signal()` aborts when the client disconnects or the
 * fake closes (created lazily: touching `Request.signal` makes Deno print a notice).
 */
export type Responder = (
  req: FakeRequest,
  signal: () => AbortSignal,
) => Response | Promise<Response>;

/** A running fake. */
export interface FakeGreptime {
  url: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

/** Starts a fake answering with `responders[i]` for request i (the last one repeats). */
export async function startFakeGreptime(responders: Responder[]): Promise<FakeGreptime> {
  const requests: FakeRequest[] = [];
  const closing = new AbortController();
  const { promise, resolve } = Promise.withResolvers<Deno.NetAddr>();
  const server = Deno.serve({
    port: 0,
    hostname: "127.0.0.1",
    onListen: (a) => resolve(a as Deno.NetAddr),
  }, async (req) => {
    const body = await req.text();
    const rec: FakeRequest = {
      method: req.method,
      path: new URL(req.url).pathname,
      headers: req.headers,
      body,
      form: new URLSearchParams(body),
    };
    const index = requests.push(rec) - 1;
    const responder = responders[Math.min(index, responders.length - 1)];
    const signal = (): AbortSignal => AbortSignal.any([req.signal, closing.signal]);
    return await responder(rec, signal);
  });
  const addr = await promise;
  return {
    url: `http://127.0.0.1:${addr.port}`,
    requests,
    async close(): Promise<void> {
      closing.abort();
      await server.shutdown();
    },
  };
}

/** A 200 JSON response. */
export function jsonResponse(body: unknown, status = 200, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...Object.fromEntries(new Headers(headers)) },
  });
}

/** A `records` output with the given columns `[name, data_type]` and rows. */
export function recordsBody(columns: [string, string][], rows: unknown[][]): unknown {
  return {
    output: [{
      records: {
        schema: { column_schemas: columns.map(([name, data_type]) => ({ name, data_type })) },
        rows,
        total_rows: rows.length,
      },
    }],
    execution_time_ms: 1,
  };
}

/** A GreptimeDB error body. */
export function errorResponse(status: number, code: number, error: string): Response {
  return jsonResponse({ code, error, execution_time_ms: 0 }, status);
}

/** A responder that never answers until the client aborts (or the fake closes). */
export function hang(): Responder {
  return (_req, signal) =>
    new Promise<Response>((resolve) => {
      signal().addEventListener("abort", () => resolve(new Response("aborted", { status: 504 })), {
        once: true,
      });
    });
}
