/**
 * evaluateAsset / runEvaluation over real HTTP against the demo GreptimeDB server, on the
 * worked examples of SPEC §20 and the failure modes of §7.4.
 */
import assert from "node:assert/strict";
import { evaluateAsset, evaluateAssetDetailed } from "../../src/jobs/evaluate_asset.ts";
import { runEvaluation } from "../../src/jobs/evaluation.ts";
import { formatSummaryLine } from "../../src/evaluate/mod.ts";
import { ALIGNMENT_METHODS, type ConfigInput } from "../../src/config/schema.ts";
import { addr, hm, refWithdrawal, type Scenario, startScenario } from "../support/scenario.ts";

const A = addr("a");
const B = addr("b");
const C = addr("c");

function close(actual: number | null, expected: number, tol = 1e-9): void {
  assert.ok(actual !== null, `expected ${expected}, got null`);
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);
}

const E1: Scenario = {
  positions: [1000, 1001, 1002, 1003, 1004].map((v, i) => ({ ts: hm(i + 1), wallet: A, usd: v })),
  withdrawals: [refWithdrawal(hm(0), A)],
};

Deno.test("evaluateAsset() E1: tagged reference, G = 4, W = 2 (§20)", async () => {
  const s = await startScenario([E1]);
  try {
    const r = await evaluateAsset({ config: s.config(), greptime: s.client }, "x", {
      now: hm(6),
    });
    assert.equal(r.decision, 1);
    assert.equal(r.ref_mode, "keyword");
    assert.equal(r.g_usd, 4);
    assert.equal(r.wmax_usd, 2);
    assert.equal(r.v_ref_usd, 1000);
    assert.equal(r.v_t1_usd, 1004);
    assert.equal(r.t0, "2025-01-01T00:00:00.000Z");
    assert.equal(r.t1, "2025-01-01T05:00:00.000Z");
    assert.equal(formatSummaryLine(r), "x: decision=1, wmax_usd=2.00 (1 wallet)");
  } finally {
    await s.close();
  }
});

Deno.test("evaluateAsset() E1 without T: data_range fallback and null fallback (§4.3)", async () => {
  const s = await startScenario([{ ...E1, withdrawals: [] }]);
  try {
    const dr = await evaluateAsset(
      {
        config: s.config({ analysis: { decision: { reference: { fallback: "data_range" } } } }),
        greptime: s.client,
      },
      "x",
      { now: hm(6) },
    );
    assert.equal(dr.ref_mode, "data_range");
    assert.equal(dr.t0, "2025-01-01T01:00:00.000Z");
    assert.equal(dr.g_usd, 4);
    assert.equal(dr.decision, 1);
    const nul = await evaluateAsset({ config: s.config(), greptime: s.client }, "x", {
      now: hm(6),
    });
    assert.equal(nul.decision, 0);
    assert.equal(nul.reason, "no reference withdrawal");
    assert.equal(nul.ref_mode, "null");
    assert.equal(nul.v_ref_usd, null);
    assert.equal(nul.t0, null);
  } finally {
    await s.close();
  }
});

Deno.test("evaluateAsset() E2: flows converted at transaction-time price and summed", async () => {
  const s = await startScenario([{
    positions: [
      { ts: hm(1), wallet: A, usd: 1000, price: 2.0 },
      { ts: hm(2), wallet: A, usd: 1061, price: 2.02 },
      { ts: hm(3), wallet: A, usd: 1062, price: 2.02 },
    ],
    deposits: [{ ts: hm(1, 20), wallet: A, amount: 10 }, { ts: hm(1, 40), wallet: A, amount: 15 }],
    withdrawals: [refWithdrawal(hm(0), A)],
  }]);
  try {
    const out = await evaluateAssetDetailed({ config: s.config(), greptime: s.client }, "x", {
      now: hm(4),
    });
    assert.equal(out.result.g_usd, 12);
    assert.equal(out.result.wmax_usd, 6);
    assert.equal(out.result.wallets[0].flows_counted, 2);
    assert.deepEqual(out.detail.chart?.corrected.values, [1000, 1011, 1012]);
  } finally {
    await s.close();
  }
});

Deno.test("evaluateAsset() E3: every alignment method ends with G = 3, W = 1.5", async (t) => {
  const s = await startScenario([{
    positions: [1000, 1500, 1501, 1002, 1003].map((v, i) => ({
      ts: hm(i + 1),
      wallet: A,
      usd: v,
    })),
    deposits: [{ ts: hm(2), wallet: A, amount: 500 }],
    withdrawals: [refWithdrawal(hm(0), A), { ts: hm(3, 30), wallet: A, amount: 500 }],
  }]);
  const expected: Record<string, number[]> = {
    none: [0, 0, 1, 2, 3],
    snap_to_next_pos: [0, 0, 1, 2, 3],
    snap_to_nearest_pos: [0, 0, 1, 2, 3],
    right_open: [0, 500, 1, 2, 3],
    snap_to_prev_pos: [0, 0, 501, 2, 3],
    detect_spike: [0, 0, 1, 2, 3],
  };
  try {
    for (const method of ALIGNMENT_METHODS) {
      await t.step(method, async () => {
        const config = s.config({
          data: { datasets: { transactions: { alignment_method: method } } },
        } as ConfigInput);
        const out = await evaluateAssetDetailed({ config, greptime: s.client }, "x", {
          now: hm(6),
        });
        assert.equal(out.result.g_usd, 3);
        assert.equal(out.result.wmax_usd, 1.5);
        const g = out.detail.chart!.corrected.values.map((c) => c - 1000);
        assert.deepEqual(g, expected[method]);
      });
    }
  } finally {
    await s.close();
  }
});

Deno.test("evaluateAsset() E5: reference never counted, pre-baseline deposit absorbed", async (t) => {
  const s = await startScenario([{
    positions: [600, 601, 602].map((v, i) => ({ ts: hm(i, 10), wallet: A, usd: v })),
    deposits: [{ ts: hm(0, 5), wallet: A, amount: 100 }],
    withdrawals: [refWithdrawal(hm(0), A, 500)],
  }]);
  try {
    for (const method of ALIGNMENT_METHODS) {
      await t.step(method, async () => {
        const config = s.config({
          data: { datasets: { transactions: { alignment_method: method } } },
        } as ConfigInput);
        const r = await evaluateAsset({ config, greptime: s.client }, "x", { now: hm(3) });
        assert.equal(r.g_usd, 2);
        assert.equal(r.wmax_usd, 1);
        assert.equal(r.v_ref_usd, 600);
        assert.equal(r.wallets[0].flows_absorbed, 1);
        assert.equal(r.wallets[0].flows_counted, 0);
      });
    }
  } finally {
    await s.close();
  }
});

Deno.test("evaluateAsset() E6: a flow after the last snapshot is deferred", async () => {
  const withdrawal = { ts: hm(5, 30), wallet: A, amount: 300 };
  const first = await startScenario([{ ...E1, withdrawals: [...E1.withdrawals!, withdrawal] }]);
  try {
    const r = await evaluateAsset({ config: first.config(), greptime: first.client }, "x", {
      now: hm(5, 45),
    });
    assert.equal(r.g_usd, 4);
    assert.equal(r.wmax_usd, 2);
    assert.equal(r.wallets[0].flows_deferred, 1);
  } finally {
    await first.close();
  }
  const second = await startScenario([{
    positions: [...E1.positions, { ts: hm(6), wallet: A, usd: 705 }],
    withdrawals: [...E1.withdrawals!, withdrawal],
  }]);
  try {
    const r = await evaluateAsset({ config: second.config(), greptime: second.client }, "x", {
      now: hm(6, 30),
    });
    assert.equal(r.g_usd, 5);
    assert.equal(r.wmax_usd, 2.5);
  } finally {
    await second.close();
  }
});

Deno.test("evaluateAsset() E7: multi-wallet aggregate G = Σ G_w, total W = 6", async () => {
  const s = await startScenario([{
    positions: [
      ...[1000, 1002.5, 1005, 1007.5, 1010].map((v, i) => ({ ts: hm(i + 1), wallet: A, usd: v })),
      ...[2000, 1997.5, 2495, 2492.5, 2490].map((v, i) => ({ ts: hm(i + 1), wallet: B, usd: v })),
      ...[800, 801, 802].map((v, i) => ({ ts: hm(i + 3), wallet: C, usd: v })),
    ],
    deposits: [
      { ts: hm(2, 30), wallet: B, amount: 500 },
      { ts: hm(2, 15), wallet: C, amount: 800 },
    ],
    withdrawals: [refWithdrawal(hm(0), A)],
  }]);
  try {
    const out = await evaluateAssetDetailed({ config: s.config(), greptime: s.client }, "x", {
      now: hm(6),
    });
    const r = out.result;
    close(r.g_usd, 2);
    close(r.wmax_usd, 6);
    assert.equal(r.wallet_count, 3);
    assert.equal(r.decision, 1);
    close(r.v_ref_usd, 3800);
    assert.deepEqual(out.detail.chart!.positions.values, [3000, 3000, 4300, 4301, 4302]);
    assert.deepEqual(out.detail.chart!.corrected.values, [3800, 3800, 3800, 3801, 3802]);
    assert.equal(formatSummaryLine(r), "x: decision=1, wmax_usd=6.00 (3 wallets)");
    // Wallets sorted by computed W desc; full addresses stay in the detail.
    assert.deepEqual(out.detail.walletAddresses, [A, C, B]);
    assert.ok(r.wallets.every((w) => w.wallet.includes("...")));
  } finally {
    await s.close();
  }
});

Deno.test("evaluateAsset() E8: gate triggered → HOLD with computed W kept (§20)", async () => {
  const values = Array.from({ length: 10 }, (_, h) => (h <= 8 ? 1000 + h : 1020));
  const s = await startScenario([{
    positions: values.map((v, h) => ({ ts: hm(h), wallet: A, usd: v })),
    withdrawals: [refWithdrawal(hm(0) - 30 * 60_000, A)],
  }]);
  try {
    const config = s.config({
      analysis: {
        decision: {
          gate: { enabled: true, polynomial_order: 1, min_points: 5, k_sigma: 2 },
        },
      },
    });
    const r = await evaluateAsset({ config, greptime: s.client }, "x", { now: hm(10) });
    assert.equal(r.decision, 0);
    assert.equal(r.reason, "residual gate triggered");
    assert.equal(r.wmax_usd, 0);
    close(r.wmax_computed_usd, 10);
    close(r.gate.residual, 7.2, 1e-9);
    close(r.gate.sigma, 1.549193, 1e-6);
    assert.equal(r.gate.status, "triggered");
  } finally {
    await s.close();
  }
});

Deno.test("runEvaluation() scopes failures to one asset (§7.4, §23.13)", async (t) => {
  const s = await startScenario([
    { ...E1, asset: "good" },
    { asset: "gone", positions: [], withdrawals: [refWithdrawal(hm(0), A)], noPositionTable: true },
    { asset: "notx", positions: E1.positions, noTransactionTables: true },
    {
      asset: "nulls",
      positions: [
        ...E1.positions,
        { ts: hm(2), wallet: null, usd: 5 },
        { ts: hm(3), wallet: "", usd: 5 },
        { ts: hm(4), wallet: A, usd: null, units: null },
      ],
      withdrawals: [refWithdrawal(hm(0), A), { ts: hm(2), wallet: A, amount: null }],
    },
  ]);
  try {
    const config = s.config({ analysis: { decision: { reference: { fallback: "data_range" } } } });
    const record = await runEvaluation({ config, greptime: s.client }, { now: hm(6) });
    assert.deepEqual(record.results.map((r) => r.asset), ["good", "gone", "notx", "nulls"]);
    const [good, gone, notx, nulls] = record.results;
    await t.step("healthy asset evaluated", () => {
      assert.equal(good.decision, 1);
      assert.equal(good.g_usd, 4);
    });
    await t.step("missing position table is an ERROR naming the table", () => {
      assert.equal(gone.decision, -1);
      assert.equal(gone.reason, "error: table not found: liqwid_supply_positions_gone");
      assert.equal(gone.ref_mode, "keyword");
    });
    await t.step("missing transaction tables are warnings", () => {
      assert.equal(notx.decision, 1);
      assert.equal(notx.ref_mode, "data_range");
      assert.ok(notx.warnings.some((w) => w.includes("liqwid_withdrawals_notx")));
    });
    await t.step("rows with null values are skipped and counted", () => {
      assert.equal(nulls.decision, 1);
      assert.equal(nulls.g_usd, 4);
      assert.ok(nulls.warnings.includes("rows skipped: no USD value (1)"));
      assert.ok(nulls.warnings.includes("rows skipped: no wallet address (2)"));
      assert.ok(nulls.warnings.includes("rows skipped: invalid withdrawal (1)"));
    });
  } finally {
    await s.close();
  }
});

Deno.test("runEvaluation() with GreptimeDB unreachable: every asset ERROR, no throw", async () => {
  const s = await startScenario([{ ...E1, asset: "a1" }, { ...E1, asset: "a2" }]);
  const config = s.config();
  await s.close();
  const { createGreptimeClient } = await import("../../src/greptime/client.ts");
  const client = createGreptimeClient({ url: s.url, database: "liqwid", maxAttempts: 1 });
  const record = await runEvaluation({ config, greptime: client }, { now: hm(6) });
  assert.equal(record.results.length, 2);
  for (const r of record.results) {
    assert.equal(r.decision, -1);
    assert.match(r.reason ?? "", /^error: /);
    assert.equal(r.ref_mode, "unknown");
  }
});

Deno.test("evaluateAsset() edge cases of §3.3, §4.4", async (t) => {
  await t.step("no price at all for a needed conversion → ERROR", async () => {
    const s = await startScenario([{
      positions: E1.positions.map((p) => ({ ...p, price: null })),
      deposits: [{ ts: hm(2, 30), wallet: A, amount: 5 }],
      withdrawals: [refWithdrawal(hm(0), A)],
    }]);
    try {
      const r = await evaluateAsset({ config: s.config(), greptime: s.client }, "x", {
        now: hm(6),
      });
      assert.equal(r.decision, -1);
      assert.equal(r.reason, "error: no price_usd available to convert transactions");
    } finally {
      await s.close();
    }
  });
  await t.step("tagged withdrawal newer than every snapshot → HOLD no wallets/data", async () => {
    const s = await startScenario([{
      positions: E1.positions,
      withdrawals: [refWithdrawal(hm(5, 30), A)],
    }]);
    try {
      const r = await evaluateAsset({ config: s.config(), greptime: s.client }, "x", {
        now: hm(6),
      });
      assert.equal(r.decision, 0);
      assert.equal(r.reason, "no wallets/data");
      assert.equal(r.ref_mode, "keyword");
    } finally {
      await s.close();
    }
  });
  await t.step("date_range.end bounds the window", async () => {
    const s = await startScenario([E1]);
    try {
      const config = s.config({ data: { date_range: { end: "2025-01-01T03:00:00Z" } } });
      const r = await evaluateAsset({ config, greptime: s.client }, "x", { now: hm(6) });
      assert.equal(r.g_usd, 2);
      assert.equal(r.t1, "2025-01-01T03:00:00.000Z");
      assert.equal(r.window.end, "2025-01-01T03:00:00.000Z");
    } finally {
      await s.close();
    }
  });
});
