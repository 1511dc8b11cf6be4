/**
 * Number formatting for the dashboard (SPEC §9.9, §23.20): `toFixed` semantics, `-0`
 * printed as `0.00`, USD as `$1,234.56` with en-US grouping.
 *
 * @module
 */

/**
 * Formats `value` with `decimals` fixed decimals (JS `toFixed`), never printing `-0`.
 *
 * @example
 * ```ts
 * import { formatFixed } from "./format.ts";
 * console.assert(formatFixed(-0.001, 2) === "0.00");
 * ```
 */
export function formatFixed(value: number, decimals: number): string {
  const s = value.toFixed(decimals);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * Formats a USD amount as `$1,234.56` (`-$5.00` when negative); `n/a` for null or
 * non-finite values.
 *
 * @example
 * ```ts
 * import { formatUsd } from "./format.ts";
 * console.assert(formatUsd(1234.561) === "$1,234.56");
 * console.assert(formatUsd(1.00234, 4) === "$1.0023");
 * ```
 */
export function formatUsd(value: number | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "n/a";
  const fixed = formatFixed(value, decimals);
  const negative = fixed.startsWith("-");
  const body = negative ? fixed.slice(1) : fixed;
  const dot = body.indexOf(".");
  const intPart = dot === -1 ? body : body.slice(0, dot);
  const fracPart = dot === -1 ? "" : body.slice(dot);
  return `${negative ? "-" : ""}$${groupThousands(intPart)}${fracPart}`;
}

/**
 * Formats a percentage value (already multiplied by 100) with 2 decimals and `%`.
 *
 * @example
 * ```ts
 * import { formatPercent } from "./format.ts";
 * console.assert(formatPercent(0.0399) === "0.04%");
 * ```
 */
export function formatPercent(value: number | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "n/a";
  return `${formatFixed(value, decimals)}%`;
}
