/**
 * One JSON request to an external price API with the retry rules of SPEC §8.4: at most
 * `maxAttempts` (2) attempts, a retry only after a network error, HTTP 429 or 5xx, with a
 * fixed pause (500 ms) in between; every attempt carries `AbortSignal.timeout`.
 *
 * A timeout is not a network error in this reading (§8.4 lists only network errors, 429
 * and 5xx), so it is reported at once; this keeps one slow API from doubling an
 * evaluation's wait.
 *
 * @module
 */

/** Why an external API call failed. */
export type PriceApiFailure = "network" | "timeout" | "http" | "malformed" | "graphql" | "aborted";

/** A failed external price/transaction API call (expected; providers turn it into data). */
export class PriceApiError extends Error {
  /** Failure class. */
  readonly kind: PriceApiFailure;
  /** HTTP status when `kind` is `http`. */
  readonly status: number | null;
  /** Attempts made. */
  readonly attempts: number;

  /** Creates the error; `cause` keeps the underlying exception. */
  constructor(
    message: string,
    opts: { kind: PriceApiFailure; status?: number | null; attempts: number; cause?: unknown },
  ) {
    super(message, { cause: opts.cause });
    this.name = "PriceApiError";
    this.kind = opts.kind;
    this.status = opts.status ?? null;
    this.attempts = opts.attempts;
  }
}

/** Options of {@link requestJson}. */
export interface RequestJsonOptions {
  /** Injected fetch (defaults to `globalThis.fetch`). */
  fetch?: typeof fetch;
  /** Per-attempt timeout in milliseconds. */
  timeoutMs: number;
  /** Caller's signal; once it aborts nothing is retried. */
  signal?: AbortSignal;
  /** Pause between attempts (injectable for tests). */
  sleep?: (ms: number) => Promise<void>;
  /** Attempts at most (default 2, §8.4). */
  maxAttempts?: number;
  /** Pause before a retry in ms (default 500, §8.4). */
  retryPauseMs?: number;
}

/** Default pause: a plain timer. */
export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/**
 * Sends `init` to `url` and parses the JSON body, retrying per §8.4: a second attempt,
 * after `retryPauseMs` (500 ms), follows only a network error (fetch rejected without any
 * abort), HTTP 429 or a 5xx status. Everything else fails at once: 4xx, malformed JSON,
 * the caller's abort, and a timeout.
 *
 * Timeouts: §8.4 retries "only on network error, 429, 5xx". We read a timeout
 * (`AbortSignal.timeout(timeoutMs)` firing) as NOT a network error: the server was reached
 * or is merely slow, and a retry would double the wait (2 × request_timeout_seconds) inside
 * an evaluation bounded by `evaluation_timeout_seconds`. It is reported as
 * `PriceApiError` with `kind: "timeout"` after one attempt.
 *
 * @example
 * ```ts
 * import { requestJson } from "./http.ts";
 * const fakeFetch = () => Promise.resolve(new Response('{"ok":true}'));
 * const body = await requestJson("http://127.0.0.1:1/x", {}, { fetch: fakeFetch, timeoutMs: 1000 });
 * console.assert((body as { ok: boolean }).ok === true);
 * ```
 */
export async function requestJson(
  url: string,
  init: RequestInit,
  opts: RequestJsonOptions,
): Promise<unknown> {
  const doFetch = opts.fetch ?? globalThis.fetch;
  const sleep = opts.sleep ?? defaultSleep;
  const maxAttempts = opts.maxAttempts ?? 2;
  const pauseMs = opts.retryPauseMs ?? 500;
  let last: PriceApiError | null = null;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (opts.signal?.aborted) {
      throw new PriceApiError(`request to ${url} aborted`, {
        kind: "aborted",
        attempts: attempt - 1,
        cause: opts.signal.reason,
      });
    }
    const timeout = AbortSignal.timeout(opts.timeoutMs);
    const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
    let response: Response;
    try {
      response = await doFetch(url, { ...init, signal });
    } catch (err) {
      if (opts.signal?.aborted) {
        throw new PriceApiError(`request to ${url} aborted`, {
          kind: "aborted",
          attempts: attempt,
          cause: err,
        });
      }
      if (timeout.aborted) {
        throw new PriceApiError(`request to ${url} timed out after ${opts.timeoutMs} ms`, {
          kind: "timeout",
          attempts: attempt,
          cause: err,
        });
      }
      last = new PriceApiError(`network error calling ${url}: ${String(err)}`, {
        kind: "network",
        attempts: attempt,
        cause: err,
      });
      if (attempt < maxAttempts) await sleep(pauseMs);
      continue;
    }
    let text: string;
    try {
      text = await response.text();
    } catch (err) {
      const kind = timeout.aborted ? "timeout" : opts.signal?.aborted ? "aborted" : "network";
      last = new PriceApiError(`reading the body from ${url} failed: ${String(err)}`, {
        kind,
        attempts: attempt,
        cause: err,
      });
      if (kind !== "network") throw last;
      if (attempt < maxAttempts) await sleep(pauseMs);
      continue;
    }
    if (!response.ok) {
      last = new PriceApiError(`HTTP ${response.status} from ${url}`, {
        kind: "http",
        status: response.status,
        attempts: attempt,
      });
      if (!isRetryableStatus(response.status)) throw last;
      if (attempt < maxAttempts) await sleep(pauseMs);
      continue;
    }
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new PriceApiError(`malformed JSON from ${url}`, {
        kind: "malformed",
        attempts: attempt,
        cause: err,
      });
    }
  }
  throw last ?? new PriceApiError(`no attempt made for ${url}`, { kind: "network", attempts: 0 });
}
