/**
 * Writes synced transactions into `<deposits_prefix><asset>` / `<withdrawals_prefix><asset>`
 * (SPEC §16.5): creates missing tables, reads the identities already stored (tx_hash, or
 * the id in the memo including legacy 16-character prefixes) and inserts only new rows,
 * at most 500 per multi-row INSERT (statement text from `src/greptime/sync_sql.ts`).
 *
 * @module
 */

import type { Config } from "../config/mod.ts";
import type { GreptimeClient } from "../greptime/types.ts";
import type { MappedTransaction } from "./liqwid_history.ts";
import {
  createTransactionTableSql,
  insertTransactionsSql,
  MAX_INSERT_ROWS,
  resolveMemoColumn,
  sqlIdent,
  sqlString,
  sqlTimestamp,
  walletIdentitiesSql,
} from "../greptime/mod.ts";
import { tableName } from "./sql.ts";

/** What one wallet's write did. */
export interface WalletWriteResult {
  deposits: number;
  withdrawals: number;
  duplicates: number;
}

/** The writer bound to one sync run. */
export interface TableWriter {
  /** Writes one wallet's mapped transactions, skipping those already stored. */
  writeWallet(wallet: string, txs: readonly MappedTransaction[]): Promise<WalletWriteResult>;
}

interface StoredIds {
  ids: Set<string>;
  legacyPrefixes: string[];
}

interface TableState {
  table: string;
  columns: Set<string>;
  memoColumn: "memo" | "notes" | null;
  /** Stored identities by wallet, read once per wallet per run. */
  byWallet: Map<string, StoredIds>;
}

const MEMO_ID_RE = /tx: ([^)]*)\)/;

/**
 * The transaction id carried by a memo (`… (tx: <id>)`); `legacyPrefix` is true when it
 * ends with `...` (an old 16-character prefix, §3.2.3).
 *
 * @example
 * ```ts
 * import { memoIdentity } from "./tx_writer.ts";
 * const m = memoIdentity("Synced from Liqwid (tx: 0123456789abcdef...)");
 * console.assert(m?.id === "0123456789abcdef" && m.legacyPrefix);
 * ```
 */
export function memoIdentity(memo: string): { id: string; legacyPrefix: boolean } | null {
  const m = MEMO_ID_RE.exec(memo);
  if (!m || m[1].trim() === "") return null;
  const raw = m[1].trim();
  if (raw.endsWith("...")) return { id: raw.slice(0, -3), legacyPrefix: true };
  return { id: raw, legacyPrefix: false };
}

/**
 * The memo written for a synced transaction (§16.4).
 *
 * @example
 * ```ts
 * import { syncMemo } from "./tx_writer.ts";
 * console.assert(
 *   syncMemo("abc", "withdrawal", { keyword: "alert_driven_withdrawal", tagWithdrawals: true }) ===
 *     "alert_driven_withdrawal Synced from Liqwid (tx: abc)",
 * );
 * ```
 */
export function syncMemo(
  id: string,
  kind: MappedTransaction["kind"],
  opts: { keyword: string; tagWithdrawals: boolean },
): string {
  const memo = `Synced from Liqwid (tx: ${id})`;
  return kind === "withdrawal" && opts.tagWithdrawals ? `${opts.keyword} ${memo}` : memo;
}

/**
 * Creates the writer for one sync run. Table state (columns, stored identities) is read
 * once per table per run.
 *
 * @example
 * ```ts ignore
 * import { createTableWriter } from "./tx_writer.ts";
 * const writer = createTableWriter({ config, greptime, testPrefix: false, createdAtMs: Date.now() });
 * const r = await writer.writeWallet("addr1…", mapped);
 * ```
 */
export function createTableWriter(opts: {
  config: Config;
  greptime: GreptimeClient;
  testPrefix: boolean;
  createdAtMs: number;
  signal?: AbortSignal;
}): TableWriter {
  const { config, greptime, signal } = opts;
  const tx = config.data.datasets.transactions;
  const memoSetting = tx.memo_column;
  const states = new Map<string, Promise<TableState>>();
  const memoOpts = {
    keyword: config.analysis.decision.reference.keyword,
    tagWithdrawals: config.prices.transaction_sync.tag_withdrawals,
  };

  function tableFor(kind: MappedTransaction["kind"], asset: string): string {
    const prefix = kind === "deposit"
      ? tx.sources.liqwid.deposits_prefix
      : tx.sources.liqwid.withdrawals_prefix;
    return tableName((opts.testPrefix ? "test_" : "") + prefix, asset);
  }

  async function loadState(table: string): Promise<TableState> {
    await greptime.execute(
      createTransactionTableSql(table, memoSetting === "memo" ? "memo" : "notes"),
      { signal },
    );
    const columns = await greptime.tableColumns(table, { signal });
    return {
      table,
      columns: new Set(columns),
      memoColumn: resolveMemoColumn(memoSetting, columns),
      byWallet: new Map(),
    };
  }

  function state(table: string): Promise<TableState> {
    let p = states.get(table);
    if (!p) {
      p = loadState(table);
      // A failed load must not poison later wallets: forget it so they try again.
      p.catch(() => states.delete(table));
      states.set(table, p);
    }
    return p;
  }

  async function storedIds(st: TableState, wallet: string): Promise<StoredIds> {
    const known = st.byWallet.get(wallet);
    if (known) return known;
    const withTxHash = st.columns.has("tx_hash");
    const stored: StoredIds = { ids: new Set(), legacyPrefixes: [] };
    if (withTxHash || st.memoColumn) {
      const sql = walletIdentitiesSql(st.table, wallet, { memoColumn: st.memoColumn, withTxHash });
      const res = await greptime.query(sql, { signal });
      for (const row of res.rows) {
        if (typeof row.tx_hash === "string" && row.tx_hash !== "") stored.ids.add(row.tx_hash);
        const memo = st.memoColumn ? row[st.memoColumn] : null;
        if (typeof memo !== "string") continue;
        const id = memoIdentity(memo);
        if (id?.legacyPrefix) stored.legacyPrefixes.push(id.id);
        else if (id) stored.ids.add(id.id);
      }
    }
    st.byWallet.set(wallet, stored);
    return stored;
  }

  function insertStatements(st: TableState, wallet: string, rows: MappedTransaction[]): string[] {
    const withTxHash = st.columns.has("tx_hash");
    const standard = st.memoColumn !== null && st.columns.has("market_id") &&
      st.columns.has("created_at");
    if (standard) {
      return insertTransactionsSql(
        st.table,
        rows.map((r) => ({
          tsMs: r.tsMs,
          txHash: r.id,
          wallet,
          marketId: null,
          amount: r.amount,
          memo: syncMemo(r.id, r.kind, memoOpts),
          createdAtMs: opts.createdAtMs,
        })),
        { memoColumn: st.memoColumn!, withTxHash },
      );
    }
    // Legacy table lacking some of the standard columns: write the ones it has.
    const cols = ["ts"];
    if (withTxHash) cols.push("tx_hash");
    cols.push("wallet_address");
    if (st.columns.has("market_id")) cols.push("market_id");
    cols.push("amount");
    if (st.memoColumn) cols.push(sqlIdent(st.memoColumn));
    if (st.columns.has("created_at")) cols.push("created_at");
    const out: string[] = [];
    for (let i = 0; i < rows.length; i += MAX_INSERT_ROWS) {
      const values = rows.slice(i, i + MAX_INSERT_ROWS).map((r) => {
        const v: string[] = [sqlTimestamp(r.tsMs)];
        if (withTxHash) v.push(sqlString(r.id));
        v.push(sqlString(wallet));
        if (st.columns.has("market_id")) v.push("NULL");
        v.push(String(r.amount));
        if (st.memoColumn) v.push(sqlString(syncMemo(r.id, r.kind, memoOpts)));
        if (st.columns.has("created_at")) v.push(sqlTimestamp(opts.createdAtMs));
        return `(${v.join(", ")})`;
      });
      out.push(`INSERT INTO ${st.table} (${cols.join(", ")}) VALUES ${values.join(", ")}`);
    }
    return out;
  }

  return {
    async writeWallet(wallet, txs): Promise<WalletWriteResult> {
      const result: WalletWriteResult = { deposits: 0, withdrawals: 0, duplicates: 0 };
      const byTable = new Map<string, MappedTransaction[]>();
      for (const t of txs) {
        const table = tableFor(t.kind, t.asset);
        const list = byTable.get(table);
        if (list) list.push(t);
        else byTable.set(table, [t]);
      }
      for (const table of [...byTable.keys()].sort()) {
        const st = await state(table);
        const stored = await storedIds(st, wallet);
        const fresh: MappedTransaction[] = [];
        for (const t of byTable.get(table)!) {
          const dup = stored.ids.has(t.id) || stored.legacyPrefixes.some((p) => t.id.startsWith(p));
          if (dup) result.duplicates++;
          else fresh.push(t);
        }
        fresh.sort((a, b) => a.tsMs - b.tsMs || (a.id < b.id ? -1 : 1));
        for (const sql of insertStatements(st, wallet, fresh)) {
          await greptime.execute(sql, { signal });
        }
        for (const t of fresh) {
          stored.ids.add(t.id);
          if (t.kind === "deposit") result.deposits++;
          else result.withdrawals++;
        }
      }
      return result;
    },
  };
}
