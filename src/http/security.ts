/**
 * Browser safety (SPEC §13.5): security headers on every response, per-response CSP nonces
 * for HTML, the SVG policy, and the same-origin check for POST requests.
 *
 * @module
 */

/** Headers set on every response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
};

/** CSP of SVG responses. */
export const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'";
/** CSP of non-HTML, non-SVG responses (JSON, text, PNG). */
export const DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * CSP of an HTML response carrying `nonce`.
 *
 * @example
 * ```ts
 * import { htmlCsp } from "./security.ts";
 * console.assert(htmlCsp("abc").includes("script-src 'nonce-abc'"));
 * ```
 */
export function htmlCsp(nonce: string): string {
  return `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; ` +
    `img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; ` +
    `base-uri 'none'`;
}

/**
 * A fresh base64url nonce of 16 random bytes.
 *
 * @example
 * ```ts
 * import { newNonce } from "./security.ts";
 * console.assert(newNonce() !== newNonce());
 * ```
 */
export function newNonce(
  random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b),
): string {
  const bytes = random(new Uint8Array(16));
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Sets the §13.5 headers (and a CSP when none was set) on `headers`. */
export function applySecurityHeaders(headers: Headers): void {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) headers.set(k, v);
  if (!headers.has("Content-Security-Policy")) {
    const type = headers.get("Content-Type") ?? "";
    headers.set("Content-Security-Policy", type.startsWith("image/svg") ? SVG_CSP : DEFAULT_CSP);
  }
}

function normalizeOrigin(text: string): string | null {
  try {
    const u = new URL(text);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    return `${u.protocol}//${u.host}`.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * Why a POST is refused (§13.5), or null when it may proceed.
 *
 * @example
 * ```ts
 * import { crossOriginRefusal } from "./security.ts";
 * const h = new Headers({ Host: "localhost:9808", Origin: "http://evil.example" });
 * console.assert(crossOriginRefusal(h, []) !== null);
 * ```
 */
export function crossOriginRefusal(headers: Headers, allowedOrigins: string[]): string | null {
  const origin = headers.get("Origin");
  let listedOrigin = false;
  if (origin !== null) {
    if (origin === "null") return "Origin null is not allowed";
    const normalized = normalizeOrigin(origin);
    const host = (headers.get("Host") ?? "").toLowerCase();
    const sameHost = normalized !== null && new URL(normalized).host === host && host !== "";
    const listed = normalized !== null &&
      allowedOrigins.some((o) => normalizeOrigin(o) === normalized);
    if (!sameHost && !listed) return "cross-origin request refused";
    listedOrigin = listed && !sameHost;
  }
  const site = headers.get("Sec-Fetch-Site");
  // An explicitly allowed origin is cross-site by definition; its browsers say so.
  if (site !== null && site !== "same-origin" && site !== "none" && !listedOrigin) {
    return "cross-site request refused (Sec-Fetch-Site)";
  }
  return null;
}
