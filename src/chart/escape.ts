/**
 * Text escaping and number formatting for SVG attributes (SPEC §15.2, §13.5): every text
 * node and attribute value goes through {@link escapeXml}; every coordinate through
 * {@link coord}, so no `NaN` or long float ever reaches the markup.
 *
 * @module
 */

const XML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes the five XML special characters; safe for text nodes and quoted attributes.
 * Control characters other than tab/newline are dropped (they are invalid in XML 1.0).
 *
 * @example
 * ```ts
 * import { escapeXml } from "./escape.ts";
 * escapeXml("<script>&"); // "&lt;script&gt;&amp;"
 * ```
 */
export function escapeXml(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

/**
 * A coordinate rounded to 2 decimals as text; non-finite input prints `0` (never `NaN`).
 *
 * @example
 * ```ts
 * import { coord } from "./escape.ts";
 * coord(1.23456); // "1.23"
 * coord(Number.NaN); // "0"
 * ```
 */
export function coord(value: number): string {
  if (!Number.isFinite(value)) return "0";
  const r = Math.round(value * 100) / 100;
  return String(r === 0 ? 0 : r);
}
