/**
 * Reference point t0 (SPEC §4) as pure helpers.
 *
 * @module
 */

import type { RefMode } from "./types.ts";

/** The fields of a withdrawal the reference search needs. */
export interface ReferenceCandidate {
  /** Withdrawal time, epoch ms. */
  tsMs: number;
  /** Memo text ("" when the table has no memo column). */
  memo: string;
}

/** Outcome of {@link pickReference}. */
export interface ReferencePick<T> {
  /** Largest ts of a tagged withdrawal, or null when none is tagged. */
  t0Ms: number | null;
  /** Every tagged withdrawal with ts = t0 (never flows, §4.2). */
  references: T[];
}

/**
 * Keyword search (§4.1): keeps withdrawals whose memo contains `keyword` as a case-sensitive
 * substring; t0 = the largest ts among them; every tagged withdrawal at t0 is a reference.
 *
 * @example
 * ```ts
 * import { pickReference } from "./reference.ts";
 * pickReference([
 *   { tsMs: 5, memo: "alert_driven_withdrawal" },
 *   { tsMs: 9, memo: "manual" },
 *   { tsMs: 7, memo: "x alert_driven_withdrawal y" },
 * ], "alert_driven_withdrawal").t0Ms; // 7
 * ```
 */
export function pickReference<T extends ReferenceCandidate>(
  withdrawals: readonly T[],
  keyword: string,
): ReferencePick<T> {
  let t0: number | null = null;
  for (const w of withdrawals) {
    if (w.memo.includes(keyword) && (t0 === null || w.tsMs > t0)) t0 = w.tsMs;
  }
  if (t0 === null) return { t0Ms: null, references: [] };
  const references = withdrawals.filter((w) => w.tsMs === t0 && w.memo.includes(keyword));
  return { t0Ms: t0, references };
}

/**
 * Splits transactions into flows and references: returns those not in `references`
 * (compared by object identity), so a reference withdrawal is never a flow (§4.2).
 *
 * @example
 * ```ts
 * import { excludeReferences } from "./reference.ts";
 * const t = { tsMs: 1, memo: "tag" };
 * const u = { tsMs: 2, memo: "" };
 * excludeReferences([t, u], [t]); // [u]
 * ```
 */
export function excludeReferences<T>(transactions: readonly T[], references: readonly T[]): T[] {
  if (references.length === 0) return [...transactions];
  const refs = new Set(references);
  return transactions.filter((t) => !refs.has(t));
}

/** Input of {@link resolveReference}. */
export interface ResolveReferenceInput {
  /** t0 of the keyword search, or null. */
  keywordT0Ms: number | null;
  /** `analysis.decision.reference.fallback`. */
  fallback: "null" | "data_range";
  /** `date_range.start` in epoch ms, or null. */
  dateRangeStartMs: number | null;
  /** Earliest position ts ≤ E in the table (needed only for data_range with a null start). */
  earliestPositionMs: number | null;
}

/** Outcome of {@link resolveReference}. */
export interface ResolvedReference {
  /** null for ref_mode "null", and for data_range over an empty table. */
  t0Ms: number | null;
  /** keyword, data_range or null. */
  refMode: Exclude<RefMode, "unknown">;
}

/**
 * Resolves t0 and ref_mode (§4.1, §4.3): the keyword t0 wins; else with fallback `data_range`
 * t0 = `date_range.start`, or the earliest position when start is null (t0 null for an empty
 * table → HOLD `no wallets/data`); else ref_mode `null`.
 *
 * @example
 * ```ts
 * import { resolveReference } from "./reference.ts";
 * resolveReference({ keywordT0Ms: null, fallback: "data_range", dateRangeStartMs: null,
 *   earliestPositionMs: 3600000 }); // { t0Ms: 3600000, refMode: "data_range" }
 * ```
 */
export function resolveReference(input: ResolveReferenceInput): ResolvedReference {
  if (input.keywordT0Ms !== null) return { t0Ms: input.keywordT0Ms, refMode: "keyword" };
  if (input.fallback === "data_range") {
    return { t0Ms: input.dateRangeStartMs ?? input.earliestPositionMs, refMode: "data_range" };
  }
  return { t0Ms: null, refMode: "null" };
}
