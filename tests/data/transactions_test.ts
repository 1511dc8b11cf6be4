import assert from "node:assert/strict";
import { foldTransactionRows, transactionIdentity } from "../../src/data/transactions.ts";

Deno.test("transactionIdentity() follows §3.2.3 and renders the fallback as kind|ts|wallet|amount (§23.11)", async (t) => {
  const cases: { name: string; memo: string; hash: string | null; want: string }[] = [
    { name: "tx_hash wins", memo: "Synced (tx: abc)", hash: "H1", want: "H1" },
    {
      name: "empty tx_hash → memo id",
      memo: "Synced from Liqwid (tx: abc123)",
      hash: "",
      want: "abc123",
    },
    {
      name: "keyword-prefixed memo",
      memo: "alert_driven_withdrawal Synced from Liqwid (tx: ff00)",
      hash: null,
      want: "ff00",
    },
    {
      name: "legacy 16-character prefix with ...",
      memo: "Synced (tx: 0123456789abcdef...)",
      hash: null,
      want: "0123456789abcdef",
    },
    { name: "no id in memo → fallback", memo: "manual", hash: null, want: "deposit|5|w|2.5" },
    { name: "empty memo → fallback", memo: "", hash: null, want: "deposit|5|w|2.5" },
  ];
  for (const c of cases) {
    await t.step(c.name, () => {
      assert.equal(transactionIdentity("deposit", 5, "w", 2.5, c.memo, c.hash), c.want);
    });
  }
});

Deno.test("foldTransactionRows() skips and counts invalid rows, keeps duplicates (§3.2.2, §23.1, §23.11)", () => {
  const row = (wallet: unknown, amount: unknown, ts: unknown = 10) => ({
    ts,
    wallet_address: wallet,
    amount,
    notes: "alert_driven_withdrawal",
  });
  const raw = [
    row("w", -3), // withdrawal stored negative → magnitude 3
    row("w", -3), // duplicate: still a second flow
    row("", 1),
    row(null, 1),
    row("w", 0),
    row("w", null),
    row("w", Number.NaN),
    row("w", Number.POSITIVE_INFINITY),
  ] as Parameters<typeof foldTransactionRows>[0];
  const out = foldTransactionRows(raw, "withdrawal", "notes");
  assert.equal(out.skipped, 6);
  assert.equal(out.rows.length, 2);
  assert.deepEqual(out.rows.map((r) => r.magnitude), [3, 3]);
  assert.equal(out.rows[0].memo, "alert_driven_withdrawal");
  assert.equal(out.missing, false);
});
