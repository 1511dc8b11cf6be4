/**
 * A fake evaluation function producing realistic records (the four demo assets of
 * SPEC §18.4, three wallets, gate results, price comparison, chart data), plus switches
 * to simulate a database outage, a crash, or a slow/hanging evaluation.
 */
import { errorResult as realErrorResult } from "../../src/evaluate/mod.ts";
import type {
  AssetDetail,
  AssetResult,
  ChartData,
  EvaluationRecord,
  GateResult,
  PriceCompareResult,
  WalletResult,
} from "../../src/evaluate/types.ts";

export const W1 =
  "addr1qxj6rl9h0dfperfwkef5p0vc9awvy62495qfhfurc8m9a0066ewjucacqpsjl4qmmrrkukk3ngysew30y8fxvqg0arqqqvjytg";
export const W2 =
  "addr1qx8ryrh3qe5hqx3djga04d7u09a057l6acwskwp0nj9f2y6fpqswfce2dn5q0d63rlztla2a9ch0tt2fjmv2mexkz98qlz7dcy";
export const W3 =
  "addr1q8sl02k67f0e9xsss7l5d38jrfey8pcgsd7f7f0wfjy7mmg9eqflc0tl3e9r3hcdn9hfdd603p5fnmt8n342akv4772swr5n7w";

export const FAKE_ASSETS = ["djed", "usdm", "wanusdc", "wanusdt"] as const;

export function abbreviate(address: string): string {
  return address.length <= 15 ? address : `${address.slice(0, 8)}...${address.slice(-4)}`;
}

const HOUR = 3_600_000;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function gate(over: Partial<GateResult>): GateResult {
  return {
    applicable: true,
    status: "ok",
    basis: "corrected_position",
    method: "polynomial_fit",
    threshold_mode: "stddev",
    sides: "both",
    polynomial_order: 2,
    k_sigma: 2,
    lookback_hours: 48,
    n_points: 48,
    n_min: 10,
    residual: null,
    sigma: null,
    threshold_lower: null,
    threshold_upper: null,
    triggered: false,
    units: "usd",
    ...over,
  };
}

function priceCompare(ref: number, other: number, consecutive = 0): PriceCompareResult {
  const dAbs = Math.abs(ref - other);
  const max = Math.max(ref, other);
  return {
    observations: [
      { provider: "greptime(liqwid)", logical: "liqwid", price_usd: ref, observed_at: "" },
      { provider: "greptime(minswap)", logical: "minswap", price_usd: other, observed_at: "" },
    ],
    prices_by_logical: { liqwid: ref, minswap: other },
    reference: "liqwid",
    delta_abs: dAbs,
    delta_rel: dAbs / max,
    mismatch: dAbs / max > 0.01,
    unavailable: false,
    consecutive_mismatches: consecutive,
    epsilon_mode: "relative",
    tolerance_epsilon: 0.01,
    action: "hold",
    held: false,
  };
}

interface WalletSpec {
  address: string;
  g: number;
  vRef: number;
}

function wallets(specs: WalletSpec[], decision: number): WalletResult[] {
  return specs.map((s) => {
    const computed = 0.5 * Math.max(s.g, 0);
    return {
      wallet: abbreviate(s.address),
      g_usd: s.g,
      v_ref_usd: s.vRef,
      v_t1_usd: s.vRef + s.g,
      wmax_usd: decision === 1 ? computed : 0,
      wmax_computed_usd: computed,
      snapshots: 239,
      flows_counted: 1,
      flows_absorbed: 0,
      flows_deferred: 0,
    };
  }).sort((a, b) => b.wmax_computed_usd - a.wmax_computed_usd || a.wallet.localeCompare(b.wallet));
}

interface AssetSpec {
  asset: string;
  decision: 1 | 0;
  reason: string | null;
  wallets: WalletSpec[];
  gate: GateResult;
  price: [number, number];
}

const SPECS: AssetSpec[] = [
  {
    asset: "djed",
    decision: 1,
    reason: null,
    wallets: [{ address: W1, g: 30.12, vRef: 19_200.5 }, { address: W2, g: 15.5, vRef: 10_030 }, {
      address: W3,
      g: 10.26,
      vRef: 5_012.25,
    }],
    gate: gate({
      residual: 7.72,
      sigma: 9.09,
      threshold_lower: -18.18,
      threshold_upper: 18.18,
    }),
    price: [1.0004, 1.00035],
  },
  {
    asset: "usdm",
    decision: 0,
    reason: "non-positive gains since t0 (clamped)",
    wallets: [{ address: W1, g: -40.11, vRef: 14_100 }, { address: W2, g: -14.25, vRef: 9_050 }],
    gate: gate({ residual: -3.1, sigma: 6.2, threshold_lower: -12.4, threshold_upper: 12.4 }),
    price: [0.9894, 0.98951],
  },
  {
    asset: "wanusdc",
    decision: 1,
    reason: null,
    wallets: [{ address: W1, g: 14.03, vRef: 12_150 }, { address: W3, g: 11.2, vRef: 9_480 }],
    gate: gate({
      threshold_mode: "percentile",
      residual: 0.8,
      sigma: 2.5,
      threshold_lower: -3.9,
      threshold_upper: 4.1,
    }),
    price: [1.0001, 1.00012],
  },
  {
    asset: "wanusdt",
    decision: 0,
    reason: "residual gate triggered",
    wallets: [{ address: W2, g: 301.02, vRef: 9_750 }, { address: W3, g: 206.3, vRef: 14_300 }],
    gate: gate({
      status: "triggered",
      residual: 398.57,
      sigma: 25.69,
      threshold_lower: -51.38,
      threshold_upper: 51.38,
      triggered: true,
    }),
    price: [1.0, 1.00015],
  },
];

function chartData(asset: string, nowMs: number, g: GateResult): ChartData {
  const tsMs = Array.from({ length: 48 }, (_, i) => nowMs - (47 - i) * HOUR);
  const values = tsMs.map((_, i) => 30_000 + i * 1.2 + Math.sin(i / 3) * 4);
  return {
    asset,
    refMode: "keyword",
    windowStartMs: tsMs[0],
    windowEndMs: nowMs,
    positions: { tsMs, values },
    corrected: { tsMs, values: values.map((v) => v - 10) },
    flows: [{ tsMs: tsMs[10], amountUsd: 2000, kind: "deposit" }],
    gate: g,
    residuals: { tsMs, values: values.map((_, i) => Math.sin(i) * 5) },
    trend: {
      enabled: true,
      method: "polynomial_fit",
      window_type: "polynomial",
      window_size_hours: 24,
      polynomial_order: 2,
      gaussian_std: 0.3,
    },
  };
}

/** Builds one realistic record for `assets` (default: the four demo assets). */
export function fakeRecord(
  evaluationId: number,
  nowMs: number,
  opts: { assets?: readonly string[]; dbDown?: boolean; durationMs?: number } = {},
): EvaluationRecord {
  const assets = opts.assets ?? FAKE_ASSETS;
  const durationMs = opts.durationMs ?? 850;
  const results: AssetResult[] = [];
  const details: AssetDetail[] = [];
  for (const asset of assets) {
    const spec = SPECS.find((s) => s.asset === asset) ?? { ...SPECS[0], asset };
    if (opts.dbDown) {
      results.push(errorResult(asset));
      details.push({ walletAddresses: [], chart: null, t0Ms: null, t1Ms: null });
      continue;
    }
    const ws = wallets(spec.wallets, spec.decision);
    const g = spec.wallets.reduce((a, w) => a + w.g, 0);
    const computed = ws.reduce((a, w) => a + w.wmax_computed_usd, 0);
    const vRef = spec.wallets.reduce((a, w) => a + w.vRef, 0);
    const t0Ms = nowMs - 239 * HOUR - 30 * 60_000;
    const t1Ms = nowMs - 30 * 60_000;
    results.push({
      asset,
      alternate_asset_name: asset === "djed" ? "djed_usd" : "",
      market_id: asset.toUpperCase(),
      decision: spec.decision,
      decision_label: spec.decision === 1 ? "WITHDRAW_OK" : "HOLD",
      reason: spec.reason,
      ref_mode: "keyword",
      t0: iso(t0Ms),
      t1: iso(t1Ms),
      window: { start: iso(t0Ms), end: iso(nowMs) },
      v_ref_usd: vRef,
      v_t1_usd: vRef + g,
      g_usd: g,
      price_t1_usd: spec.price[0],
      wmax_usd: spec.decision === 1 ? computed : 0,
      wmax_computed_usd: computed,
      wallet_count: ws.length,
      wallets: ws,
      gate: spec.gate,
      price_compare: priceCompare(spec.price[0], spec.price[1]),
      warnings: [],
      duration_ms: 120,
    });
    const byAbbrev = new Map(spec.wallets.map((w) => [abbreviate(w.address), w.address]));
    details.push({
      walletAddresses: ws.map((w) => byAbbrev.get(w.wallet) ?? ""),
      chart: chartData(asset, nowMs, spec.gate),
      t0Ms,
      t1Ms,
    });
  }
  if (assets.length === 0) {
    results.push({ ...errorResult("_all_"), reason: "assets list is empty" });
    details.push({ walletAddresses: [], chart: null, t0Ms: null, t1Ms: null });
  }
  return {
    evaluation_id: evaluationId,
    started_at: iso(nowMs - durationMs),
    finished_at: iso(nowMs),
    duration_ms: durationMs,
    results,
    details,
  };
}

function errorResult(asset: string): AssetResult {
  return {
    ...realErrorResult(asset, "database unreachable: connection refused (127.0.0.1:4000)", {
      durationMs: 3,
    }),
    gate: gate({ applicable: false, status: "not_applicable" }),
  };
}

/** Behaviour of the next evaluations. */
export type FakeMode = "ok" | "db_down" | "throw" | "hang";

/** A controllable fake evaluator. */
export interface FakeEvaluator {
  evaluate: (opts: { signal: AbortSignal; evaluationId: number }) => Promise<EvaluationRecord>;
  mode: FakeMode;
  assets: readonly string[];
  /** Delay before answering, in ms of real time (0 = immediate). */
  delayMs: number;
  calls: number;
  /** Signals seen by the evaluations, in order. */
  signals: AbortSignal[];
}

/** Creates a fake evaluator reading time from `now`. */
export function createFakeEvaluator(
  opts: { now?: () => number; assets?: readonly string[] } = {},
): FakeEvaluator {
  const now = opts.now ?? Date.now;
  const fake: FakeEvaluator = {
    mode: "ok",
    assets: opts.assets ?? FAKE_ASSETS,
    delayMs: 0,
    calls: 0,
    signals: [],
    evaluate: async ({ signal, evaluationId }) => {
      fake.calls++;
      fake.signals.push(signal);
      if (fake.mode === "hang") {
        await new Promise<never>((_, reject) =>
          signal.addEventListener("abort", () => reject(signal.reason), { once: true })
        );
      }
      if (fake.delayMs > 0) {
        await new Promise<void>((resolve, reject) => {
          const id = setTimeout(resolve, fake.delayMs);
          signal.addEventListener("abort", () => {
            clearTimeout(id);
            reject(signal.reason);
          }, { once: true });
        });
      }
      if (fake.mode === "throw") throw new Error("unexpected failure in evaluation");
      return fakeRecord(evaluationId, now(), {
        assets: fake.assets,
        dbDown: fake.mode === "db_down",
      });
    },
  };
  return fake;
}
