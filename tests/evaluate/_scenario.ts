/**
 * Test support: a small pure pipeline over in-memory rows that mirrors what the lead's
 * `evaluateAsset` does with the evaluate functions (reference search §4, window §3.4, USD
 * conversion §3.3, attribution/gains §5, aggregate, gate §6, decision §7). Used to run the
 * worked examples of SPEC §20 end to end.
 */

import { ConfigSchema, type GateSettings } from "../../src/config/schema.ts";
import {
  type AggregateGains,
  aggregateGains,
  type AlignmentMethod,
  type AssetResult,
  computeWalletGains,
  decideAsset,
  evaluateGate,
  excludeReferences,
  type Flow,
  type GateEvaluation,
  gateSeriesForBasis,
  pickReference,
  type PriceCompareResult,
  resolveReference,
  type WalletGains,
} from "../../src/evaluate/mod.ts";

export const HOUR = 3_600_000;
export const DAY0 = Date.UTC(2025, 0, 1);
/** Epoch ms of 2025-01-01 plus `h` hours. */
export function at(h: number): number {
  return DAY0 + h * HOUR;
}

export const WALLET_A = "addr1qxaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1111";
export const WALLET_B = "addr1qxbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2222";
export const WALLET_C = "addr1qxcccccccccccccccccccccccccccccccccccccccccccccccccccccc3333";
export const KEYWORD = "alert_driven_withdrawal";

export interface Tx {
  wallet: string;
  tsMs: number;
  kind: "deposit" | "withdrawal";
  /** Token units (magnitude). */
  units: number;
  memo?: string;
}

export interface Scenario {
  /** wallet → [tsMs, usd value][] */
  positions: Record<string, [number, number][]>;
  transactions?: Tx[];
  /** [tsMs, price][]; default: price 1.0 at every position ts. */
  prices?: [number, number][];
  method?: AlignmentMethod;
  fallback?: "null" | "data_range";
  dateRangeStartMs?: number | null;
  windowEndMs?: number;
  gate?: Partial<GateSettings>;
  c?: number;
  priceCompare?: PriceCompareResult | null;
}

export interface ScenarioOutcome {
  result: AssetResult;
  wallets: WalletGains[];
  aggregate: AggregateGains | null;
  gate: GateEvaluation;
  t0Ms: number | null;
}

/** Default gate settings (schema defaults) with overrides. */
export function gateSettings(over: Partial<GateSettings> = {}): GateSettings {
  const { whitelist: _w, per_asset: _p, ...g } = ConfigSchema.parse({}).analysis.decision.gate;
  return { ...g, ...over };
}

function priceAt(prices: [number, number][], tau: number): number {
  let best: [number, number] | null = null;
  for (const p of prices) if (p[0] <= tau && (best === null || p[0] > best[0])) best = p;
  if (best) return best[1];
  for (const p of prices) if (p[0] > tau && (best === null || p[0] < best[0])) best = p;
  if (!best) throw new Error("no price");
  return best[1];
}

/** Runs one asset through the pure pipeline. */
export function runScenario(s: Scenario): ScenarioOutcome {
  const method = s.method ?? "none";
  const txs = s.transactions ?? [];
  const allTs = Object.values(s.positions).flat().map((p) => p[0]);
  const windowEnd = s.windowEndMs ?? Math.max(...allTs, 0) + HOUR / 2;
  const prices = s.prices ?? [...new Set(allTs)].map((t) => [t, 1] as [number, number]);
  // One object per transaction so reference exclusion works by identity (§4.2).
  const txObjs = txs.map((t) => ({ ...t, memo: t.memo ?? "" }));
  const withdrawals = txObjs.filter((t) => t.kind === "withdrawal" && t.tsMs <= windowEnd);
  const pick = pickReference(withdrawals, KEYWORD);
  const earliest = allTs.filter((t) => t <= windowEnd);
  const ref = resolveReference({
    keywordT0Ms: pick.t0Ms,
    fallback: s.fallback ?? "null",
    dateRangeStartMs: s.dateRangeStartMs ?? null,
    earliestPositionMs: earliest.length ? Math.min(...earliest) : null,
  });
  const settings = gateSettings(s.gate);
  const applicable = settings.enabled && ref.refMode !== "null";
  const common = {
    asset: "x",
    safetyFactor: s.c ?? 0.5,
    priceCompare: s.priceCompare ?? null,
    durationMs: 1,
    windowEndMs: windowEnd,
  };
  if (ref.t0Ms === null) {
    const gate = evaluateGate({ tsMs: [], values: [] }, settings, { applicable: false });
    const { result } = decideAsset({
      ...common,
      refMode: ref.refMode,
      t0Ms: null,
      wallets: [],
      gate: gate.result,
      priceT1Usd: null,
    });
    return { result, wallets: [], aggregate: null, gate, t0Ms: null };
  }
  const t0 = ref.t0Ms;
  const inWindow = (t: number) => (method === "right_open" ? t > t0 : t >= t0) && t <= windowEnd;
  const flowTxs = excludeReferences(txObjs, pick.references);
  const wallets: WalletGains[] = [];
  for (const address of Object.keys(s.positions).sort()) {
    const snaps = s.positions[address].filter(([t]) => inWindow(t)).sort((a, b) => a[0] - b[0]);
    if (snaps.length === 0) continue;
    const flows: Flow[] = flowTxs
      .filter((t) => t.wallet === address && t.tsMs >= t0 && t.tsMs <= windowEnd)
      .map((t, i) => {
        const usd = t.units * priceAt(prices, t.tsMs);
        return {
          tsMs: t.tsMs,
          amountUsd: t.kind === "deposit" ? usd : -usd,
          kind: t.kind,
          identity: `${t.kind}|${t.tsMs}|${i}`,
        };
      });
    wallets.push(computeWalletGains({
      address,
      snapshotsTsMs: snaps.map((p) => p[0]),
      values: snaps.map((p) => p[1]),
      flows,
      method,
    }));
  }
  const aggregate = wallets.length ? aggregateGains(wallets) : null;
  let series = { tsMs: [] as readonly number[], values: [] as readonly number[] };
  if (aggregate) {
    const priceSeries = {
      tsMs: prices.filter(([t]) => t >= t0 && t <= windowEnd).map((p) => p[0]),
      values: prices.filter(([t]) => t >= t0 && t <= windowEnd).map((p) => p[1]),
    };
    series = gateSeriesForBasis(settings.basis, aggregate, priceSeries);
  }
  const gate = evaluateGate(series, settings, { applicable });
  const t1 = aggregate?.t1Ms ?? null;
  const { result } = decideAsset({
    ...common,
    refMode: ref.refMode,
    t0Ms: t0,
    wallets,
    gate: gate.result,
    priceT1Usd: t1 === null ? null : priceAt(prices, t1),
  });
  return { result, wallets, aggregate, gate, t0Ms: t0 };
}

/** Hourly snapshots of one wallet: values[k] at hour startHour + k. */
export function hourly(startHour: number, values: number[]): [number, number][] {
  return values.map((v, k) => [at(startHour + k), v]);
}

/** Asserts |a − b| ≤ tol (absolute). */
export function near(actual: number | null, expected: number, tol = 1e-9): void {
  if (actual === null || !(Math.abs(actual - expected) <= tol)) {
    throw new Error(`expected ${expected} ± ${tol}, got ${actual}`);
  }
}
