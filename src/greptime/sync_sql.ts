/**
 * Statements of the transaction sync (SPEC §16.5): table creation, identity lookup and
 * multi-row inserts. Pure functions over validated identifiers and escaped literals.
 *
 * @module
 */
import { sqlIdent, sqlString, sqlTimestamp } from "./sql.ts";

/** Most rows in one INSERT statement (§16.5). */
export const MAX_INSERT_ROWS: number = 500;

/**
 * `CREATE TABLE IF NOT EXISTS` for a deposits/withdrawals table (§16.5).
 *
 * @example
 * ```ts
 * createTransactionTableSql("liqwid_withdrawals_djed", "notes");
 * // "CREATE TABLE IF NOT EXISTS liqwid_withdrawals_djed (ts TIMESTAMP(3) NOT NULL, tx_hash STRING, ..."
 * ```
 */
export function createTransactionTableSql(table: string, memoColumn: "memo" | "notes"): string {
  return `CREATE TABLE IF NOT EXISTS ${sqlIdent(table)} (ts TIMESTAMP(3) NOT NULL, ` +
    `tx_hash STRING, wallet_address STRING, market_id STRING, amount DOUBLE, ` +
    `${sqlIdent(memoColumn)} STRING, created_at TIMESTAMP(3), TIME INDEX (ts), ` +
    `PRIMARY KEY (tx_hash))`;
}

/**
 * Existing identities of one wallet in a transaction table (§16.5): `tx_hash` (when the
 * table has it) and the memo column.
 *
 * @example
 * ```ts
 * walletIdentitiesSql("w_djed", "addr1x", { memoColumn: "notes", withTxHash: true });
 * // "SELECT tx_hash, notes FROM w_djed WHERE wallet_address = 'addr1x'"
 * ```
 */
export function walletIdentitiesSql(
  table: string,
  wallet: string,
  opts: { memoColumn: "memo" | "notes" | null; withTxHash: boolean },
): string {
  const cols: string[] = [];
  if (opts.withTxHash) cols.push("tx_hash");
  if (opts.memoColumn) cols.push(sqlIdent(opts.memoColumn));
  if (cols.length === 0) cols.push("ts");
  return `SELECT ${cols.join(", ")} FROM ${sqlIdent(table)} WHERE wallet_address = ${
    sqlString(wallet)
  }`;
}

/** One transaction row to insert. */
export interface TransactionInsertRow {
  tsMs: number;
  txHash: string | null;
  wallet: string;
  marketId: string | null;
  amount: number;
  memo: string;
  createdAtMs: number;
}

function literal(v: string | number | null): string {
  if (v === null) return "NULL";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new RangeError(`Invalid SQL number ${v}: must be finite`);
    return String(v);
  }
  return sqlString(v);
}

/**
 * Multi-row INSERT statements, at most {@link MAX_INSERT_ROWS} rows each (§16.5). Without
 * `withTxHash` (legacy tables) the `tx_hash` column is left out.
 *
 * @example
 * ```ts
 * const [sql] = insertTransactionsSql("d_djed", [{ tsMs: 1, txHash: "ab", wallet: "w",
 *   marketId: "DJED", amount: 5, memo: "m", createdAtMs: 2 }], { memoColumn: "notes", withTxHash: true });
 * // "INSERT INTO d_djed (ts, tx_hash, wallet_address, market_id, amount, notes, created_at) VALUES (1, 'ab', 'w', 'DJED', 5, 'm', 2)"
 * ```
 */
export function insertTransactionsSql(
  table: string,
  rows: readonly TransactionInsertRow[],
  opts: { memoColumn: "memo" | "notes"; withTxHash: boolean },
): string[] {
  const cols = ["ts", ...(opts.withTxHash ? ["tx_hash"] : []), "wallet_address", "market_id"];
  cols.push("amount", sqlIdent(opts.memoColumn), "created_at");
  const head = `INSERT INTO ${sqlIdent(table)} (${cols.join(", ")}) VALUES `;
  const out: string[] = [];
  for (let i = 0; i < rows.length; i += MAX_INSERT_ROWS) {
    const tuples = rows.slice(i, i + MAX_INSERT_ROWS).map((r) => {
      const vals = [sqlTimestamp(r.tsMs)];
      if (opts.withTxHash) vals.push(literal(r.txHash));
      vals.push(literal(r.wallet), literal(r.marketId), literal(r.amount), literal(r.memo));
      vals.push(sqlTimestamp(r.createdAtMs));
      return `(${vals.join(", ")})`;
    });
    out.push(head + tuples.join(", "));
  }
  return out;
}
