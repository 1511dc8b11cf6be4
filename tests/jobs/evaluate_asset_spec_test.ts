/**
 * Conformance of the evaluation data path to SPEC §3–§7 and the clarifications of §23, over
 * real HTTP against the demo GreptimeDB server (one scenario per clause).
 */
import assert from "node:assert/strict";
import { evaluateAsset, evaluateAssetDetailed } from "../../src/jobs/evaluate_asset.ts";
import { runEvaluation } from "../../src/jobs/evaluation.ts";
import { type Config, type ConfigInput, ConfigSchema } from "../../src/config/schema.ts";
import { createGreptimeClient } from "../../src/greptime/client.ts";
import { startDemoGreptime } from "../../src/demo/greptime_server.ts";
import {
  addr,
  DAY0,
  hm,
  type PosRow,
  refWithdrawal,
  type Scenario,
  startScenario,
} from "../support/scenario.ts";

const A = addr("a");
const B = addr("b");

/** E1 of §20: snapshots 01:00–05:00 = 1000…1004, tagged reference at 00:00. */
const E1_POSITIONS: PosRow[] = [1000, 1001, 1002, 1003, 1004].map((v, i) => ({
  ts: hm(i + 1),
  wallet: A,
  usd: v,
}));

function method(m: string): ConfigInput {
  return { data: { datasets: { transactions: { alignment_method: m } } } } as ConfigInput;
}

function close(actual: number | null, expected: number, tol = 1e-9): void {
  assert.ok(actual !== null, `expected ${expected}, got null`);
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);
}

async function withScenario(
  scenario: Scenario | Scenario[],
  fn: (s: Awaited<ReturnType<typeof startScenario>>) => Promise<void>,
): Promise<void> {
  const s = await startScenario(Array.isArray(scenario) ? scenario : [scenario]);
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}

Deno.test("evaluateAsset() never takes a skipped withdrawal row as the reference (§23.1)", async (t) => {
  const cases: { name: string; wallet: string | null; amount: number | null }[] = [
    { name: "empty wallet", wallet: "", amount: 1 },
    { name: "null wallet", wallet: null, amount: 1 },
    { name: "zero amount", wallet: A, amount: 0 },
    { name: "null amount", wallet: A, amount: null },
  ];
  for (const c of cases) {
    await t.step(c.name, async () => {
      await withScenario({
        positions: E1_POSITIONS,
        withdrawals: [
          refWithdrawal(hm(0), A),
          { ts: hm(2, 30), wallet: c.wallet, amount: c.amount, memo: "alert_driven_withdrawal" },
        ],
      }, async (s) => {
        const r = await evaluateAsset({ config: s.config(), greptime: s.client }, "x", {
          now: hm(6),
        });
        assert.equal(r.t0, "2025-01-01T00:00:00.000Z");
        assert.equal(r.g_usd, 4);
        assert.ok(r.warnings.includes("rows skipped: invalid withdrawal (1)"), r.warnings.join());
      });
    });
  }
});

Deno.test("evaluateAsset() averages every finite price_usd at a ts, skipped rows included (§23.2, §23.3)", async () => {
  await withScenario({
    positions: [
      ...E1_POSITIONS.map((p) => ({ ...p, price: 1 })),
      // Skipped for USD (no wallet / no USD value) but their prices still count.
      { ts: hm(5), wallet: "", usd: 7, price: 2 },
      { ts: hm(5), wallet: B, usd: null, units: null, price: 3 },
    ],
    withdrawals: [refWithdrawal(hm(0), A)],
  }, async (s) => {
    const r = await evaluateAsset({ config: s.config(), greptime: s.client }, "x", {
      now: hm(6),
    });
    assert.equal(r.price_t1_usd, 2);
    // B's only row is skipped: B has no snapshot (§23.2).
    assert.equal(r.wallet_count, 1);
    assert.equal(r.g_usd, 4);
    assert.ok(r.warnings.includes("rows skipped: no USD value (1)"));
    assert.ok(r.warnings.includes("rows skipped: no wallet address (1)"));
  });
});

Deno.test("evaluateAsset() conversion prices (§3.3, §23.4)", async (t) => {
  await t.step("prices after E are never used → ERROR when a flow needs one", async () => {
    await withScenario({
      positions: [
        ...E1_POSITIONS.map((p) => ({ ...p, price: null })),
        { ts: hm(6), wallet: A, usd: 1005, price: 2 },
      ],
      deposits: [{ ts: hm(2, 30), wallet: A, amount: 5 }],
      withdrawals: [refWithdrawal(hm(0), A)],
    }, async (s) => {
      const config = s.config({ data: { date_range: { end: "2025-01-01T05:30:00Z" } } });
      const r = await evaluateAsset({ config, greptime: s.client }, "x", { now: hm(8) });
      assert.equal(r.decision, -1);
      assert.equal(r.reason, "error: no price_usd available to convert transactions");
    });
  });
  await t.step("no price at all but only the reference withdrawal → no ERROR", async () => {
    await withScenario({
      positions: E1_POSITIONS.map((p) => ({ ...p, price: null })),
      withdrawals: [refWithdrawal(hm(0), A)],
    }, async (s) => {
      const r = await evaluateAsset({ config: s.config(), greptime: s.client }, "x", {
        now: hm(6),
      });
      assert.equal(r.decision, 1);
      assert.equal(r.g_usd, 4);
      assert.equal(r.price_t1_usd, null);
    });
  });
  await t.step("a price exactly at t0 converts under right_open", async () => {
    await withScenario({
      positions: [
        { ts: hm(0), wallet: A, usd: 999, price: 2 },
        ...E1_POSITIONS.map((p) => ({ ...p, price: null })),
      ],
      deposits: [{ ts: hm(1, 30), wallet: A, amount: 5 }],
      withdrawals: [refWithdrawal(hm(0), A)],
    }, async (s) => {
      const r = await evaluateAsset(
        {
          config: s.config(method("right_open")),
          greptime: s.client,
        },
        "x",
        { now: hm(6) },
      );
      assert.equal(r.decision, 0);
      // Baseline 01:00 = 1000; deposit 5 × 2.00 = 10 USD counted at 02:00 → G = 4 − 10.
      assert.equal(r.g_usd, -6);
    });
  });
});

Deno.test("evaluateAsset() t0 = E with a snapshot at E (§23.5)", async (t) => {
  const scenario: Scenario = { positions: E1_POSITIONS, withdrawals: [refWithdrawal(hm(5), A)] };
  await t.step("one-snapshot window, G = 0", async () => {
    await withScenario(scenario, async (s) => {
      const r = await evaluateAsset({ config: s.config(), greptime: s.client }, "x", {
        now: hm(5),
      });
      assert.equal(r.wallet_count, 1);
      assert.equal(r.g_usd, 0);
      assert.equal(r.v_ref_usd, 1004);
      assert.equal(r.t1, "2025-01-01T05:00:00.000Z");
      assert.equal(r.reason, "non-positive gains since t0 (clamped)");
    });
  });
  await t.step("right_open: no snapshot → HOLD no wallets/data", async () => {
    await withScenario(scenario, async (s) => {
      const r = await evaluateAsset(
        {
          config: s.config(method("right_open")),
          greptime: s.client,
        },
        "x",
        { now: hm(5) },
      );
      assert.equal(r.decision, 0);
      assert.equal(r.reason, "no wallets/data");
    });
  });
});

/** Hourly 00:00–05:00 positions with prices; the gate's price basis sees 6 points in [t0, E]. */
const PRICE_GATE: Scenario = {
  positions: [1000, 1001, 1002, 1003, 1004, 1005].map((v, h) => ({
    ts: hm(h),
    wallet: A,
    usd: v,
    price: 1 + h / 1000,
  })),
  withdrawals: [refWithdrawal(hm(0), A)],
};

function priceGateConfig(s: { config(i?: ConfigInput): Config }, extra: ConfigInput = {}): Config {
  return s.config({
    ...method("right_open"),
    ...extra,
    analysis: {
      decision: {
        gate: { enabled: true, basis: "price_usd", method: "median", min_points: 6 },
      },
    },
  } as ConfigInput);
}

Deno.test("evaluateAsset() price_usd gate reads the closed window [t0, E] under right_open (§23.6)", async (t) => {
  await t.step("evaluateAsset without a price context", async () => {
    await withScenario(PRICE_GATE, async (s) => {
      const r = await evaluateAsset({ config: priceGateConfig(s), greptime: s.client }, "x", {
        now: hm(5),
      });
      assert.equal(r.gate.n_points, 6);
      assert.notEqual(r.gate.status, "insufficient_data");
    });
  });
  await t.step("runEvaluation (with a price context)", async () => {
    await withScenario(PRICE_GATE, async (s) => {
      const rec = await runEvaluation({ config: priceGateConfig(s), greptime: s.client }, {
        now: hm(5),
      });
      assert.equal(rec.results[0].gate.n_points, 6);
      // The chart keeps the basis series for its lookback override (§15.2).
      const chart = rec.details[0].chart!;
      assert.equal(chart.gatePriceSeries?.tsMs.length, 6);
      assert.deepEqual(chart.gatePriceSeries?.tsMs, chart.residuals?.tsMs);
    });
  });
});

Deno.test("evaluateAsset() price_usd basis walks prices.sources; a missing minswap table falls back with a warning (§23.8, §23.9)", async () => {
  await withScenario(PRICE_GATE, async (s) => {
    const config = priceGateConfig(s, { prices: { sources: ["minswap"] } } as ConfigInput);
    const r = await evaluateAsset({ config, greptime: s.client }, "x", { now: hm(5) });
    assert.notEqual(r.decision, -1, r.reason ?? "");
    assert.equal(r.gate.n_points, 6);
    assert.ok(
      r.warnings.some((w) => w.includes("greptime(minswap)") && w.includes("greptime(liqwid)")),
      r.warnings.join(" | "),
    );
  });
});

Deno.test("evaluateAsset() missing table or database (§23.13)", async (t) => {
  const gone: Scenario = {
    positions: [],
    withdrawals: [refWithdrawal(hm(0), A)],
    noPositionTable: true,
  };
  await t.step("fallback null never reads positions → HOLD no reference withdrawal", async () => {
    await withScenario({ ...gone, withdrawals: [] }, async (s) => {
      const r = await evaluateAsset({ config: s.config(), greptime: s.client }, "x", {
        now: hm(6),
      });
      assert.equal(r.decision, 0);
      assert.equal(r.reason, "no reference withdrawal");
      assert.equal(r.ref_mode, "null");
    });
  });
  await t.step("data_range with start null: ERROR naming the position table", async () => {
    await withScenario({ ...gone, withdrawals: [] }, async (s) => {
      const config = s.config({
        analysis: { decision: { reference: { fallback: "data_range" } } },
      });
      const r = await evaluateAsset({ config, greptime: s.client }, "x", { now: hm(6) });
      assert.equal(r.decision, -1);
      assert.equal(r.reason, "error: table not found: liqwid_supply_positions_x");
      assert.equal(r.ref_mode, "unknown");
    });
  });
  await t.step("missing database", async () => {
    await withScenario({ positions: E1_POSITIONS }, async (s) => {
      const base = s.config();
      const config: Config = {
        ...base,
        data: {
          ...base.data,
          databases: { greptime: { ...base.data.databases.greptime, database: "nope" } },
        },
      };
      const client = createGreptimeClient({ url: s.url, database: "nope", maxAttempts: 1 });
      const r = await evaluateAsset({ config, greptime: client }, "x", { now: hm(6) });
      assert.equal(r.decision, -1);
      assert.equal(r.reason, "error: database not found: nope");
      assert.equal(r.ref_mode, "unknown");
    });
  });
});

Deno.test("evaluateAsset() right_open + data_range + start null excludes the earliest snapshot (§23.14)", async () => {
  await withScenario({ positions: E1_POSITIONS }, async (s) => {
    const config = s.config({
      ...method("right_open"),
      analysis: { decision: { reference: { fallback: "data_range" } } },
    } as ConfigInput);
    const r = await evaluateAsset({ config, greptime: s.client }, "x", { now: hm(6) });
    assert.equal(r.t0, "2025-01-01T01:00:00.000Z");
    assert.equal(r.v_ref_usd, 1001);
    assert.equal(r.g_usd, 3);
  });
});

Deno.test("evaluateAsset() empty position table with data_range → HOLD no wallets/data (§4.3)", async (t) => {
  for (const start of [null, "2025-01-01T00:00:00Z"]) {
    await t.step(`start ${start}`, async () => {
      await withScenario({ positions: [] }, async (s) => {
        const config = s.config({
          data: { date_range: { start } },
          analysis: { decision: { reference: { fallback: "data_range" } } },
        } as ConfigInput);
        const r = await evaluateAsset({ config, greptime: s.client }, "x", { now: hm(6) });
        assert.equal(r.decision, 0);
        assert.equal(r.reason, "no wallets/data");
        assert.equal(r.ref_mode, "data_range");
      });
    });
  }
});

Deno.test("evaluateAsset() date_range.start bounds the reference search; naive times use settings.timezone (§3.4.1, §23.12)", async () => {
  await withScenario({
    positions: E1_POSITIONS,
    withdrawals: [refWithdrawal(hm(0), A)],
  }, async (s) => {
    const config = s.config({
      settings: { timezone: "Europe/Paris" },
      // 01:30 in Paris (UTC+1 in January) = 00:30Z, after the tagged withdrawal.
      data: { date_range: { start: "2025-01-01T01:30:00" } },
      analysis: { decision: { reference: { fallback: "data_range" } } },
    } as ConfigInput);
    const r = await evaluateAsset({ config, greptime: s.client }, "x", { now: hm(6) });
    assert.equal(r.ref_mode, "data_range");
    assert.equal(r.t0, "2025-01-01T00:30:00.000Z");
    assert.equal(r.g_usd, 4);
  });
});

Deno.test("evaluateAsset() flows of a wallet without snapshots are ignored with a warning (§5.1)", async () => {
  await withScenario({
    positions: E1_POSITIONS,
    deposits: [{ ts: hm(2), wallet: B, amount: 50 }],
    withdrawals: [refWithdrawal(hm(0), A)],
  }, async (s) => {
    const r = await evaluateAsset({ config: s.config(), greptime: s.client }, "x", {
      now: hm(6),
    });
    assert.equal(r.g_usd, 4);
    assert.equal(r.wallet_count, 1);
    assert.ok(r.warnings.some((w) => w.startsWith("flows ignored for wallet without snapshots")));
  });
});

Deno.test("evaluateAsset() per_asset explicit null overrides the global gate value (§23.19)", async () => {
  await withScenario(
    { positions: E1_POSITIONS, withdrawals: [refWithdrawal(hm(0), A)] },
    async (s) => {
      const config = s.config({
        analysis: {
          decision: {
            gate: {
              enabled: true,
              lookback_hours: 2,
              min_points: 3,
              per_asset: { x: { lookback_hours: null } },
            },
          },
        },
      } as ConfigInput);
      const r = await evaluateAsset({ config, greptime: s.client }, "x", { now: hm(6) });
      assert.equal(r.gate.lookback_hours, null);
      assert.equal(r.gate.n_points, 5);
    },
  );
});

Deno.test("runEvaluation() price comparison runs for every non-ERROR result, counter kept on ERROR (§23.15)", async (t) => {
  const pc = {
    analysis: {
      price_compare: { enabled: true, sources: ["liqwid", "minswap"] },
    },
    prices: {
      sources: ["liqwid", "minswap"],
      priority_by_logical: { liqwid: ["greptime(liqwid)"], minswap: ["greptime(minswap)"] },
    },
  } as ConfigInput;
  await t.step("ref_mode null still gets a price comparison", async () => {
    await withScenario({ positions: E1_POSITIONS }, async (s) => {
      const state = new Map([["x", 3]]);
      const rec = await runEvaluation({
        config: s.config(pc),
        greptime: s.client,
        mismatchState: state,
      }, {
        now: hm(6),
      });
      const r = rec.results[0];
      assert.equal(r.reason, "no reference withdrawal");
      assert.ok(r.price_compare !== null);
      assert.equal(r.price_compare.unavailable, true);
      assert.equal(state.get("x"), 0);
    });
  });
  await t.step("evaluateAsset without a price context compares too", async () => {
    await withScenario({ positions: E1_POSITIONS }, async (s) => {
      const r = await evaluateAsset({ config: s.config(pc), greptime: s.client }, "x", {
        now: hm(6),
      });
      assert.ok(r.price_compare !== null);
    });
  });
  await t.step("a compute ERROR leaves the counter unchanged", async () => {
    await withScenario({
      positions: [
        ...E1_POSITIONS,
        // Two finite wallet gains whose sum overflows: non-finite G → ERROR after comparing.
        { ts: hm(1), wallet: B, usd: 1 },
        { ts: hm(5), wallet: B, usd: 1.7e308 },
        { ts: hm(6), wallet: A, usd: 1.7e308 },
      ],
      withdrawals: [refWithdrawal(hm(0), A)],
    }, async (s) => {
      const state = new Map([["x", 3]]);
      const rec = await runEvaluation({
        config: s.config(pc),
        greptime: s.client,
        mismatchState: state,
      }, {
        now: hm(7),
      });
      assert.equal(rec.results[0].decision, -1);
      assert.equal(rec.results[0].price_compare, null);
      assert.equal(state.get("x"), 3);
    });
  });
});

Deno.test("runEvaluation() with an empty asset list yields the single _all_ ERROR (§7.5)", async () => {
  await withScenario({ positions: E1_POSITIONS }, async (s) => {
    const rec = await runEvaluation({
      config: s.config({ domain: { assets: [] } }),
      greptime: s.client,
    }, { now: hm(6) });
    assert.equal(rec.results.length, 1);
    assert.equal(rec.results[0].asset, "_all_");
    assert.equal(rec.results[0].decision, -1);
    assert.equal(rec.results[0].reason, "assets list is empty");
  });
});

Deno.test("evaluateAsset() E4 detect_spike end to end (§5.3, §20)", async (t) => {
  const values = Array.from({ length: 13 }, (_, h) => (h <= 6 ? 1000 + h : 1500 + h));
  const scenario: Scenario = {
    positions: values.map((v, h) => ({ ts: hm(h), wallet: A, usd: v })),
    deposits: [{ ts: hm(5, 30), wallet: A, amount: 500 }],
    withdrawals: [refWithdrawal(hm(0) - 30 * 60_000, A)],
  };
  const cases: { m: string; at: number; g: number }[] = [
    { m: "detect_spike", at: 6, g: 6 },
    { m: "none", at: 6, g: -494 },
    { m: "right_open", at: 6, g: -494 },
    { m: "snap_to_next_pos", at: 6, g: -494 },
    { m: "snap_to_nearest_pos", at: 6, g: -494 },
    { m: "snap_to_prev_pos", at: 5, g: -495 },
  ];
  await withScenario(scenario, async (s) => {
    for (const c of cases) {
      await t.step(c.m, async () => {
        const out = await evaluateAssetDetailed(
          {
            config: s.config(method(c.m)),
            greptime: s.client,
          },
          "x",
          { now: hm(13) },
        );
        assert.equal(out.result.g_usd, 12);
        assert.equal(out.result.decision, 1);
        const g = out.detail.chart!.corrected.values.map((v) => v - 1000);
        assert.equal(g[c.at], c.g);
        if (c.m === "detect_spike") {
          assert.deepEqual(g, Array.from({ length: 13 }, (_, h) => h));
        }
      });
    }
  });
});

Deno.test("evaluateAsset() reports sorted wallets and ISO t0/t1 (§7.3, §23.17)", async () => {
  await withScenario({
    positions: [
      ...E1_POSITIONS,
      ...E1_POSITIONS.map((p, i) => ({ ...p, wallet: B, usd: 2000 + 3 * i })),
    ],
    withdrawals: [refWithdrawal(hm(0), A)],
  }, async (s) => {
    const r = await evaluateAsset({ config: s.config(), greptime: s.client }, "x", {
      now: hm(6),
    });
    assert.deepEqual(r.wallets.map((w) => w.wmax_computed_usd), [6, 2]);
    assert.equal(r.wallets[0].wallet, "addr1qbb...bbbb");
    assert.equal(r.g_usd, 16);
    close(r.wmax_usd, 8);
    assert.equal(r.t0, "2025-01-01T00:00:00.000Z");
    assert.equal(r.t1, "2025-01-01T05:00:00.000Z");
  });
});

Deno.test("evaluateAsset() position table without a price_usd column: prices read as all-null (§3.1.1)", async () => {
  const server = await startDemoGreptime({
    anchorMs: DAY0,
    databases: {
      liqwid: [{
        name: "liqwid_supply_positions_x",
        columns: [
          { name: "ts", type: "TimestampMillisecond" },
          { name: "wallet_address", type: "String" },
          { name: "usd_value", type: "Float64" },
        ],
        primaryKey: ["wallet_address"],
        rows: [0, 1, 2, 3, 4, 5].map((h) => [hm(h), A, 1000 + h]),
      }],
      minswap: [],
    },
  }, { port: 0 });
  try {
    const client = createGreptimeClient({ url: server.url, database: "liqwid", maxAttempts: 1 });
    const base = configFor(server.port, {
      analysis: {
        decision: {
          reference: { fallback: "data_range" },
          gate: { enabled: true, basis: "price_usd", min_points: 3 },
        },
      },
    } as ConfigInput);
    const r = await evaluateAsset({ config: base, greptime: client }, "x", { now: hm(6) });
    assert.equal(r.decision, 0, r.reason ?? "");
    assert.equal(r.reason, "gate: insufficient data");
    assert.equal(r.gate.n_points, 0);
    assert.equal(r.g_usd, 5);
    assert.equal(r.price_t1_usd, null);
  } finally {
    await server.close();
  }
});

/** A config for asset `x` pointing at a demo server on `port` (like `startScenario().config`). */
function configFor(port: number, input: ConfigInput): Config {
  return ConfigSchema.parse({
    ...input,
    domain: { assets: ["x"] },
    data: { databases: { greptime: { host: "http://127.0.0.1", port, max_attempts: 1 } } },
  }) as Config;
}
