import assert from "node:assert/strict";
import {
  decideAsset,
  type DecideAssetInput,
  type DecisionWallet,
  emptyAssetListResult,
  errorResult,
  type GateResult,
  notApplicableGate,
  type PriceCompareResult,
} from "../../src/evaluate/mod.ts";
import { gateSettings, WALLET_A, WALLET_B, WALLET_C } from "./_scenario.ts";

const H = 3_600_000;
const T0 = Date.UTC(2025, 0, 1);
const wallet = (address: string, g: number, last = 5): DecisionWallet => ({
  address,
  tsMs: [T0 + H, T0 + last * H],
  g,
  v_ref: 1000,
  v_t1: 1000 + g,
  counted: 1,
  absorbed: 2,
  deferred: 3,
});
const gateOf = (over: Partial<GateResult>): GateResult => ({
  ...notApplicableGate(gateSettings({ enabled: true })),
  applicable: true,
  status: "ok",
  n_points: 20,
  n_min: 20,
  residual: 1,
  sigma: 1,
  threshold_lower: -2,
  threshold_upper: 2,
  ...over,
});
const held: PriceCompareResult = {
  observations: [],
  prices_by_logical: { liqwid: 1, minswap: 0.9 },
  reference: "liqwid",
  delta_abs: 0.1,
  delta_rel: 0.1,
  mismatch: true,
  unavailable: false,
  consecutive_mismatches: 1,
  epsilon_mode: "relative",
  tolerance_epsilon: 0.01,
  action: "hold",
  held: true,
};
const base: DecideAssetInput = {
  asset: "djed",
  alternateName: "djed_alt",
  marketId: "DJED",
  refMode: "keyword",
  t0Ms: T0,
  windowEndMs: T0 + 6 * H,
  safetyFactor: 0.5,
  wallets: [wallet(WALLET_B, 10), wallet(WALLET_A, 4)],
  gate: gateOf({}),
  priceCompare: null,
  priceT1Usd: 1.01,
  durationMs: 12,
};

Deno.test("decideAsset() precedence table §7.2 rows 1–10", async (t) => {
  const cases: [string, Partial<DecideAssetInput>, number, string | null][] = [
    [
      "1 error",
      { error: "boom", gate: gateOf({ status: "triggered", triggered: true }) },
      -1,
      "error: boom",
    ],
    [
      "2 ref_mode null",
      { refMode: "null", t0Ms: null, gate: notApplicableGate(gateSettings()) },
      0,
      "no reference withdrawal",
    ],
    ["3 no wallets", { wallets: [] }, 0, "no wallets/data"],
    [
      "4 gate insufficient",
      { gate: gateOf({ status: "insufficient_data" }) },
      0,
      "gate: insufficient data",
    ],
    [
      "5 gate degenerate",
      { gate: gateOf({ status: "degenerate_sigma" }) },
      0,
      "gate: degenerate sigma",
    ],
    [
      "6 gate triggered",
      { gate: gateOf({ status: "triggered", triggered: true }), priceCompare: held },
      0,
      "residual gate triggered",
    ],
    ["7 price mismatch held", { priceCompare: held }, 0, "price mismatch"],
    [
      "8 W = 0 and G ≤ 0",
      { wallets: [wallet(WALLET_A, -3), wallet(WALLET_B, 0)] },
      0,
      "non-positive gains since t0 (clamped)",
    ],
    ["9 W = 0 with G > 0 (defensive, c = 0)", { safetyFactor: 0 }, 0, "all wallets clamped to 0"],
    ["10 otherwise", {}, 1, null],
    [
      "not-applicable gate statuses are ignored",
      { gate: { ...gateOf({ status: "insufficient_data" }), applicable: false } },
      1,
      null,
    ],
    [
      "flag_only mismatch does not hold",
      { priceCompare: { ...held, action: "flag_only", held: false } },
      1,
      null,
    ],
  ];
  for (const [name, over, decision, reason] of cases) {
    await t.step(name, () => {
      const { result } = decideAsset({ ...base, ...over });
      assert.equal(result.decision, decision);
      assert.equal(result.reason, reason);
      assert.equal(
        result.decision_label,
        decision === 1 ? "WITHDRAW_OK" : decision === 0 ? "HOLD" : "ERROR",
      );
      if (decision !== 1) {
        assert.equal(result.wmax_usd, 0);
        assert.ok(result.wallets.every((w) => w.wmax_usd === 0));
      }
    });
  }
});

Deno.test("decideAsset() computes W per wallet, totals and sorts wallets", () => {
  const { result, walletAddresses } = decideAsset({
    ...base,
    wallets: [wallet(WALLET_C, 4), wallet(WALLET_B, -6), wallet(WALLET_A, 4, 7)],
  });
  assert.equal(result.wmax_computed_usd, 4);
  assert.equal(result.g_usd, 2);
  assert.equal(result.wmax_usd, 4);
  assert.deepEqual(walletAddresses, [WALLET_A, WALLET_C, WALLET_B]);
  assert.deepEqual(result.wallets.map((w) => w.wallet), [
    "addr1qxa...1111",
    "addr1qxc...3333",
    "addr1qxb...2222",
  ]);
  assert.deepEqual(result.wallets[2], {
    wallet: "addr1qxb...2222",
    g_usd: -6,
    v_ref_usd: 1000,
    v_t1_usd: 994,
    wmax_usd: 0,
    wmax_computed_usd: 0,
    snapshots: 2,
    flows_counted: 1,
    flows_absorbed: 2,
    flows_deferred: 3,
  });
  assert.equal(result.t1, new Date(T0 + 7 * H).toISOString());
  assert.equal(result.t0, "2025-01-01T00:00:00.000Z");
  assert.deepEqual(result.window, {
    start: "2025-01-01T00:00:00.000Z",
    end: "2025-01-01T06:00:00.000Z",
  });
  assert.equal(result.v_ref_usd, 3000);
  assert.equal(result.price_t1_usd, 1.01);
  assert.equal(result.alternate_asset_name, "djed_alt");
  assert.equal(result.market_id, "DJED");
  assert.equal(result.wallet_count, 3);
  assert.equal(result.duration_ms, 12);
});

Deno.test("decideAsset() on HOLD keeps computed W but reports effective 0", () => {
  const { result } = decideAsset({
    ...base,
    gate: gateOf({ status: "triggered", triggered: true }),
  });
  assert.equal(result.wmax_computed_usd, 7);
  assert.equal(result.wmax_usd, 0);
  assert.deepEqual(result.wallets.map((w) => w.wmax_computed_usd), [5, 2]);
});

Deno.test("decideAsset() never emits non-finite numbers", () => {
  const { result } = decideAsset({
    ...base,
    priceT1Usd: NaN,
    gate: gateOf({ residual: Infinity, sigma: NaN }),
  });
  assert.equal(result.price_t1_usd, null);
  assert.equal(result.gate.residual, null);
  assert.equal(result.gate.sigma, null);
  const bad = decideAsset({ ...base, wallets: [wallet(WALLET_A, NaN)] }).result;
  assert.equal(bad.decision, -1);
  assert.equal(bad.reason, "error: non-finite gains");
  const json = JSON.stringify(bad);
  assert.ok(!json.includes("NaN") && !json.includes("Infinity"));
});

Deno.test("decideAsset() with ref_mode null reports no gains, times or gate", () => {
  const { result } = decideAsset({
    ...base,
    refMode: "null",
    t0Ms: null,
    gate: notApplicableGate(gateSettings()),
  });
  assert.equal(result.t0, null);
  assert.equal(result.t1, null);
  assert.equal(result.v_ref_usd, null);
  assert.equal(result.g_usd, null);
  assert.equal(result.wallet_count, 0);
  assert.equal(result.gate.status, "not_applicable");
  assert.equal(result.window.start, null);
});

Deno.test("errorResult() and emptyAssetListResult()", async (t) => {
  await t.step("unknown ref_mode by default", () => {
    const r = errorResult("djed", "table not found: liqwid_supply_positions_djed", {
      durationMs: 3,
    });
    assert.equal(r.decision, -1);
    assert.equal(r.decision_label, "ERROR");
    assert.equal(r.reason, "error: table not found: liqwid_supply_positions_djed");
    assert.equal(r.ref_mode, "unknown");
    assert.equal(r.wmax_usd, 0);
    assert.equal(r.price_compare, null);
    assert.equal(r.gate.status, "not_applicable");
    assert.equal(r.duration_ms, 3);
  });
  await t.step("known ref_mode and t0", () => {
    const r = errorResult("djed", "x", {
      refMode: "keyword",
      t0Ms: T0,
      windowEndMs: T0 + H,
      warnings: ["w"],
    });
    assert.equal(r.ref_mode, "keyword");
    assert.equal(r.t0, "2025-01-01T00:00:00.000Z");
    assert.deepEqual(r.warnings, ["w"]);
  });
  await t.step("_all_", () => {
    const r = emptyAssetListResult();
    assert.equal(r.asset, "_all_");
    assert.equal(r.decision, -1);
    assert.equal(r.reason, "assets list is empty");
  });
});

Deno.test("decideAsset() forces the gate to not_applicable when ref_mode is null (§23.10)", () => {
  const { result } = decideAsset({
    ...base,
    refMode: "null",
    t0Ms: null,
    gate: gateOf({ status: "triggered", triggered: true }),
  });
  assert.equal(result.reason, "no reference withdrawal");
  assert.equal(result.gate.status, "not_applicable");
  assert.equal(result.gate.applicable, false);
  assert.equal(result.gate.triggered, false);
  assert.equal(result.gate.residual, null);
});
