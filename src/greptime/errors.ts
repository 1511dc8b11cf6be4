/**
 * Typed errors of the GreptimeDB client (SPEC §10.4). Every error carries the
 * underlying `cause` (the fetch rejection, the abort reason or the parsed body).
 *
 * @module
 */

/** The request never produced an HTTP response (connection refused, reset, DNS…). */
export class GreptimeNetworkError extends Error {
  /** Always `"GreptimeNetworkError"`. */
  override name = "GreptimeNetworkError";
  /**
   * Creates the error; pass the fetch rejection as `options.cause`.
   *
   * @example
   * ```ts
   * const err = new GreptimeNetworkError("connection refused", { cause: new TypeError("x") });
   * console.log(err.name); // "GreptimeNetworkError"
   * ```
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** The per-request timeout (§10.1) fired before the response body was read. */
export class GreptimeTimeoutError extends Error {
  /** Always `"GreptimeTimeoutError"`. */
  override name = "GreptimeTimeoutError";
  /** The timeout that fired, in milliseconds. */
  readonly timeoutMs: number;
  /**
   * Creates the error for a timeout of `timeoutMs` milliseconds.
   *
   * @example
   * ```ts
   * const err = new GreptimeTimeoutError(10_000);
   * console.log(err.message); // "GreptimeDB request timed out after 10000 ms"
   * ```
   */
  constructor(timeoutMs: number, options?: ErrorOptions) {
    super(`GreptimeDB request timed out after ${timeoutMs} ms`, options);
    this.timeoutMs = timeoutMs;
  }
}

/** Longest body excerpt kept on a {@link GreptimeHttpError} (§10.4). */
export const BODY_EXCERPT_MAX_CHARS: number = 200;

/** An HTTP response whose body is not a GreptimeDB JSON document (e.g. a proxy's 502 page). */
export class GreptimeHttpError extends Error {
  /** Always `"GreptimeHttpError"`. */
  override name = "GreptimeHttpError";
  /** HTTP status of the response. */
  readonly status: number;
  /** At most 200 characters of the response body. */
  readonly bodyExcerpt: string;
  /**
   * Creates the error from the HTTP status and the raw body (kept as a 200-character excerpt).
   *
   * @example
   * ```ts
   * const err = new GreptimeHttpError(502, "<html>Bad Gateway</html>");
   * console.log(err.status, err.bodyExcerpt); // 502 "<html>Bad Gateway</html>"
   * ```
   */
  constructor(status: number, body: string, options?: ErrorOptions) {
    const bodyExcerpt = body.slice(0, BODY_EXCERPT_MAX_CHARS);
    super(`GreptimeDB answered HTTP ${status} with a non-JSON body: ${bodyExcerpt}`, options);
    this.status = status;
    this.bodyExcerpt = bodyExcerpt;
  }
}

/** GreptimeDB status code for a missing table. */
export const CODE_TABLE_NOT_FOUND = 4001;
/** GreptimeDB status code for a missing database. */
export const CODE_DATABASE_NOT_FOUND = 4004;

/** GreptimeDB rejected the statement: its JSON body carried a numeric `code` ≠ 0. */
export class GreptimeQueryError extends Error {
  /** Always `"GreptimeQueryError"`. */
  override name = "GreptimeQueryError";
  /** HTTP status of the response. */
  readonly status: number;
  /** GreptimeDB status code (e.g. 4001 table not found). */
  readonly code: number;
  /**
   * Creates the error from the HTTP status and GreptimeDB's `code` and `error` message.
   *
   * @example
   * ```ts
   * const err = new GreptimeQueryError(400, 4001, "Table not found: greptime.liqwid.x");
   * console.log(err.isTableNotFound, err.message); // true "Table not found: greptime.liqwid.x"
   * ```
   */
  constructor(status: number, code: number, message: string, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
    this.code = code;
  }

  /** True for code 4001 (table not found). */
  get isTableNotFound(): boolean {
    return this.code === CODE_TABLE_NOT_FOUND;
  }

  /** True for code 4004 (database not found). */
  get isDatabaseNotFound(): boolean {
    return this.code === CODE_DATABASE_NOT_FOUND;
  }
}
