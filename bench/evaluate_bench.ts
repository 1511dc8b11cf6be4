/**
 * Speed of the pure evaluation pipeline (SPEC §5–§7): one asset with 10 wallets × 105 120
 * snapshots (one year at 5-minute steps) and 200 flows, gate on (polynomial_fit, lookback
 * 48 h): attribution, wallet gains, aggregate, gate and decision. Target: < 300 ms per
 * iteration.
 *
 * Run: `deno bench -A bench/evaluate_bench.ts`
 */
import { ConfigSchema, type GateSettings } from "../src/config/schema.ts";
import {
  aggregateGains,
  type AlignmentMethod,
  computeWalletGains,
  decideAsset,
  evaluateGate,
  type Flow,
  gateSeriesForBasis,
  smoothSeries,
} from "../src/evaluate/mod.ts";

const WALLETS = 10;
const SNAPSHOTS = 105_120;
const FLOWS = 200;
const STEP_MS = 5 * 60_000;
const START_MS = Date.UTC(2025, 0, 1);

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface WalletData {
  address: string;
  ts: number[];
  values: number[];
  flows: Flow[];
}

function buildData(): WalletData[] {
  const next = rng(2025);
  const out: WalletData[] = [];
  for (let w = 0; w < WALLETS; w++) {
    const ts: number[] = new Array(SNAPSHOTS);
    const values: number[] = new Array(SNAPSHOTS);
    let v = 10_000 + w * 1000;
    for (let i = 0; i < SNAPSHOTS; i++) {
      ts[i] = START_MS + i * STEP_MS;
      v *= 1 + 1e-7 + (next() - 0.5) * 1e-5;
      values[i] = v;
    }
    const flows: Flow[] = [];
    for (let f = 0; f < FLOWS / WALLETS; f++) {
      const i = Math.floor(next() * SNAPSHOTS);
      const amount = (next() - 0.3) * 2000;
      flows.push({
        tsMs: START_MS + i * STEP_MS + Math.floor(next() * STEP_MS),
        amountUsd: amount,
        kind: amount >= 0 ? "deposit" : "withdrawal",
        identity: `tx${w}_${f}`,
      });
      // Make the flow visible in the positions from the next snapshot on.
      for (let k = i + 1; k < SNAPSHOTS; k++) values[k] += amount;
    }
    out.push({
      address: `addr1q${String(w).padStart(2, "0")}${"x".repeat(50)}`,
      ts,
      values,
      flows,
    });
  }
  return out;
}

const data = buildData();
const { whitelist: _w, per_asset: _p, ...defaults } = ConfigSchema.parse({}).analysis.decision.gate;
const gate: GateSettings = {
  ...defaults,
  enabled: true,
  method: "polynomial_fit",
  lookback_hours: 48,
  min_points: 20,
};

function pipeline(method: AlignmentMethod): number {
  const wallets = data.map((d) =>
    computeWalletGains({
      address: d.address,
      snapshotsTsMs: d.ts,
      values: d.values,
      flows: d.flows,
      method,
    })
  );
  const aggregate = aggregateGains(wallets);
  const { result } = evaluateGate(gateSeriesForBasis(gate.basis, aggregate), gate, {
    applicable: true,
  });
  const decision = decideAsset({
    asset: "djed",
    refMode: "keyword",
    t0Ms: START_MS,
    windowEndMs: START_MS + SNAPSHOTS * STEP_MS,
    safetyFactor: 0.5,
    wallets,
    gate: result,
    priceCompare: null,
    priceT1Usd: 1,
    durationMs: 0,
  });
  return decision.result.decision;
}

Deno.bench("evaluate pipeline: 10 wallets × 105 120 snapshots, 200 flows, gate (none)", () => {
  pipeline("none");
});

Deno.bench("evaluate pipeline: same data, detect_spike attribution", () => {
  pipeline("detect_spike");
});

// Chart baseline (§9.6) over the same year of 5-minute aggregate points (informational).
const aggregate = aggregateGains(
  data.map((d) =>
    computeWalletGains({
      address: d.address,
      snapshotsTsMs: d.ts,
      values: d.values,
      flows: d.flows,
      method: "none",
    })
  ),
);

for (const windowType of ["polynomial", "gaussian", "boxcar"] as const) {
  Deno.bench(`smoothSeries: 105 120 points, 24 h ${windowType} window`, () => {
    smoothSeries(aggregate.tsMs, aggregate.corrected, {
      method: "moving_average",
      window_type: windowType,
      window_size_hours: 24,
      polynomial_order: 2,
      gaussian_std: 0.3,
    });
  });
}
