/**
 * Null-tolerant wrappers over the shared formatters of `src/format.ts` for the dashboard
 * (SPEC §9.9): unknown or non-finite values print as `n/a`.
 *
 * @module
 */
import { formatPercent as percent, formatUsd as usd } from "../format.ts";

/**
 * `$1,234.56` (`-$5.00` when negative); `n/a` for null or non-finite values.
 *
 * @example
 * ```ts
 * import { formatUsd } from "./format.ts";
 * console.assert(formatUsd(1234.561) === "$1,234.56");
 * console.assert(formatUsd(null) === "n/a");
 * ```
 */
export function formatUsd(value: number | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "n/a";
  return usd(value, decimals);
}

/**
 * A ratio as a percentage with 2 decimals (`0.0004` → `0.04%`); `n/a` when unknown.
 *
 * @example
 * ```ts
 * import { formatPercent } from "./format.ts";
 * console.assert(formatPercent(0.0004) === "0.04%");
 * ```
 */
export function formatPercent(ratio: number | null | undefined, decimals = 2): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "n/a";
  return percent(ratio, decimals);
}
