/**
 * Optional JSON bodies of POST routes (SPEC §13.1.1): at most 16 KiB (413), a non-empty body
 * needs `Content-Type: application/json` (415), and must be a JSON object (400).
 *
 * @module
 */
import { HttpProblem } from "./problem.ts";

/** Maximum POST body size in bytes. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * Reads the optional JSON object body of `request`; `{}` when empty.
 *
 * @example
 * ```ts
 * import { readJsonBody } from "./body.ts";
 * const body = await readJsonBody(new Request("http://x/", { method: "POST" }));
 * console.assert(Object.keys(body).length === 0);
 * ```
 */
export async function readJsonBody(request: Request): Promise<Record<string, unknown>> {
  const declared = request.headers.get("Content-Length");
  if (declared !== null && Number(declared) > MAX_BODY_BYTES) {
    throw new HttpProblem("payload-too-large", `request body exceeds ${MAX_BODY_BYTES} bytes`);
  }
  const bytes = await readLimited(request);
  if (bytes.length === 0) return {};
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") {
    throw new HttpProblem("unsupported-media-type", "a non-empty body must be application/json");
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new HttpProblem("invalid-request", "request body is not valid JSON");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new HttpProblem("invalid-request", "request body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

async function readLimited(request: Request): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new HttpProblem("payload-too-large", `request body exceeds ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
