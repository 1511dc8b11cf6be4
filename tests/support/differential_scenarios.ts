/**
 * Seeded random scenarios for the differential test of the evaluation path
 * (`tests/jobs/evaluate_differential_test.ts`): positions, flows, tagged withdrawals and config
 * values for one asset, with the matching reference-model input.
 */
import type { ConfigInput } from "../../src/config/schema.ts";
import { addr, DAY0, type PosRow, type Scenario, type TxRow } from "./scenario.ts";
import type { ModelInput, ModelMethod } from "./reference_model.ts";

export const MIN = 60_000;
export const HOUR = 3_600_000;
export const KEYWORD = "alert_driven_withdrawal";
export const METHODS: ModelMethod[] = [
  "none",
  "right_open",
  "snap_to_next_pos",
  "snap_to_prev_pos",
  "snap_to_nearest_pos",
  "detect_spike",
];

/** A small seeded PRNG (xorshift-multiply), independent of the demo's. */
export function prng(seed: number): () => number {
  let s = (seed ^ 0x9e3779b9) >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Case {
  seed: number;
  scenario: Scenario;
  /** Memo column layout of the transaction tables (§3.2.1, `memo_column: auto`). */
  memoLayout: "notes" | "memo" | "both";
  /** Tables left out of the dataset. */
  drop: { deposits: boolean; withdrawals: boolean; positions: boolean };
  /** Position columns left out of the table (§3.1.1: treated as all-null). */
  dropColumns: ("usd_value" | "underlying_units" | "price_usd")[];
  model: ModelInput;
  configInput: ConfigInput;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Zones without DST and their fixed UTC offsets in minutes (for naive config datetimes). */
const ZONES: readonly { name: string; offsetMin: number }[] = [
  { name: "UTC", offsetMin: 0 },
  { name: "Asia/Kolkata", offsetMin: 330 },
  { name: "America/Sao_Paulo", offsetMin: -180 },
  { name: "Etc/GMT-2", offsetMin: 120 },
];

/**
 * Writes `ms` as a config datetime (§2.3.2, §23.12): with `Z`, with an explicit offset, as
 * naive wall time in the zone, or as a bare date when it is a wall-time midnight.
 */
function configDateTime(ms: number, offsetMin: number, style: number): string {
  const wall = new Date(ms + offsetMin * MIN).toISOString();
  if (style === 0) return iso(ms);
  if (style === 1) {
    const sign = offsetMin < 0 ? "-" : "+";
    const a = Math.abs(offsetMin);
    const off = `${sign}${String(Math.floor(a / 60)).padStart(2, "0")}:${
      String(a % 60).padStart(2, "0")
    }`;
    return wall.slice(0, 23) + off;
  }
  if (wall.slice(11, 23) === "00:00:00.000") return wall.slice(0, 10);
  return wall.slice(0, 23);
}

/** Generates one random scenario for `asset` from `seed`. */
export function generateCase(seed: number, asset: string): Case {
  const rnd = prng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const chance = (p: number): boolean => rnd() < p;

  const allNullPrice = chance(0.05);
  // "Spiky" cases: quiet positions, many flows between snapshots, visible with a lag, so that
  // the attribution index j (detect_spike, nearest ties) shows in the C(s) timeline.
  const spiky = chance(0.4);
  const basePrice = new Map<number, number>();
  let drift = 0.5 + rnd() * 1.5;
  const priceOf = (ts: number): number => {
    let p = basePrice.get(ts);
    if (p === undefined) {
      drift = Math.max(0.05, drift * (1 + (rnd() - 0.5) * 0.05));
      p = chance(0.01) ? 0 : drift; // a zero price now and then: zero-USD flows (§5.3 mag = 0)
      basePrice.set(ts, p);
    }
    return p;
  };

  const letters = ["a", "b", "c", "d", "e", "f"];
  const nWallets = int(1, 4);
  const wallets: string[] = [];
  while (wallets.length < nWallets) {
    const w = addr(pick(letters));
    if (!wallets.includes(w)) wallets.push(w);
  }

  // Snapshot times per wallet (10-minute grid so wallets share timestamps; some irregular).
  const times = new Map<string, number[]>();
  for (const w of wallets) {
    const n = spiky ? int(8, 40) : chance(0.3) ? int(1, 4) : int(1, 40);
    let k = chance(0.3) ? int(20, 60) : int(0, 12);
    const set = new Set<number>();
    for (let i = 0; i < n; i++) {
      set.add(DAY0 + k * 10 * MIN + (chance(0.15) ? int(1, 599) * 1000 : 0));
      k += chance(0.1) ? 0 : int(1, 4);
    }
    times.set(w, [...set].sort((a, b) => a - b));
  }
  const allTimes = [...new Set([...times.values()].flat())].sort((a, b) => a - b);
  const firstTs = allTimes[0];
  const lastTs = allTimes[allTimes.length - 1];

  // Reference time.
  const refKind = int(0, 4);
  const tRef = refKind === 0
    ? firstTs - int(1, 120) * MIN
    : refKind === 1
    ? pick(allTimes)
    : refKind === 2
    ? firstTs + Math.floor(rnd() * (lastTs - firstTs + 1))
    : refKind === 3
    ? lastTs + int(1, 60) * MIN
    : firstTs - int(0, 30) * MIN;

  // Flows per wallet (plus one wallet without positions sometimes).
  const deposits: TxRow[] = [];
  const withdrawals: TxRow[] = [];
  let hashN = 0;
  const hash = (): string => `tx${seed.toString(36)}_${(hashN++).toString(36)}_${int(0, 1e6)}`;
  const flowEffects = new Map<string, { visibleFrom: number; usd: number }[]>();
  const txWallets = [...wallets];
  if (chance(0.15)) txWallets.push(addr("z"));
  for (const w of txWallets) {
    const ts = times.get(w) ?? allTimes;
    const nFlows = spiky ? int(2, 8) : chance(0.3) ? 0 : int(1, 5);
    const effects: { visibleFrom: number; usd: number }[] = [];
    for (let i = 0; i < nFlows; i++) {
      const cat = spiky ? pick([2, 3, 3, 6, 6, 4]) : int(0, 6);
      let tau: number;
      if (cat === 0) tau = tRef - int(1, 180) * MIN;
      else if (cat === 1) tau = tRef + Math.floor(rnd() * Math.max(1, ts[0] - tRef));
      else if (cat === 2) tau = pick(ts);
      else if (cat === 3) {
        const i0 = int(0, ts.length - 1);
        const next = ts[Math.min(i0 + 1, ts.length - 1)];
        tau = ts[i0] + Math.floor(rnd() * Math.max(1, next - ts[i0]));
      } else if (cat === 4) tau = ts[ts.length - 1] + int(1, 120) * MIN;
      else if (cat === 6) {
        // Exactly half-way between two snapshots (a snap_to_nearest_pos tie) or just before one.
        const i0 = int(0, Math.max(0, ts.length - 2));
        const next = ts[Math.min(i0 + 1, ts.length - 1)];
        tau = chance(0.5) ? ts[i0] + Math.floor((next - ts[i0]) / 2) : next - 1;
      } else tau = tRef;
      const isDeposit = chance(0.55);
      let amount: number | null = Math.round((1 + rnd() * 300) * 1000) / 1000;
      const roll = rnd();
      if (roll < 0.05) amount = 0;
      else if (roll < 0.1) amount = null;
      const row: TxRow = {
        ts: tau,
        wallet: chance(0.04) ? pick([null, ""]) : w,
        amount: amount !== null && !isDeposit && chance(0.5) ? -amount : amount,
        memo: chance(0.1) && isDeposit
          ? `${KEYWORD} (deposit)`
          : chance(0.1)
          ? "ALERT_DRIVEN_WITHDRAWAL"
          : "",
        hash: hash(),
      };
      (isDeposit ? deposits : withdrawals).push(row);
      if (amount !== null && amount !== 0) {
        // The position sometimes moves by a different amount than the flow (outside the §5.3
        // ratio band) or not at all.
        const factor = chance(0.7) ? 1 : pick([0, 0.2, 0.5, 1.4, 2, -1]);
        const usd = factor * (isDeposit ? 1 : -1) * Math.abs(amount) * priceOf(tau);
        const lag = chance(0.4) ? 0 : spiky ? int(1, 120) * MIN : int(1, 40) * MIN;
        effects.push({ visibleFrom: tau + lag, usd });
      }
    }
    flowEffects.set(w, effects);
  }

  // Tagged withdrawals.
  if (chance(0.7)) {
    const memos = [KEYWORD, `auto ${KEYWORD} (tx: abcdef0123456789...)`, `x-${KEYWORD}-y`];
    const nRef = chance(0.3) ? int(2, 3) : 1;
    for (let i = 0; i < nRef; i++) {
      withdrawals.push({
        ts: tRef,
        wallet: pick(txWallets),
        amount: Math.round(rnd() * 500 * 100) / 100 + 1,
        memo: pick(memos),
        hash: hash(),
      });
    }
    if (chance(0.3)) {
      withdrawals.push({
        ts: tRef - int(1, 300) * MIN,
        wallet: pick(txWallets),
        amount: 10,
        memo: KEYWORD,
        hash: hash(),
      });
    }
    if (chance(0.15)) {
      withdrawals.push({
        ts: tRef + int(1, 300) * MIN,
        wallet: pick([null, "", pick(txWallets)]),
        amount: pick([0, null]),
        memo: KEYWORD,
        hash: hash(),
      });
    }
  } else if (chance(0.2)) {
    // Tagged but skipped rows only: never a reference (§23.1).
    withdrawals.push({ ts: tRef, wallet: "", amount: 5, memo: KEYWORD, hash: hash() });
  }

  // Positions: random walk plus the flows, several rows per snapshot sometimes.
  const positions: PosRow[] = [];
  for (const w of wallets) {
    let v = 100 + rnd() * 5000;
    for (const ts of times.get(w)!) {
      const noise = spiky ? (chance(0.3) ? 0 : 2) : 20;
      v += (rnd() - 0.5) * noise + (chance(spiky ? 0.08 : 0.05) ? (rnd() - 0.5) * 800 : 0);
      let value = v;
      for (const e of flowEffects.get(w) ?? []) if (e.visibleFrom <= ts) value += e.usd;
      const nRows = chance(0.2) ? int(2, 3) : 1;
      for (let r = 0; r < nRows; r++) {
        const part = nRows === 1 ? value : value / nRows + (r === 0 ? 0.37 : -0.37 / (nRows - 1));
        const rowPrice = allNullPrice
          ? null
          : priceOf(ts) * (chance(0.2) ? 1 + (rnd() - 0.5) * 0.02 : 1);
        const mode = rnd();
        if (mode < 0.72 || rowPrice === null || rowPrice === 0) {
          positions.push({
            ts,
            wallet: w,
            usd: part,
            units: null,
            price: chance(0.05) ? null : rowPrice,
          });
        } else if (mode < 0.88) {
          positions.push({ ts, wallet: w, usd: null, units: part / rowPrice, price: rowPrice });
        } else if (mode < 0.94) {
          positions.push({ ts, wallet: w, usd: null, units: part, price: null });
        } else {
          positions.push({ ts, wallet: w, usd: null, units: null, price: rowPrice });
        }
      }
    }
  }
  if (chance(0.2)) {
    for (let i = int(1, 3); i > 0; i--) {
      const ts = chance(0.3) ? tRef - int(1, 60) * MIN : pick(allTimes);
      positions.push({
        ts,
        wallet: pick([null, ""]),
        usd: 123.45,
        units: null,
        price: allNullPrice ? null : priceOf(ts) * 1.01,
      });
    }
  }

  // Config.
  const method = spiky && chance(0.5) ? "detect_spike" : pick(METHODS);
  const fallback = chance(0.5) ? "null" : "data_range";
  const c = pick([0.5, 1, 0.01 + 0.99 * rnd()]);
  const zone = pick(ZONES);
  let rangeStartMs: number | null = chance(0.25)
    ? pick([
      tRef + int(-12, 12) * 10 * MIN,
      tRef,
      // a wall-time midnight in the zone, so that date-only strings occur
      DAY0 - zone.offsetMin * MIN + pick([0, -24 * HOUR]),
    ])
    : null;
  let rangeEndMs: number | null = chance(0.25)
    ? pick([
      firstTs + Math.floor(rnd() * (lastTs - firstTs + 2 * HOUR)),
      pick(allTimes),
      tRef,
      DAY0 - zone.offsetMin * MIN + 24 * HOUR,
    ])
    : null;
  if (rangeStartMs !== null && rangeEndMs !== null && !(rangeStartMs < rangeEndMs)) {
    if (chance(0.5)) rangeStartMs = null;
    else rangeEndMs = null;
  }
  const nowKind = rnd();
  const nowMs = nowKind < 0.75
    ? DAY0 + 20 * 24 * HOUR
    : nowKind < 0.9
    ? firstTs + Math.floor(rnd() * (lastTs - firstTs + HOUR))
    : nowKind < 0.95
    ? pick(allTimes)
    : tRef; // t0 = E (§23.5)

  const configInput = {
    data: {
      datasets: { transactions: { alignment_method: method } },
      date_range: {
        start: rangeStartMs === null
          ? null
          : configDateTime(rangeStartMs, zone.offsetMin, int(0, 2)),
        end: rangeEndMs === null ? null : configDateTime(rangeEndMs, zone.offsetMin, int(0, 2)),
      },
    },
    settings: { timezone: zone.name },
    analysis: { decision: { reference: { fallback }, safety_factor: { c } } },
  } as ConfigInput;

  const memoLayout = pick(["notes", "notes", "memo", "both"] as const);
  const drop = { deposits: chance(0.04), withdrawals: chance(0.04), positions: chance(0.03) };
  const dropColumns = (["usd_value", "underlying_units", "price_usd"] as const).filter(() =>
    chance(0.03)
  );
  const modelPositions = positions.map((r) => ({
    ...r,
    usd: dropColumns.includes("usd_value") ? null : r.usd,
    units: dropColumns.includes("underlying_units") ? null : r.units,
    price: dropColumns.includes("price_usd") ? null : r.price,
  }));
  return {
    seed,
    scenario: { asset, positions, deposits, withdrawals },
    memoLayout,
    drop,
    dropColumns,
    configInput,
    model: {
      positions: modelPositions,
      deposits: drop.deposits ? [] : deposits,
      withdrawals: drop.withdrawals ? [] : withdrawals,
      missingPositionTable: drop.positions ? `liqwid_supply_positions_${asset}` : undefined,
      depositHashes: drop.deposits ? [] : deposits.map((d) => d.hash!),
      withdrawalHashes: drop.withdrawals ? [] : withdrawals.map((d) => d.hash!),
      method,
      fallback,
      keyword: KEYWORD,
      c,
      rangeStartMs,
      rangeEndMs,
      nowMs,
    },
  };
}
