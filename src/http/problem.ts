/**
 * RFC 9457 problem details (SPEC §13.3): one error class thrown by routes and middleware,
 * turned into `application/problem+json` by the app's single `onError`.
 *
 * @module
 */

/** Problem slugs of §13.3 with their status codes. */
export const PROBLEM_STATUS = {
  "invalid-request": 400,
  "unauthorized": 401,
  "forbidden-origin": 403,
  "not-found": 404,
  "method-not-allowed": 405,
  "conflict": 409,
  "payload-too-large": 413,
  "unsupported-media-type": 415,
  "too-many-auth-failures": 429,
  "internal": 500,
  "not-ready": 503,
  "evaluation-timeout": 504,
} as const;

/** A problem slug. */
export type ProblemSlug = keyof typeof PROBLEM_STATUS;

const TITLES: Record<ProblemSlug, string> = {
  "invalid-request": "Invalid request",
  "unauthorized": "Unauthorized",
  "forbidden-origin": "Forbidden origin",
  "not-found": "Not found",
  "method-not-allowed": "Method not allowed",
  "conflict": "Conflict",
  "payload-too-large": "Payload too large",
  "unsupported-media-type": "Unsupported media type",
  "too-many-auth-failures": "Too many authentication failures",
  "internal": "Internal server error",
  "not-ready": "Not ready",
  "evaluation-timeout": "Evaluation timed out",
};

/**
 * An HTTP error with a §13.3 slug. `detail` must be safe to show (no stack, SQL or paths).
 *
 * @example
 * ```ts
 * import { HttpProblem } from "./problem.ts";
 * const p = new HttpProblem("not-found", 'unknown asset "x"');
 * console.assert(p.status === 404);
 * ```
 */
export class HttpProblem extends Error {
  /** The §13.3 slug. */
  readonly slug: ProblemSlug;
  /** HTTP status. */
  readonly status: number;
  /** Extra response headers (`Allow`, `Retry-After`, `WWW-Authenticate`). */
  readonly headers: Record<string, string>;

  constructor(
    slug: ProblemSlug,
    detail: string,
    opts: { headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(detail, { cause: opts.cause });
    this.name = "HttpProblem";
    this.slug = slug;
    this.status = PROBLEM_STATUS[slug];
    this.headers = opts.headers ?? {};
  }
}

/**
 * Builds the problem+json response for `slug`.
 *
 * @example
 * ```ts
 * import { problemResponse } from "./problem.ts";
 * const res = problemResponse("not-found", "no such route", "/nope");
 * console.assert(res.status === 404);
 * ```
 */
export function problemResponse(
  slug: ProblemSlug,
  detail: string,
  instance: string,
  headers: Record<string, string> = {},
): Response {
  const status = PROBLEM_STATUS[slug];
  const body = {
    type: `urn:alert-orchestrator:problem:${slug}`,
    title: TITLES[slug],
    status,
    detail,
    instance,
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "Content-Type": "application/problem+json",
      "Cache-Control": "no-store",
      ...headers,
    },
  });
}
