/**
 * Differential (property) test of the evaluation path: seeded random scenarios are served by the
 * demo GreptimeDB over real HTTP, evaluated by `evaluateAssetDetailed`, and compared with the
 * independent naive model of `tests/support/reference_model.ts` (SPEC §3.1–§3.4, §4, §5, §5.5,
 * §7.1, §7.2; gate and price comparison off).
 *
 * Reproduce one case: `DIFF_CASE_SEED=<seed> deno test -A tests/jobs/evaluate_differential_test.ts`.
 * Change the run: `DIFF_SEED=<base> DIFF_CASES=<n>`.
 */
import assert from "node:assert/strict";
import { evaluateAssetDetailed } from "../../src/jobs/evaluate_asset.ts";
import { type Config, ConfigSchema } from "../../src/config/schema.ts";
import { createGreptimeClient } from "../../src/greptime/client.ts";
import { startDemoGreptime } from "../../src/demo/greptime_server.ts";
import type { AssetDetail, AssetResult } from "../../src/evaluate/types.ts";
import { addr, DAY0, type PosRow, scenarioDataset, type TxRow } from "../support/scenario.ts";
import {
  type Case,
  generateCase,
  HOUR,
  iso,
  KEYWORD,
  METHODS,
  MIN,
} from "../support/differential_scenarios.ts";
import {
  type ModelError,
  type ModelInput,
  type ModelMethod,
  type ModelResult,
  referenceEvaluate,
} from "../support/reference_model.ts";

function near(actual: number | null, expected: number | null): boolean {
  if (actual === null || expected === null) return actual === expected;
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(actual), Math.abs(expected));
}

/** Compares one actual result with the model; returns the list of mismatches. */
function differences(
  actual: AssetResult,
  detail: AssetDetail,
  expected: ModelResult | ModelError,
): string[] {
  const addresses = detail.walletAddresses;
  const out: string[] = [];
  const eq = (name: string, a: unknown, e: unknown): void => {
    if (a !== e) out.push(`${name}: actual ${a} expected ${e}`);
  };
  const num = (name: string, a: number | null, e: number | null): void => {
    if (!near(a, e)) out.push(`${name}: actual ${a} expected ${e}`);
  };
  eq("decision", actual.decision, expected.decision);
  eq("reason", actual.reason, expected.reason);
  eq("ref_mode", actual.ref_mode, expected.ref_mode);
  eq("t0", actual.t0, expected.t0Ms === null ? null : iso(expected.t0Ms));
  if (expected.decision === -1) return out;
  const exp = expected as ModelResult;
  eq("t1", actual.t1, exp.t1Ms === null ? null : iso(exp.t1Ms));
  num("g_usd", actual.g_usd, exp.g_usd);
  num("v_ref_usd", actual.v_ref_usd, exp.v_ref_usd);
  num("v_t1_usd", actual.v_t1_usd, exp.v_t1_usd);
  num("price_t1_usd", actual.price_t1_usd, exp.price_t1_usd);
  num("wmax_usd", actual.wmax_usd, exp.wmax_usd);
  num("wmax_computed_usd", actual.wmax_computed_usd, exp.wmax_computed_usd);
  eq("wallet_count", actual.wallet_count, exp.wallets.length);
  eq(
    "wallet addresses",
    [...addresses].sort().join(","),
    exp.wallets.map((w) => w.address).join(","),
  );
  for (const w of exp.wallets) {
    const i = addresses.indexOf(w.address);
    if (i < 0) continue;
    const a = actual.wallets[i];
    const tag = `wallet ${w.address.slice(0, 7)}`;
    num(`${tag} g_usd`, a.g_usd, w.g);
    num(`${tag} v_ref_usd`, a.v_ref_usd, w.v_ref);
    num(`${tag} v_t1_usd`, a.v_t1_usd, w.v_t1);
    num(`${tag} wmax_usd`, a.wmax_usd, w.wmax);
    num(`${tag} wmax_computed_usd`, a.wmax_computed_usd, w.wmax_computed);
    eq(`${tag} snapshots`, a.snapshots, w.snapshots);
    eq(`${tag} flows_counted`, a.flows_counted, w.counted);
    eq(`${tag} flows_absorbed`, a.flows_absorbed, w.absorbed);
    eq(`${tag} flows_deferred`, a.flows_deferred, w.deferred);
  }
  // §5.5 timeline (this is where the attribution index j of every counted flow shows).
  const chart = detail.chart;
  if (exp.wallets.length > 0) {
    if (chart === null) out.push("chart: missing");
    else {
      eq("S", chart.corrected.tsMs.join(","), exp.timeline.tsMs.join(","));
      eq("V(s) timestamps", chart.positions.tsMs.join(","), exp.timeline.tsMs.join(","));
      exp.timeline.tsMs.forEach((s, i) => {
        num(`C(${iso(s)})`, chart.corrected.values[i] ?? null, exp.timeline.corrected[i]);
        num(`V(${iso(s)})`, chart.positions.values[i] ?? null, exp.timeline.valueUsd[i]);
      });
      const flows = chart.flows.map((f) => f.amountUsd).sort((x, y) => x - y);
      const want = exp.wallets.flatMap((w) => w.countedUsd).sort((x, y) => x - y);
      eq("counted flows", flows.length, want.length);
      want.forEach((v, i) => num(`counted flow #${i} usd`, flows[i] ?? null, v));
    }
  }
  return out;
}

/** Serves `cases` (one asset each) from one demo server and checks each against the model. */
async function runBatch(cases: Case[]): Promise<{ failures: string[]; decisions: string[] }> {
  const dataset = scenarioDataset(cases.map((c) => c.scenario));
  const tables = [];
  for (const table of dataset.databases.liqwid) {
    const c = cases.find((c) => table.name.endsWith(`_${c.scenario.asset}`))!;
    if (table.name.startsWith("liqwid_supply_positions_")) {
      if (c.drop.positions) continue;
      // Several rows per wallet and ts must survive the (wallet_address, ts) upsert of the demo
      // store: make market_id part of the key and unique per row (market_id is informational).
      table.primaryKey = ["wallet_address", "market_id"];
      const col = table.columns.findIndex((c) => c.name === "market_id");
      table.rows.forEach((row, i) => (row[col] = `M${i}`));
      for (const name of c.dropColumns) {
        const k = table.columns.findIndex((col) => col.name === name);
        table.columns.splice(k, 1);
        for (const row of table.rows) row.splice(k, 1);
      }
    } else {
      if (table.name.startsWith("liqwid_deposits_") && c.drop.deposits) continue;
      if (table.name.startsWith("liqwid_withdrawals_") && c.drop.withdrawals) continue;
      const notes = table.columns.findIndex((col) => col.name === "notes");
      if (c.memoLayout === "memo") table.columns[notes] = { name: "memo", type: "String" };
      if (c.memoLayout === "both") {
        // auto reads `memo`; `notes` carries a decoy that must be ignored.
        table.columns.push({ name: "memo", type: "String" });
        for (const row of table.rows) {
          row.push(row[notes]);
          row[notes] = `${KEYWORD} decoy`;
        }
      }
    }
    tables.push(table);
  }
  dataset.databases.liqwid = tables;
  const server = await startDemoGreptime(dataset, { port: 0 });
  const greptime = createGreptimeClient({ url: server.url, database: "liqwid", maxAttempts: 1 });
  const assets = cases.map((c) => c.scenario.asset!);
  const failures: string[] = [];
  const decisions: string[] = [];
  try {
    for (const c of cases) {
      const config = ConfigSchema.parse({
        ...c.configInput,
        domain: { assets },
        data: {
          ...c.configInput.data,
          databases: { greptime: { host: "http://127.0.0.1", port: server.port, max_attempts: 1 } },
        },
      }) as Config;
      const { result, detail } = await evaluateAssetDetailed(
        { config, greptime },
        c.scenario.asset!,
        { now: c.model.nowMs },
      );
      const expected = referenceEvaluate(c.model);
      // Coverage tags: which outcomes the generated cases reached.
      decisions.push(`${expected.decision}:${expected.reason}:${expected.ref_mode}`);
      if (expected.decision !== -1) {
        for (const w of (expected as ModelResult).wallets) {
          if (w.counted > 0) decisions.push(`counted:${c.model.method}`);
          if (w.absorbed > 0) decisions.push("absorbed");
          if (w.deferred > 0) decisions.push("deferred");
        }
      }
      const diff = differences(result, detail, expected);
      if (diff.length > 0) {
        if (Deno.env.get("DIFF_CASE_SEED")) {
          console.log(
            JSON.stringify({
              config: c.configInput,
              now: iso(c.model.nowMs),
              scenario: c.scenario,
            }),
          );
        }
        failures.push(
          `case seed ${c.seed} (asset ${c.scenario.asset}, method ${c.model.method}, fallback ` +
            `${c.model.fallback}):\n  ${diff.join("\n  ")}`,
        );
      }
    }
  } finally {
    await server.close();
  }
  return { failures, decisions };
}

function envInt(name: string): number | null {
  const v = Deno.env.get(name);
  return v === undefined || v === "" ? null : Number.parseInt(v, 10);
}

Deno.test("evaluateAssetDetailed() agrees with the naive reference model on random scenarios (§3–§5, §7)", async () => {
  const single = envInt("DIFF_CASE_SEED");
  const base = envInt("DIFF_SEED") ?? 20250101;
  const n = single === null ? envInt("DIFF_CASES") ?? 300 : 1;
  const seeds = single === null ? Array.from({ length: n }, (_, i) => base + i) : [single];
  const cases = seeds.map((s, i) => generateCase(s, `dx${i}`));
  const failures: string[] = [];
  const decisions: string[] = [];
  for (let i = 0; i < cases.length; i += 100) {
    const r = await runBatch(cases.slice(i, i + 100));
    failures.push(...r.failures);
    decisions.push(...r.decisions);
  }
  assert.equal(
    failures.length,
    0,
    `${failures.length} of ${cases.length} cases differ:\n${failures.join("\n")}`,
  );
  if (single === null) {
    // The generator must reach every outcome the model knows, or the comparison proves little.
    const want = [
      "1:null:keyword",
      "1:null:data_range",
      "0:no reference withdrawal:null",
      "0:no wallets/data:keyword",
      "0:non-positive gains since t0 (clamped):keyword",
      "-1:error: no price_usd available to convert transactions:keyword",
      "absorbed",
      "deferred",
      ...METHODS.map((m) => `counted:${m}`),
    ];
    for (const tag of want) assert.ok(decisions.includes(tag), `no generated case reached ${tag}`);
  }
});

/** A model input with defaults (alignment `none`, c 0.5, fallback null, now = next day). */
function modelInput(p: Partial<ModelInput> & { positions: PosRow[] }): ModelInput {
  const deposits = p.deposits ?? [];
  const withdrawals = p.withdrawals ?? [];
  return {
    method: "none",
    fallback: "null",
    keyword: KEYWORD,
    c: 0.5,
    rangeStartMs: null,
    rangeEndMs: null,
    nowMs: DAY0 + 24 * HOUR,
    ...p,
    deposits,
    withdrawals,
    depositHashes: p.depositHashes ?? deposits.map((_, i) => `d${i}`),
    withdrawalHashes: p.withdrawalHashes ?? withdrawals.map((_, i) => `w${i}`),
  };
}

function hourly(
  wallet: string,
  values: number[],
  firstHour: number,
  minute = 0,
  price = 1,
): PosRow[] {
  return values.map((usd, i) => ({
    ts: DAY0 + (firstHour + i) * HOUR + minute * MIN,
    wallet,
    usd,
    units: null,
    price,
  }));
}

function ok(r: ModelResult | ModelError): ModelResult {
  assert.notEqual(r.decision, -1, r.reason ?? "");
  return r as ModelResult;
}

function gainsOf(r: ModelResult): number[] {
  return r.timeline.corrected.map((c) => Math.round((c - r.v_ref_usd!) * 1e9) / 1e9);
}

Deno.test("referenceEvaluate() reproduces the §20 worked examples (the model itself is right)", async (t) => {
  const A = addr("a");
  const B = addr("b");
  const C = addr("c");
  const T = (ts: number, wallet = A): TxRow => ({ ts, wallet, amount: 1, memo: KEYWORD });
  await t.step("E2 USD conversion and summation", () => {
    const positions = hourly(A, [1000, 1061, 1062], 1).map((r, i) => ({
      ...r,
      price: [2, 2.02, 2.02][i],
    }));
    const r = ok(referenceEvaluate(modelInput({
      positions,
      withdrawals: [T(DAY0)],
      deposits: [
        { ts: DAY0 + HOUR + 20 * MIN, wallet: A, amount: 10 },
        { ts: DAY0 + HOUR + 40 * MIN, wallet: A, amount: 15 },
      ],
    })));
    assert.deepEqual(gainsOf(r), [0, 11, 12]);
    assert.equal(r.wmax_computed_usd, 6);
  });
  await t.step("E3 alignment methods", () => {
    const expected: Record<ModelMethod, number[]> = {
      none: [0, 0, 1, 2, 3],
      snap_to_next_pos: [0, 0, 1, 2, 3],
      snap_to_nearest_pos: [0, 0, 1, 2, 3],
      right_open: [0, 500, 1, 2, 3],
      snap_to_prev_pos: [0, 0, 501, 2, 3],
      detect_spike: [0, 0, 1, 2, 3],
    };
    for (const method of METHODS) {
      const r = ok(referenceEvaluate(modelInput({
        method,
        positions: hourly(A, [1000, 1500, 1501, 1002, 1003], 1),
        deposits: [{ ts: DAY0 + 2 * HOUR, wallet: A, amount: 500 }],
        withdrawals: [T(DAY0), { ts: DAY0 + 3.5 * HOUR, wallet: A, amount: 500 }],
      })));
      assert.deepEqual(gainsOf(r), expected[method], method);
      assert.equal(r.g_usd, 3, method);
      assert.equal(r.wmax_usd, 1.5, method);
    }
  });
  await t.step("E4 detect_spike", () => {
    const values = Array.from({ length: 13 }, (_, h) => (h <= 6 ? 1000 : 1500) + h);
    const run = (method: ModelMethod): number[] =>
      gainsOf(ok(referenceEvaluate(modelInput({
        method,
        positions: hourly(A, values, 0),
        deposits: [{ ts: DAY0 + 5.5 * HOUR, wallet: A, amount: 500 }],
        withdrawals: [T(DAY0 - 30 * MIN)],
      }))));
    assert.deepEqual(run("detect_spike"), values.map((_, h) => h));
    assert.equal(run("none")[6], -494);
    assert.equal(run("snap_to_prev_pos")[5], -495);
    assert.equal(run("snap_to_prev_pos")[12], 12);
  });
  await t.step("E5 reference never counted, pre-baseline flows absorbed", () => {
    for (const method of METHODS) {
      const r = ok(referenceEvaluate(modelInput({
        method,
        positions: hourly(A, [600, 601, 602], 0, 10),
        withdrawals: [{ ts: DAY0, wallet: A, amount: 500, memo: KEYWORD }],
        deposits: [{ ts: DAY0 + 5 * MIN, wallet: A, amount: 100 }],
      })));
      assert.equal(r.g_usd, 2, method);
      assert.equal(r.wmax_usd, 1, method);
      assert.equal(r.v_ref_usd, 600, method);
      assert.equal(r.wallets[0].absorbed, 1, method);
    }
  });
  await t.step("E6 deferral", () => {
    for (const method of METHODS) {
      const before = ok(referenceEvaluate(modelInput({
        method,
        positions: hourly(A, [1000, 1001, 1002, 1003, 1004], 1),
        withdrawals: [T(DAY0), { ts: DAY0 + 5.5 * HOUR, wallet: A, amount: 300 }],
      })));
      assert.equal(before.g_usd, 4, method);
      assert.equal(before.wallets[0].deferred, 1, method);
      const after = ok(referenceEvaluate(modelInput({
        method,
        positions: hourly(A, [1000, 1001, 1002, 1003, 1004, 705], 1),
        withdrawals: [T(DAY0), { ts: DAY0 + 5.5 * HOUR, wallet: A, amount: 300 }],
      })));
      assert.equal(after.g_usd, 5, method);
      assert.equal(after.wmax_usd, 2.5, method);
      assert.equal(gainsOf(after)[4], method === "snap_to_prev_pos" ? 304 : 4, method);
    }
  });
  await t.step("E7 multi-wallet aggregate", () => {
    const r = ok(referenceEvaluate(modelInput({
      positions: [
        ...hourly(A, [1000, 1002.5, 1005, 1007.5, 1010], 1),
        ...hourly(B, [2000, 1997.5, 2495, 2492.5, 2490], 1),
        ...hourly(C, [800, 801, 802], 3),
      ],
      deposits: [
        { ts: DAY0 + 2.5 * HOUR, wallet: B, amount: 500 },
        { ts: DAY0 + 2.25 * HOUR, wallet: C, amount: 800 },
      ],
      withdrawals: [T(DAY0)],
    })));
    assert.deepEqual(r.timeline.valueUsd, [3000, 3000, 4300, 4301, 4302]);
    assert.deepEqual(r.timeline.corrected, [3800, 3800, 3800, 3801, 3802]);
    assert.deepEqual(r.wallets.map((w) => w.g), [10, -10, 2]);
    assert.equal(r.g_usd, 2);
    assert.equal(r.wmax_usd, 6);
    assert.equal(r.decision, 1);
  });
  await t.step("E1 fallbacks", () => {
    const positions = hourly(A, [1000, 1001, 1002, 1003, 1004], 1);
    const dr = ok(referenceEvaluate(modelInput({ positions, fallback: "data_range" })));
    assert.equal(dr.t0Ms, DAY0 + HOUR);
    assert.equal(dr.g_usd, 4);
    const nul = referenceEvaluate(modelInput({ positions }));
    assert.equal(nul.reason, "no reference withdrawal");
  });
});
