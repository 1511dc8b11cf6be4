/**
 * Flow type and ordering (SPEC §5.1, §5.4, §23.11).
 *
 * @module
 */

import type { Config } from "../config/types_gen.ts";

/** Flow attribution method (§5.2), `data.datasets.transactions.alignment_method`. */
export type AlignmentMethod = Config["data"]["datasets"]["transactions"]["alignment_method"];

/** A non-reference deposit or withdrawal of one wallet, already converted to USD (§3.3). */
export interface Flow {
  /** Transaction time τ, epoch ms. */
  tsMs: number;
  /** Signed USD amount: + deposit, − withdrawal. */
  amountUsd: number;
  /** Direction, from the table the row came from. */
  kind: "deposit" | "withdrawal";
  /** Transaction identity (§3.2.3, §23.11), compared as a string. */
  identity: string;
}

/**
 * Total order used when summing flows on one index (§5.4): by ts, then deposits before
 * withdrawals, then identity (plain string comparison).
 *
 * @example
 * ```ts
 * import { compareFlows } from "./flow.ts";
 * const d = { tsMs: 1, amountUsd: 5, kind: "deposit" as const, identity: "b" };
 * const w = { tsMs: 1, amountUsd: -5, kind: "withdrawal" as const, identity: "a" };
 * [w, d].sort(compareFlows)[0] === d; // true
 * ```
 */
export function compareFlows(a: Flow, b: Flow): number {
  if (a.tsMs !== b.tsMs) return a.tsMs - b.tsMs;
  if (a.kind !== b.kind) return a.kind === "deposit" ? -1 : 1;
  if (a.identity === b.identity) return 0;
  return a.identity < b.identity ? -1 : 1;
}
