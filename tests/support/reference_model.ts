/**
 * A deliberately naive reference model of SPEC §3.1–§3.4, §4, §5 (all six alignment methods),
 * §5.5, §7.1 and §7.2 rows 2, 3, 8, 9, 10 (gate off, price comparison off), written from the
 * SPEC text and §21/§23 only. It shares no code with `src/evaluate` or `src/data`: plain loops
 * over the raw table rows, so the differential test compares two independent readings.
 */
import type { PosRow, TxRow } from "./scenario.ts";
import { attribute, type ModelMethod } from "./reference_attribution.ts";

export type { ModelMethod } from "./reference_attribution.ts";

/** Everything the model needs: raw rows plus the relevant config values. */
export interface ModelInput {
  positions: PosRow[];
  deposits: TxRow[];
  withdrawals: TxRow[];
  /** tx_hash of each row (same index as the rows), as stored in the table. */
  depositHashes: string[];
  withdrawalHashes: string[];
  method: ModelMethod;
  fallback: "null" | "data_range";
  keyword: string;
  c: number;
  rangeStartMs: number | null;
  rangeEndMs: number | null;
  nowMs: number;
  /** Name of the position table when it does not exist (§23.13); absent = it exists. */
  missingPositionTable?: string;
}

/** Expected per-wallet values. */
export interface ModelWallet {
  address: string;
  g: number;
  v_ref: number;
  v_t1: number;
  wmax_computed: number;
  wmax: number;
  snapshots: number;
  counted: number;
  absorbed: number;
  deferred: number;
  /** Snapshot times s_0…s_m and G_w(i) at each (§5.4). */
  tsMs: number[];
  values: number[];
  gains: number[];
  /** Signed USD amounts of the counted flows (§3.3). */
  countedUsd: number[];
}

/** Expected asset-level values. */
export interface ModelResult {
  decision: number;
  reason: string | null;
  ref_mode: "keyword" | "data_range" | "null";
  t0Ms: number | null;
  t1Ms: number | null;
  g_usd: number | null;
  v_ref_usd: number | null;
  v_t1_usd: number | null;
  price_t1_usd: number | null;
  wmax_usd: number;
  wmax_computed_usd: number;
  /** Ascending address order. */
  wallets: ModelWallet[];
  /** §5.5 timeline S with V(s) and C(s) = v_ref + G(s). */
  timeline: { tsMs: number[]; valueUsd: number[]; corrected: number[] };
}

interface ModelTx {
  kind: "deposit" | "withdrawal";
  ts: number;
  wallet: string;
  magnitude: number;
  identity: string;
  memo: string;
}

function isFiniteNumber(v: number | null | undefined): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

function validWallet(w: string | null): w is string {
  return w !== null && w !== "";
}

/** §3.2.2 / §23.1: rows that survive reading. */
function readTxs(
  rows: TxRow[],
  hashes: string[],
  kind: "deposit" | "withdrawal",
): ModelTx[] {
  const out: ModelTx[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!validWallet(r.wallet)) continue;
    if (!isFiniteNumber(r.amount) || r.amount === 0) continue;
    out.push({
      kind,
      ts: r.ts,
      wallet: r.wallet,
      magnitude: Math.abs(r.amount),
      identity: hashes[i],
      memo: r.memo ?? "",
    });
  }
  return out;
}

function compareTx(x: ModelTx, y: ModelTx): number {
  if (x.ts !== y.ts) return x.ts - y.ts;
  if (x.kind !== y.kind) return x.kind === "deposit" ? -1 : 1;
  return x.identity < y.identity ? -1 : x.identity > y.identity ? 1 : 0;
}

function noData(refMode: ModelResult["ref_mode"], t0Ms: number | null): ModelResult {
  return {
    decision: 0,
    reason: "no wallets/data",
    ref_mode: refMode,
    t0Ms,
    t1Ms: null,
    g_usd: null,
    v_ref_usd: null,
    v_t1_usd: null,
    price_t1_usd: null,
    wmax_usd: 0,
    wmax_computed_usd: 0,
    wallets: [],
    timeline: { tsMs: [], valueUsd: [], corrected: [] },
  };
}

/** Error results carry no numbers (§7.3 "unknown numbers are null"). */
export interface ModelError {
  decision: -1;
  reason: string;
  /** `unknown` when the error happens before t0 is known (§7.3). */
  ref_mode: ModelResult["ref_mode"] | "unknown";
  t0Ms: number | null;
}

/** Runs the reference model for one asset. */
export function referenceEvaluate(input: ModelInput): ModelResult | ModelError {
  // §3.4.1
  const E = input.rangeEndMs === null ? input.nowMs : Math.min(input.rangeEndMs, input.nowMs);
  const start = input.rangeStartMs;

  const allDeposits = readTxs(input.deposits, input.depositHashes, "deposit");
  const allWithdrawals = readTxs(input.withdrawals, input.withdrawalHashes, "withdrawal");

  // §4.1 reference search over R.
  let keywordT0: number | null = null;
  for (const w of allWithdrawals) {
    if (start !== null && w.ts < start) continue;
    if (w.ts > E) continue;
    if (!w.memo.includes(input.keyword)) continue;
    if (keywordT0 === null || w.ts > keywordT0) keywordT0 = w.ts;
  }

  let refMode: ModelResult["ref_mode"];
  let t0: number;
  const missingTable = (mode: ModelError["ref_mode"], t0Ms: number | null): ModelError => ({
    decision: -1,
    reason: `error: table not found: ${input.missingPositionTable}`,
    ref_mode: mode,
    t0Ms,
  });
  if (keywordT0 !== null) {
    refMode = "keyword";
    t0 = keywordT0;
  } else if (input.fallback === "null") {
    return {
      decision: 0,
      reason: "no reference withdrawal",
      ref_mode: "null",
      t0Ms: null,
      t1Ms: null,
      g_usd: null,
      v_ref_usd: null,
      v_t1_usd: null,
      price_t1_usd: null,
      wmax_usd: 0,
      wmax_computed_usd: 0,
      wallets: [],
      timeline: { tsMs: [], valueUsd: [], corrected: [] },
    };
  } else {
    refMode = "data_range";
    if (start !== null) t0 = start;
    else if (input.missingPositionTable !== undefined) {
      // the earliest-ts query fails before t0 is known (§7.3: ref_mode unknown)
      return missingTable("unknown", null);
    } else {
      let earliest: number | null = null;
      for (const r of input.positions) {
        if (r.ts <= E && (earliest === null || r.ts < earliest)) earliest = r.ts;
      }
      if (earliest === null) return noData(refMode, null);
      t0 = earliest;
    }
  }
  if (input.missingPositionTable !== undefined) return missingTable(refMode, t0);
  const rightOpen = input.method === "right_open";
  const inWindowPos = (ts: number): boolean => (rightOpen ? ts > t0 : ts >= t0) && ts <= E;

  // §3.1.2–§3.1.3 wallet snapshots.
  const snapshots = new Map<string, Map<number, number>>();
  for (const r of input.positions) {
    if (!inWindowPos(r.ts)) continue;
    if (!validWallet(r.wallet)) continue;
    let usd: number | null = null;
    if (isFiniteNumber(r.usd)) usd = r.usd;
    else {
      const pr = r.price === undefined ? 1 : r.price; // scenario.ts writes 1 for an omitted price
      if (isFiniteNumber(r.units) && isFiniteNumber(pr)) usd = r.units * pr;
    }
    if (usd === null) continue;
    let byTs = snapshots.get(r.wallet);
    if (!byTs) {
      byTs = new Map();
      snapshots.set(r.wallet, byTs);
    }
    byTs.set(r.ts, (byTs.get(r.ts) ?? 0) + usd);
  }

  // §3.1.4 / §23.3 / §23.4: prices per ts over every row with ts ≤ E.
  const priceSum = new Map<number, number>();
  const priceCount = new Map<number, number>();
  for (const r of input.positions) {
    if (r.ts > E) continue;
    const pr = r.price === undefined ? 1 : r.price; // scenario.ts writes 1 for an omitted price
    if (!isFiniteNumber(pr)) continue;
    priceSum.set(r.ts, (priceSum.get(r.ts) ?? 0) + pr);
    priceCount.set(r.ts, (priceCount.get(r.ts) ?? 0) + 1);
  }
  function priceAt(tau: number): number | null {
    let bestBefore: number | null = null;
    let bestAfter: number | null = null;
    for (const ts of priceSum.keys()) {
      if (ts <= tau && (bestBefore === null || ts > bestBefore)) bestBefore = ts;
      if (ts > tau && (bestAfter === null || ts < bestAfter)) bestAfter = ts;
    }
    const at = bestBefore ?? bestAfter;
    return at === null ? null : priceSum.get(at)! / priceCount.get(at)!;
  }

  // §4.1/§4.2 references; §3.4.2 window transactions.
  const flows: ModelTx[] = [];
  for (const d of allDeposits) if (d.ts >= t0 && d.ts <= E) flows.push(d);
  for (const w of allWithdrawals) {
    if (w.ts < t0 || w.ts > E) continue;
    const isReference = refMode === "keyword" && w.ts === t0 && w.memo.includes(input.keyword);
    if (!isReference) flows.push(w);
  }
  // §3.3 conversion.
  const usdOf = new Map<ModelTx, number>();
  for (const f of flows) {
    const p = priceAt(f.ts);
    if (p === null) {
      return {
        decision: -1,
        reason: "error: no price_usd available to convert transactions",
        ref_mode: refMode,
        t0Ms: t0,
      };
    }
    usdOf.set(f, (f.kind === "deposit" ? 1 : -1) * f.magnitude * p);
  }

  // §5 per wallet, ascending address.
  const addresses = [...snapshots.keys()].sort();
  if (addresses.length === 0) return noData(refMode, t0);
  const wallets: ModelWallet[] = [];
  for (const address of addresses) {
    const byTs = snapshots.get(address)!;
    const ts = [...byTs.keys()].sort((x, y) => x - y);
    const p = ts.map((s) => byTs.get(s)!);
    const m = ts.length - 1;
    const mine = flows.filter((f) => f.wallet === address).sort(compareTx);
    const n: number[] = new Array(m + 1).fill(0);
    let counted = 0;
    let absorbed = 0;
    let deferred = 0;
    const countedUsd: number[] = [];
    for (const f of mine) {
      const a = usdOf.get(f)!;
      const j = attribute(ts, p, f, a, input.method);
      if (j < 0) deferred++;
      else if (j === 0) absorbed++;
      else {
        counted++;
        n[j] += a;
        countedUsd.push(a);
      }
    }
    const gains: number[] = [0];
    let F = 0;
    for (let i = 1; i <= m; i++) {
      F += n[i];
      gains.push((p[i] - p[0]) - F);
    }
    const g = gains[m];
    const wc = input.c * Math.max(g, 0);
    wallets.push({
      address,
      g,
      v_ref: p[0],
      v_t1: p[m],
      wmax_computed: wc,
      wmax: 0,
      snapshots: ts.length,
      counted,
      absorbed,
      deferred,
      tsMs: ts,
      values: p,
      gains,
      countedUsd,
    });
  }

  // §5.5 aggregate and §7.1 W_max (sums in ascending address order, §23.16).
  let G = 0;
  let vRef = 0;
  let vT1 = 0;
  let W = 0;
  let t1 = -Infinity;
  for (const w of wallets) {
    G += w.g;
    vRef += w.v_ref;
    vT1 += w.v_t1;
    W += w.wmax_computed;
    const last = Math.max(...snapshots.get(w.address)!.keys());
    if (last > t1) t1 = last;
  }
  // §5.5 timeline: S = union of snapshot times; a wallet contributes its last value ≤ s.
  const S: number[] = [];
  for (const w of wallets) for (const t of w.tsMs) if (!S.includes(t)) S.push(t);
  S.sort((x, y) => x - y);
  const valueUsd: number[] = [];
  const corrected: number[] = [];
  for (const s of S) {
    let Vs = 0;
    let Gs = 0;
    for (const w of wallets) {
      let last = -1;
      for (let i = 0; i < w.tsMs.length; i++) if (w.tsMs[i] <= s) last = i;
      if (last < 0) continue;
      Vs += w.values[last];
      Gs += w.gains[last];
    }
    valueUsd.push(Vs);
    corrected.push(vRef + Gs);
  }

  // §7.2 rows 8, 9, 10.
  let decision = 1;
  let reason: string | null = null;
  if (W === 0 && G <= 0) {
    decision = 0;
    reason = "non-positive gains since t0 (clamped)";
  } else if (W === 0) {
    decision = 0;
    reason = "all wallets clamped to 0";
  }
  for (const w of wallets) w.wmax = decision === 1 ? w.wmax_computed : 0;
  const priceT1 = priceCount.has(t1) ? priceSum.get(t1)! / priceCount.get(t1)! : null;
  return {
    decision,
    reason,
    ref_mode: refMode,
    t0Ms: t0,
    t1Ms: t1,
    g_usd: G,
    v_ref_usd: vRef,
    v_t1_usd: vT1,
    price_t1_usd: priceT1,
    wmax_usd: decision === 1 ? W : 0,
    wmax_computed_usd: W,
    wallets,
    timeline: { tsMs: S, valueUsd, corrected },
  };
}
