/**
 * One-line summary of a result (SPEC §17.3).
 *
 * @module
 */

import { formatFixed } from "../format.ts";
import type { AssetResult } from "./types.ts";

/**
 * `<asset>: decision=<d>, wmax_usd=<effective W, 2 decimals>` followed by ` (<n> wallets)`
 * (`wallet` when n = 1) when d = 1, or ` [reason: <reason>]` otherwise (§17.3). Decimals use
 * `toFixed` and −0 prints as 0.00 (§9.9).
 *
 * @example
 * ```ts
 * import { formatSummaryLine } from "./summary.ts";
 * import { errorResult } from "./decision.ts";
 * formatSummaryLine(errorResult("djed", "boom")); // "djed: decision=-1, wmax_usd=0.00 [reason: error: boom]"
 * ```
 */
export function formatSummaryLine(
  result: Pick<AssetResult, "asset" | "decision" | "wmax_usd" | "wallet_count" | "reason">,
): string {
  const head = `${result.asset}: decision=${result.decision}, wmax_usd=${
    formatFixed(result.wmax_usd, 2)
  }`;
  if (result.decision === 1) {
    const n = result.wallet_count;
    return `${head} (${n} ${n === 1 ? "wallet" : "wallets"})`;
  }
  return `${head} [reason: ${result.reason ?? ""}]`;
}
