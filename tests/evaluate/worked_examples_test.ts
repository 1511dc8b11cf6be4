/**
 * SPEC §20 worked examples E1–E11, run end to end through the pure pipeline
 * (tests/evaluate/_scenario.ts). E12 lives in price_compare_test.ts, E8's KDE in kde_test.ts.
 */

import assert from "node:assert/strict";
import { E10_PRICES } from "../support/e10_prices.ts";
import { formatSummaryLine } from "../../src/evaluate/mod.ts";
import type { AlignmentMethod } from "../../src/evaluate/mod.ts";
import {
  at,
  hourly,
  KEYWORD,
  near,
  runScenario,
  type Tx,
  WALLET_A,
  WALLET_B,
  WALLET_C,
} from "./_scenario.ts";

const METHODS: AlignmentMethod[] = [
  "none",
  "right_open",
  "snap_to_next_pos",
  "snap_to_prev_pos",
  "snap_to_nearest_pos",
  "detect_spike",
];
const T_REF = (h: number, units = 1, wallet = WALLET_A): Tx => ({
  wallet,
  tsMs: at(h),
  kind: "withdrawal",
  units,
  memo: `${KEYWORD} (test)`,
});

Deno.test("E1 basic: G = 4, W = 2, decision 1, and both fallbacks", async (t) => {
  const positions = { [WALLET_A]: hourly(1, [1000, 1001, 1002, 1003, 1004]) };
  await t.step("keyword reference at 00:00", () => {
    const o = runScenario({ positions, transactions: [T_REF(0)] });
    assert.deepEqual(o.wallets[0].gains, [0, 1, 2, 3, 4]);
    assert.equal(o.result.g_usd, 4);
    assert.equal(o.result.wmax_usd, 2);
    assert.equal(o.result.decision, 1);
    assert.equal(o.result.ref_mode, "keyword");
    assert.equal(o.result.v_ref_usd, 1000);
    assert.equal(o.result.v_t1_usd, 1004);
    assert.equal(o.result.t0, "2025-01-01T00:00:00.000Z");
    assert.equal(o.result.t1, "2025-01-01T05:00:00.000Z");
    assert.equal(formatSummaryLine(o.result), "x: decision=1, wmax_usd=2.00 (1 wallet)");
  });
  await t.step("fallback data_range with null start uses the earliest position", () => {
    const o = runScenario({ positions, fallback: "data_range" });
    assert.equal(o.result.ref_mode, "data_range");
    assert.equal(o.t0Ms, at(1));
    assert.equal(o.result.g_usd, 4);
    assert.equal(o.result.decision, 1);
  });
  await t.step("fallback null holds with no reference withdrawal", () => {
    const o = runScenario({ positions, fallback: "null" });
    assert.equal(o.result.decision, 0);
    assert.equal(o.result.reason, "no reference withdrawal");
    assert.equal(o.result.ref_mode, "null");
    assert.equal(o.result.t0, null);
    assert.equal(o.result.v_ref_usd, null);
    assert.equal(o.result.gate.status, "not_applicable");
  });
});

Deno.test("E2 flows are converted at the transaction-time price and summed per snapshot", () => {
  const o = runScenario({
    positions: { [WALLET_A]: hourly(1, [1000, 1061, 1062]) },
    prices: [[at(1), 2.0], [at(2), 2.02], [at(3), 2.02]],
    transactions: [
      T_REF(0),
      { wallet: WALLET_A, tsMs: at(1 + 20 / 60), kind: "deposit", units: 10 },
      { wallet: WALLET_A, tsMs: at(1 + 40 / 60), kind: "deposit", units: 15 },
    ],
  });
  const w = o.wallets[0];
  assert.deepEqual(w.countedFlows.map((f) => f.amountUsd), [20, 30]);
  assert.deepEqual(w.countedIndices, [1, 1]);
  assert.deepEqual(w.gains, [0, 11, 12]);
  assert.equal(o.result.wmax_usd, 6);
});

Deno.test("E3 alignment methods attribute and gain as specified", async (t) => {
  const positions = { [WALLET_A]: hourly(1, [1000, 1500, 1501, 1002, 1003]) };
  const transactions: Tx[] = [
    T_REF(0),
    { wallet: WALLET_A, tsMs: at(2), kind: "deposit", units: 500 },
    { wallet: WALLET_A, tsMs: at(3.5), kind: "withdrawal", units: 500 },
  ];
  const cases: [AlignmentMethod, number[], number[]][] = [
    ["none", [1, 3], [0, 0, 1, 2, 3]],
    ["snap_to_next_pos", [1, 3], [0, 0, 1, 2, 3]],
    ["snap_to_nearest_pos", [1, 3], [0, 0, 1, 2, 3]],
    ["right_open", [2, 3], [0, 500, 1, 2, 3]],
    ["snap_to_prev_pos", [1, 2], [0, 0, 501, 2, 3]],
    ["detect_spike", [1, 3], [0, 0, 1, 2, 3]],
  ];
  for (const [method, idx, gains] of cases) {
    await t.step(method, () => {
      const o = runScenario({ positions, transactions, method });
      const w = o.wallets[0];
      assert.deepEqual(w.countedIndices, idx);
      assert.deepEqual(w.gains, gains);
      assert.equal(o.result.g_usd, 3);
      assert.equal(o.result.wmax_usd, 1.5);
    });
  }
});

Deno.test("E4 detect_spike finds the delayed deposit; others show the false dip", async (t) => {
  const values = Array.from({ length: 13 }, (_, h) => (h <= 6 ? 1000 + h : 1500 + h));
  const positions = { [WALLET_A]: hourly(0, values) };
  const transactions: Tx[] = [
    T_REF(-0.5),
    { wallet: WALLET_A, tsMs: at(5.5), kind: "deposit", units: 500 },
  ];
  await t.step("detect_spike → j = 7, G = 0..12", () => {
    const o = runScenario({ positions, transactions, method: "detect_spike" });
    assert.deepEqual(o.wallets[0].countedIndices, [7]);
    assert.deepEqual(o.wallets[0].gains, Array.from({ length: 13 }, (_, h) => h));
  });
  for (const method of ["none", "right_open", "snap_to_next_pos", "snap_to_nearest_pos"] as const) {
    await t.step(`${method} → G(06:00) = −494`, () => {
      const o = runScenario({ positions, transactions, method });
      assert.equal(o.wallets[0].gains[6], -494);
      assert.equal(o.result.g_usd, 12);
    });
  }
  await t.step("snap_to_prev_pos → G(05:00) = −495", () => {
    const o = runScenario({ positions, transactions, method: "snap_to_prev_pos" });
    assert.equal(o.wallets[0].gains[5], -495);
    assert.equal(o.result.g_usd, 12);
  });
});

Deno.test("E5 the reference withdrawal is never counted and pre-baseline flows are absorbed", async (t) => {
  const positions = {
    [WALLET_A]: [[at(10 / 60), 600], [at(70 / 60), 601], [at(130 / 60), 602]] as [number, number][],
  };
  const transactions: Tx[] = [
    T_REF(0, 500),
    { wallet: WALLET_A, tsMs: at(5 / 60), kind: "deposit", units: 100 },
  ];
  for (const method of METHODS) {
    await t.step(method, () => {
      const o = runScenario({ positions, transactions, method });
      const w = o.wallets[0];
      assert.equal(w.absorbed, 1);
      assert.equal(w.counted, 0);
      assert.equal(w.deferred, 0);
      assert.equal(o.result.g_usd, 2);
      assert.equal(o.result.wmax_usd, 1);
      assert.equal(o.result.v_ref_usd, 600);
      assert.equal(o.result.wallets[0].flows_absorbed, 1);
    });
  }
});

Deno.test("E6 flows after the last snapshot are deferred, then counted", async (t) => {
  const base = hourly(1, [1000, 1001, 1002, 1003, 1004]);
  const transactions: Tx[] = [
    T_REF(0),
    { wallet: WALLET_A, tsMs: at(5.5), kind: "withdrawal", units: 300 },
  ];
  for (const method of METHODS) {
    await t.step(`${method}: deferred`, () => {
      const o = runScenario({ positions: { [WALLET_A]: base }, transactions, method });
      assert.equal(o.wallets[0].deferred, 1);
      assert.equal(o.result.g_usd, 4);
      assert.equal(o.result.wmax_usd, 2);
      assert.equal(o.result.decision, 1);
    });
    await t.step(`${method}: counted once 06:00 exists`, () => {
      const o = runScenario({
        positions: { [WALLET_A]: [...base, [at(6), 705]] },
        transactions,
        method,
      });
      assert.deepEqual(o.wallets[0].countedIndices, [method === "snap_to_prev_pos" ? 4 : 5]);
      assert.equal(o.result.g_usd, 5);
      assert.equal(o.result.wmax_usd, 2.5);
    });
  }
});

Deno.test("E7 multi-wallet aggregate sums in address order", () => {
  const o = runScenario({
    positions: {
      [WALLET_C]: hourly(3, [800, 801, 802]),
      [WALLET_A]: hourly(1, [1000, 1002.5, 1005, 1007.5, 1010]),
      [WALLET_B]: hourly(1, [2000, 1997.5, 2495, 2492.5, 2490]),
    },
    transactions: [
      T_REF(0),
      { wallet: WALLET_B, tsMs: at(2.5), kind: "deposit", units: 500 },
      { wallet: WALLET_C, tsMs: at(2.25), kind: "deposit", units: 800 },
    ],
  });
  const agg = o.aggregate!;
  assert.deepEqual(agg.tsMs, [1, 2, 3, 4, 5].map(at));
  assert.deepEqual(agg.valueUsd, [3000, 3000, 4300, 4301, 4302]);
  assert.deepEqual(agg.gainUsd, [0, 0, 0, 1, 2]);
  assert.equal(agg.v_ref, 3800);
  assert.deepEqual(agg.corrected, [3800, 3800, 3800, 3801, 3802]);
  assert.deepEqual(o.wallets.map((w) => w.g), [10, -10, 2]);
  assert.equal(o.wallets[2].absorbed, 1);
  const r = o.result;
  assert.equal(r.g_usd, 2);
  assert.equal(r.wmax_usd, 6);
  assert.equal(r.decision, 1);
  assert.equal(r.wallet_count, 3);
  assert.deepEqual(r.wallets.map((w) => w.wmax_computed_usd), [5, 1, 0]);
  assert.deepEqual(r.wallets.map((w) => w.wallet), [
    "addr1qxa...1111",
    "addr1qxc...3333",
    "addr1qxb...2222",
  ]);
  assert.equal(formatSummaryLine(r), "x: decision=1, wmax_usd=6.00 (3 wallets)");
});

const E8_VALUES = Array.from({ length: 10 }, (_, h) => (h <= 8 ? 1000 + h : 1020));
const E8_GATE = { enabled: true, polynomial_order: 1, min_points: 5, k_sigma: 2 };

Deno.test("E8 gate, stddev, polynomial order 1, and its variants", async (t) => {
  const run = (gate = {}) =>
    runScenario({
      positions: { [WALLET_A]: hourly(0, E8_VALUES) },
      transactions: [T_REF(-0.5)],
      gate: { ...E8_GATE, ...gate },
    });
  await t.step("base case triggers and holds", () => {
    const o = run();
    const expected = [1.6, 1.0, 0.4, -0.2, -0.8, -1.4, -2.0, -2.6, -3.2, 7.2];
    o.gate.residuals!.values.forEach((r, i) => near(r, expected[i], 1e-9));
    const g = o.result.gate;
    near(g.sigma, 1.549193, 1e-6);
    near(g.threshold_upper, 3.098387, 1e-6);
    near(g.threshold_lower, -3.098387, 1e-6);
    near(g.residual, 7.2, 1e-9);
    assert.equal(g.status, "triggered");
    assert.equal(g.n_points, 10);
    assert.equal(g.n_min, 5);
    assert.equal(g.units, "usd");
    assert.equal(o.result.decision, 0);
    assert.equal(o.result.reason, "residual gate triggered");
    assert.equal(o.result.wmax_usd, 0);
    assert.equal(o.result.wmax_computed_usd, 10);
    assert.equal(o.result.wallets[0].wmax_usd, 0);
    assert.equal(o.result.wallets[0].wmax_computed_usd, 10);
    assert.equal(
      formatSummaryLine(o.result),
      "x: decision=0, wmax_usd=0.00 [reason: residual gate triggered]",
    );
  });
  const variants: [
    string,
    object,
    { residual?: number; sigma?: number; lo?: number; hi?: number; n?: number },
  ][] = [
    ["exclude_last false", { exclude_last_for_sigma: false }, { sigma: 2.814249 }],
    ["median", { method: "median" }, { residual: 15.5, sigma: 2.581989 }],
    ["percentile 0.68", { threshold_mode: "percentile", central_confidence: 0.68 }, {
      lo: -2.432,
      hi: 0.832,
    }],
    ["order 2", { polynomial_order: 2 }, { residual: 4.2, sigma: 1.719173 }],
    ["lookback 5 h", { lookback_hours: 5 }, { residual: 5.238095, sigma: 2.222336, n: 6 }],
  ];
  for (const [name, gate, exp] of variants) {
    await t.step(`${name} triggers`, () => {
      const g = run(gate).result.gate;
      assert.equal(g.status, "triggered");
      if (exp.residual !== undefined) near(g.residual, exp.residual, 1e-6);
      if (exp.sigma !== undefined) near(g.sigma, exp.sigma, 1e-6);
      if (exp.lo !== undefined) near(g.threshold_lower, exp.lo, 1e-9);
      if (exp.hi !== undefined) near(g.threshold_upper, exp.hi, 1e-9);
      if (exp.n !== undefined) assert.equal(g.n_points, exp.n);
    });
  }
  await t.step("lookback 5 h with min_points 10 → insufficient data", () => {
    const o = run({ lookback_hours: 5, min_points: 10 });
    assert.equal(o.result.gate.status, "insufficient_data");
    assert.equal(o.result.reason, "gate: insufficient data");
    assert.equal(o.result.gate.residual, null);
    assert.equal(o.result.gate.sigma, null);
    assert.equal(o.result.gate.threshold_upper, null);
    assert.equal(o.result.gate.triggered, false);
  });
});

Deno.test("E9 sides: both and lower trigger, upper does not", async (t) => {
  const values = Array.from({ length: 10 }, (_, h) => (h <= 8 ? 1000 + 2 * h : 1005));
  for (const [sides, decision] of [["both", 0], ["lower", 0], ["upper", 1]] as const) {
    await t.step(sides, () => {
      const o = runScenario({
        positions: { [WALLET_A]: hourly(0, values) },
        transactions: [T_REF(-0.5)],
        gate: { ...E8_GATE, sides },
      });
      const g = o.result.gate;
      near(g.residual, -8.509091, 1e-6);
      near(g.sigma, 1.830865, 1e-6);
      near(g.threshold_upper, 3.661730, 1e-6);
      assert.equal(o.result.g_usd, 5);
      assert.equal(o.result.wmax_computed_usd, 2.5);
      assert.equal(o.result.decision, decision);
      assert.equal(o.result.wmax_usd, decision === 1 ? 2.5 : 0);
      assert.equal(o.result.reason, decision === 1 ? null : "residual gate triggered");
    });
  }
});

Deno.test("E10 price_usd basis, median, percentile band (bit-exact)", async (t) => {
  const base = [...E10_PRICES];
  const run = (last: number, gate: object = {}) =>
    runScenario({
      positions: { [WALLET_A]: hourly(0, Array.from({ length: 21 }, (_, h) => 1000 + 0.5 * h)) },
      prices: hourly(0, [...base, last]),
      transactions: [T_REF(-0.5)],
      gate: {
        enabled: true,
        basis: "price_usd",
        method: "median",
        threshold_mode: "percentile",
        central_confidence: 0.68,
        min_points: 20,
        ...gate,
      },
    });
  await t.step("last 1.003 triggers", () => {
    const o = run(1.003);
    const g = o.result.gate;
    assert.equal(g.threshold_lower, -0.0010000000000000009);
    assert.equal(g.threshold_upper, 0.0009999999999998899);
    assert.equal(g.residual, 0.0029999999999998916);
    assert.equal(g.units, "usd_price");
    assert.equal(o.result.decision, 0);
    assert.equal(o.result.wmax_computed_usd, 5);
  });
  await t.step("last 1.001 equals the upper bound and does not trigger", () => {
    const o = run(1.001);
    assert.equal(o.result.gate.residual, o.result.gate.threshold_upper);
    assert.equal(o.result.gate.status, "ok");
    assert.equal(o.result.decision, 1);
    assert.equal(o.result.wmax_usd, 5);
  });
  await t.step("last 0.997 is below the lower bound", () => {
    const o = run(0.997);
    near(o.result.gate.residual, -0.003, 1e-15);
    assert.equal(o.result.gate.status, "triggered");
  });
  await t.step("stddev k 2 triggers", () => {
    const g = run(1.003, { threshold_mode: "stddev", k_sigma: 2 }).result.gate;
    near(g.sigma, 0.001095445, 1e-9);
    near(g.threshold_upper, 0.002190890, 1e-9);
    assert.equal(g.status, "triggered");
  });
});

Deno.test("E11 change_rate_usd basis and the guards", async (t) => {
  const corrected = [1000, 1001, 1002.2, 1003, 1004.1, 1005, 1006, 1007.3, 1008, 1009, 1012];
  const run = (values: number[], gate: object) =>
    runScenario({
      positions: { [WALLET_A]: hourly(0, values) },
      transactions: [T_REF(-0.5)],
      gate: { enabled: true, min_points: 5, k_sigma: 2, ...gate },
    });
  await t.step("median on rates", () => {
    const o = run(corrected, { basis: "change_rate_usd", method: "median" });
    const g = o.result.gate;
    assert.equal(o.gate.residuals!.values.length, 10);
    assert.equal(o.gate.residuals!.tsMs[0], at(1));
    near(g.residual, 2.0, 1e-9);
    near(g.sigma, 0.176383, 1e-6);
    near(g.threshold_upper, 0.352767, 1e-6);
    assert.equal(g.units, "usd_per_hour");
    assert.equal(g.status, "triggered");
    assert.equal(o.result.g_usd, 12);
    assert.equal(o.result.wmax_computed_usd, 6);
  });
  await t.step("polynomial order 1 on rates", () => {
    const g = run(corrected, { basis: "change_rate_usd", polynomial_order: 1 }).result.gate;
    near(g.residual, 1.341818, 1e-6);
    near(g.sigma, 0.337342, 1e-6);
    assert.equal(g.status, "triggered");
  });
  await t.step("five points with min_points 10 → insufficient data", () => {
    const o = run(corrected.slice(0, 5), { min_points: 10, polynomial_order: 1 });
    assert.equal(o.result.gate.status, "insufficient_data");
    assert.equal(o.result.reason, "gate: insufficient data");
  });
  for (const mode of ["stddev", "percentile"] as const) {
    await t.step(`exact line → degenerate sigma (${mode})`, () => {
      const line = Array.from({ length: 25 }, (_, h) => 1000 + 0.5 * h);
      const o = run(line, { threshold_mode: mode, polynomial_order: 1 });
      const g = o.result.gate;
      assert.equal(g.status, "degenerate_sigma");
      assert.ok(g.sigma !== null && g.sigma < 1e-6);
      assert.ok(g.residual !== null);
      assert.equal(g.threshold_lower, null);
      assert.equal(g.threshold_upper, null);
      assert.equal(g.triggered, false);
      assert.equal(o.result.reason, "gate: degenerate sigma");
    });
  }
});

Deno.test("§4.1/§4.2 every tagged withdrawal at t0 is a reference, never a flow", async (t) => {
  const positions = {
    [WALLET_A]: hourly(1, [1000, 1001, 1002]),
    [WALLET_B]: hourly(1, [500, 501, 502]),
  };
  for (const method of METHODS) {
    await t.step(method, () => {
      const o = runScenario({
        positions,
        method,
        transactions: [
          T_REF(-5, 50, WALLET_A),
          T_REF(0, 300, WALLET_A),
          T_REF(0, 200, WALLET_B),
          // Untagged withdrawal at t0: a real flow, absorbed by the baseline.
          { wallet: WALLET_B, tsMs: at(0), kind: "withdrawal", units: 7 },
        ],
      });
      assert.equal(o.t0Ms, at(0));
      assert.deepEqual(o.wallets.map((w) => w.counted + w.absorbed + w.deferred), [0, 1]);
      assert.equal(o.wallets[1].absorbed, 1);
      assert.equal(o.result.g_usd, 4);
      assert.equal(o.result.wmax_usd, 2);
    });
  }
});

Deno.test("§4.4 t0 after every snapshot holds with no wallets/data", () => {
  const o = runScenario({
    positions: { [WALLET_A]: hourly(1, [1000, 1001]) },
    transactions: [T_REF(2.5)],
    windowEndMs: at(3),
  });
  assert.equal(o.result.decision, 0);
  assert.equal(o.result.reason, "no wallets/data");
  assert.equal(o.result.ref_mode, "keyword");
  assert.equal(o.result.wallet_count, 0);
});
