/**
 * Reading deposit and withdrawal tables (SPEC §3.2, §10.6, §23.1, §23.11).
 *
 * @module
 */
import type { Cell, GreptimeClient } from "../greptime/types.ts";
import { resolveMemoColumn, type TimeBounds, transactionsSql } from "../greptime/sql.ts";

/** One transaction row after §3.2.2 filtering. */
export interface TransactionRow {
  tsMs: number;
  wallet: string;
  kind: "deposit" | "withdrawal";
  /** |amount| in token units. */
  magnitude: number;
  memo: string;
  /** §3.2.3 identity, compared as a string. */
  identity: string;
}

/** Result of reading one transaction table. */
export interface TransactionData {
  rows: TransactionRow[];
  skipped: number;
  /** True when the table does not exist (§3.2.4). */
  missing: boolean;
}

/** Memo column choice (§2.3.2). */
export type MemoColumnMode = "auto" | "notes" | "memo";

const MEMO_TX_RE = /tx: ([^)]*)\)/;

/**
 * Identity of a transaction (§3.2.3): `tx_hash` if present, else the id after `tx: ` in the
 * memo, else `kind|ts|wallet|amount`.
 *
 * @example
 * ```ts
 * import { transactionIdentity } from "./transactions.ts";
 * console.assert(transactionIdentity("deposit", 5, "w", 2, "Synced (tx: abc)", null) === "abc");
 * console.assert(transactionIdentity("deposit", 5, "w", 2, "", null) === "deposit|5|w|2");
 * ```
 */
export function transactionIdentity(
  kind: "deposit" | "withdrawal",
  tsMs: number,
  wallet: string,
  amount: number,
  memo: string,
  txHash: string | null,
): string {
  if (txHash !== null && txHash !== "") return txHash;
  const m = MEMO_TX_RE.exec(memo);
  if (m && m[1].trim() !== "") return m[1].trim().replace(/\.\.\.$/, "");
  return `${kind}|${tsMs}|${wallet}|${amount}`;
}

function isTableMissing(err: unknown): boolean {
  const e = err as { isTableNotFound?: boolean; code?: number } | null;
  return e !== null && typeof e === "object" && (e.isTableNotFound === true || e.code === 4001);
}

/**
 * Reads one transaction table inside `bounds`. A missing table yields `missing: true` and no
 * rows (a warning for the caller, never an error).
 *
 * @example
 * ```ts ignore
 * const w = await readTransactions(client, "liqwid_withdrawals_djed", "withdrawal", {
 *   startMs: null,
 *   endMs: Date.now(),
 * }, { memoColumn: "auto" });
 * ```
 */
export async function readTransactions(
  client: GreptimeClient,
  table: string,
  kind: "deposit" | "withdrawal",
  bounds: TimeBounds,
  opts: { memoColumn: MemoColumnMode; signal?: AbortSignal },
): Promise<TransactionData> {
  let columns: string[];
  try {
    columns = await client.tableColumns(table, { signal: opts.signal });
  } catch (err) {
    if (isTableMissing(err)) return { rows: [], skipped: 0, missing: true };
    throw err;
  }
  const memoCol = resolveMemoColumn(opts.memoColumn, columns);
  const sql = transactionsSql(table, columns, memoCol, { ...bounds, startExclusive: false });
  let result;
  try {
    result = await client.query(sql, { signal: opts.signal });
  } catch (err) {
    if (isTableMissing(err)) return { rows: [], skipped: 0, missing: true };
    throw err;
  }
  return foldTransactionRows(result.rows, kind, memoCol);
}

/** Applies §3.2.2 filtering and §3.2.3 identities to raw rows. */
export function foldTransactionRows(
  raw: Record<string, Cell>[],
  kind: "deposit" | "withdrawal",
  memoCol: string | null,
): TransactionData {
  const rows: TransactionRow[] = [];
  let skipped = 0;
  for (const r of raw) {
    const ts = r.ts;
    const wallet = r.wallet_address;
    const amount = r.amount;
    if (
      typeof ts !== "number" || !Number.isFinite(ts) || typeof wallet !== "string" ||
      wallet.trim() === "" || typeof amount !== "number" || !Number.isFinite(amount) ||
      amount === 0
    ) {
      skipped++;
      continue;
    }
    const memoCell = memoCol ? r[memoCol] : null;
    const memo = typeof memoCell === "string" ? memoCell : "";
    const hash = typeof r.tx_hash === "string" ? r.tx_hash : null;
    const magnitude = Math.abs(amount);
    rows.push({
      tsMs: ts,
      wallet,
      kind,
      magnitude,
      memo,
      identity: transactionIdentity(kind, ts, wallet, magnitude, memo, hash),
    });
  }
  return { rows, skipped, missing: false };
}
