/**
 * JSON responses per SPEC §13.2: UTF-8, `Cache-Control: no-store`, and never NaN or
 * Infinity (serialised as null).
 *
 * @module
 */

function finiteOnly(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isFinite(value) ? null : value;
}

/**
 * Serialises `value` with non-finite numbers replaced by null.
 *
 * @example
 * ```ts
 * import { safeJson } from "./json.ts";
 * console.assert(safeJson({ a: NaN, b: 1 }) === '{"a":null,"b":1}');
 * ```
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, finiteOnly);
}

/**
 * A JSON response with the §13.2 headers.
 *
 * @example
 * ```ts
 * import { jsonResponse } from "./json.ts";
 * const res = jsonResponse({ status: "ok" });
 * console.assert(res.headers.get("cache-control") === "no-store");
 * ```
 */
export function jsonResponse(value: unknown, status = 200): Response {
  return new Response(safeJson(value), {
    status,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-store",
    },
  });
}
