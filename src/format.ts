/**
 * Shared text formatting (SPEC §0.5, §9.9, §23.20): abbreviated wallet addresses and
 * fixed-point numbers with JS `toFixed` rounding.
 *
 * @module
 */

/**
 * Abbreviates a wallet address to its first 8 characters, `...`, and its last 4
 * (§0.5). Strings of at most 15 characters are returned unchanged.
 *
 * @example
 * ```ts
 * import { abbreviateAddress } from "./format.ts";
 * console.assert(abbreviateAddress("addr1qxj6rl9h0dfperfwkef5p0vc9aw") === "addr1qxj...c9aw");
 * console.assert(abbreviateAddress("short") === "short");
 * ```
 */
export function abbreviateAddress(address: string): string {
  if (address.length <= 15) return address;
  return `${address.slice(0, 8)}...${address.slice(-4)}`;
}

/**
 * Formats `n` with `digits` decimals using `Number.prototype.toFixed` (round-half-up on the
 * exact binary value, §23.20). Negative zero, and negative values that round to zero,
 * print without a sign.
 *
 * @example
 * ```ts
 * import { formatFixed } from "./format.ts";
 * console.assert(formatFixed(1234.5678, 2) === "1234.57");
 * console.assert(formatFixed(-0, 2) === "0.00");
 * console.assert(formatFixed(-0.001, 2) === "0.00");
 * ```
 */
export function formatFixed(n: number, digits: number): string {
  const text = n.toFixed(digits);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

function groupThousands(intDigits: string): string {
  return intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * Formats a USD amount as `$1,234.56` (en-US grouping, `toFixed` rounding); negative
 * amounts as `-$12.00`.
 *
 * @example
 * ```ts
 * import { formatUsd } from "./format.ts";
 * console.assert(formatUsd(1234.5) === "$1,234.50");
 * console.assert(formatUsd(-12, 0) === "-$12");
 * ```
 */
export function formatUsd(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return String(n);
  const text = formatFixed(n, digits);
  const negative = text.startsWith("-");
  const body = negative ? text.slice(1) : text;
  const [intPart, frac] = body.split(".");
  const grouped = groupThousands(intPart) + (frac === undefined ? "" : `.${frac}`);
  return `${negative ? "-" : ""}$${grouped}`;
}

/**
 * Formats a ratio as a percentage: `0.0004` → `0.04%`.
 *
 * @example
 * ```ts
 * import { formatPercent } from "./format.ts";
 * console.assert(formatPercent(0.0004) === "0.04%");
 * console.assert(formatPercent(0.5, 0) === "50%");
 * ```
 */
export function formatPercent(ratio: number, digits = 2): string {
  if (!Number.isFinite(ratio)) return String(ratio);
  return `${formatFixed(ratio * 100, digits)}%`;
}
