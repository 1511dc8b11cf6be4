import assert from "node:assert/strict";
import {
  fetchWalletHistory,
  HistoryIncompleteError,
  mapLiqwidTransaction,
  parseUtcInstant,
} from "../../src/prices/liqwid_history.ts";
import { memoIdentity, syncMemo } from "../../src/prices/tx_writer.ts";
import type { LiqwidClient } from "../../src/prices/liqwid.ts";

Deno.test("parseUtcInstant() reads ISO instants as UTC", async (t) => {
  const t0 = Date.UTC(2025, 0, 21, 14, 30, 22);
  const cases: [string, number | null][] = [
    ["2025-01-21T14:30:22", t0],
    ["2025-01-21 14:30:22", t0],
    ["2025-01-21T14:30:22Z", t0],
    ["2025-01-21T14:30:22.250Z", t0 + 250],
    ["2025-01-21T23:30:22+09:00", t0],
    ["2025-01-21T23:30:22+0900", t0],
    ["2025-01-21T10:30:22-04", t0],
    ["2025-01-21T14:30", t0 - 22_000],
    ["21/01/2025", null],
    ["", null],
  ];
  for (const [text, expected] of cases) {
    await t.step(JSON.stringify(text), () => assert.equal(parseUtcInstant(text), expected));
  }
});

Deno.test("mapLiqwidTransaction() maps SUPPLY/WITHDRAW and classifies skips", async (t) => {
  const base = {
    id: "x",
    type: "SUPPLY",
    displayName: "DJED",
    time: "2025-01-01T00:00:00Z",
    amount: 3,
  };
  const cases: [string, unknown, unknown][] = [
    ["supply", base, {
      id: "x",
      kind: "deposit",
      asset: "djed",
      tsMs: Date.UTC(2025, 0, 1),
      amount: 3,
    }],
    ["withdraw negative", { ...base, type: "Withdraw", amount: -3 }, {
      id: "x",
      kind: "withdrawal",
      asset: "djed",
      tsMs: Date.UTC(2025, 0, 1),
      amount: 3,
    }],
    ["alternate", { ...base, displayName: "USDX" }, {
      id: "x",
      kind: "deposit",
      asset: "usdm",
      tsMs: Date.UTC(2025, 0, 1),
      amount: 3,
    }],
    ["numeric id", { ...base, id: 17 }, {
      id: "17",
      kind: "deposit",
      asset: "djed",
      tsMs: Date.UTC(2025, 0, 1),
      amount: 3,
    }],
    ["borrow", { ...base, type: "BORROW" }, { skip: "other_type" }],
    ["unknown asset", { ...base, displayName: "ADA" }, { skip: "unknown_asset" }],
    ["string amount", { ...base, amount: "3" }, { skip: "invalid" }],
    ["NaN-like amount", { ...base, amount: null }, { skip: "invalid" }],
    ["backslash id", { ...base, id: "a\\b" }, { skip: "invalid" }],
    ["bad time", { ...base, time: "soon" }, { skip: "invalid" }],
  ];
  for (const [name, raw, expected] of cases) {
    await t.step(
      name,
      () =>
        assert.deepEqual(mapLiqwidTransaction(raw, ["djed", "usdm"], { usdm: "usdx" }), expected),
    );
  }
});

Deno.test("fetchWalletHistory() splits slices at the midpoint until every page is complete", async () => {
  const times = [0, 10_000, 20_000, 5_000_000, 5_000_001, 9_999_999, 10_000_000];
  const calls: [number, number][] = [];
  const liqwid: LiqwidClient = {
    markets: () => Promise.resolve([]),
    transactions: (_w, a, b) => {
      calls.push([a, b]);
      const inside = times.filter((t) => t >= a && t <= b).map((t) => ({ id: `t${t}` }));
      return Promise.resolve({ totalCount: inside.length, results: inside.slice(0, 2) });
    },
  };
  const h = await fetchWalletHistory(liqwid, "w", 0, 10_000_000);
  assert.deepEqual(h.items.map((i) => i.id), times.map((t) => `t${t}`));
  assert.equal(h.requests, calls.length);
  // The first split is [0, mid] and (mid, b], earliest half first.
  assert.deepEqual(calls.slice(0, 3), [[0, 10_000_000], [0, 5_000_000], [0, 2_500_000]]);
  assert.ok(calls.some(([a, b]) => a === 5_000_001 && b === 10_000_000));
});

Deno.test("fetchWalletHistory() fails below 1 s when still incomplete", async () => {
  const liqwid: LiqwidClient = {
    markets: () => Promise.resolve([]),
    transactions: () => Promise.resolve({ totalCount: 5, results: [{ id: "a" }] }),
  };
  await assert.rejects(fetchWalletHistory(liqwid, "w", 0, 10_000), HistoryIncompleteError);
});

Deno.test("memoIdentity() and syncMemo()", () => {
  assert.deepEqual(memoIdentity("Synced from Liqwid (tx: abc#1)"), {
    id: "abc#1",
    legacyPrefix: false,
  });
  assert.deepEqual(
    memoIdentity("alert_driven_withdrawal Synced from Liqwid (tx: 0123456789abcdef...)"),
    {
      id: "0123456789abcdef",
      legacyPrefix: true,
    },
  );
  assert.equal(memoIdentity("manual note"), null);
  const opts = { keyword: "kw", tagWithdrawals: true };
  assert.equal(syncMemo("z", "deposit", opts), "Synced from Liqwid (tx: z)");
  assert.equal(syncMemo("z", "withdrawal", opts), "kw Synced from Liqwid (tx: z)");
});
