import assert from "node:assert/strict";
import {
  createTransactionTableSql,
  insertTransactionsSql,
  MAX_INSERT_ROWS,
  type TransactionInsertRow,
  walletIdentitiesSql,
} from "../../src/greptime/sync_sql.ts";

const row = (i: number, memo = "m"): TransactionInsertRow => ({
  tsMs: 1000 + i,
  txHash: `h${i}`,
  wallet: "addr1w",
  marketId: "DJED",
  amount: 2.5,
  memo,
  createdAtMs: 9,
});

Deno.test("createTransactionTableSql() matches §16.5", () => {
  assert.equal(
    createTransactionTableSql("liqwid_deposits_djed", "notes"),
    "CREATE TABLE IF NOT EXISTS liqwid_deposits_djed (ts TIMESTAMP(3) NOT NULL, tx_hash STRING, " +
      "wallet_address STRING, market_id STRING, amount DOUBLE, notes STRING, created_at TIMESTAMP(3), " +
      "TIME INDEX (ts), PRIMARY KEY (tx_hash))",
  );
});

Deno.test("insertTransactionsSql() splits at 500 rows and escapes values", () => {
  const rows = Array.from({ length: MAX_INSERT_ROWS + 1 }, (_, i) => row(i, "it's"));
  const sqls = insertTransactionsSql("d", rows, { memoColumn: "notes", withTxHash: true });
  assert.equal(sqls.length, 2);
  assert.ok(sqls[0].startsWith(
    "INSERT INTO d (ts, tx_hash, wallet_address, market_id, amount, notes, created_at) VALUES " +
      "(1000, 'h0', 'addr1w', 'DJED', 2.5, 'it''s', 9), (1001,",
  ));
  assert.equal(
    sqls[1],
    "INSERT INTO d (ts, tx_hash, wallet_address, market_id, amount, notes, created_at) " +
      "VALUES (1500, 'h500', 'addr1w', 'DJED', 2.5, 'it''s', 9)",
  );
});

Deno.test("insertTransactionsSql() leaves tx_hash out for legacy tables and rejects bad values", () => {
  const [sql] = insertTransactionsSql("d", [row(0)], { memoColumn: "memo", withTxHash: false });
  assert.equal(
    sql,
    "INSERT INTO d (ts, wallet_address, market_id, amount, memo, created_at) VALUES " +
      "(1000, 'addr1w', 'DJED', 2.5, 'm', 9)",
  );
  assert.throws(() =>
    insertTransactionsSql("d", [{ ...row(0), amount: NaN }], {
      memoColumn: "notes",
      withTxHash: true,
    }), RangeError);
  assert.throws(() =>
    insertTransactionsSql("d", [{ ...row(0), memo: "a\\b" }], {
      memoColumn: "notes",
      withTxHash: true,
    }), RangeError);
});

Deno.test("walletIdentitiesSql() quotes the wallet", () => {
  assert.equal(
    walletIdentitiesSql("w", "x' OR '1'='1", { memoColumn: "notes", withTxHash: true }),
    "SELECT tx_hash, notes FROM w WHERE wallet_address = 'x'' OR ''1''=''1'",
  );
});
