/**
 * Asset-level aggregate of wallet gains (SPEC §5.5, §23.16).
 *
 * @module
 */

import type { WalletGains } from "./gains.ts";

/** Aggregate series and totals of one asset. */
export interface AggregateGains {
  /** S: sorted union of all wallets' snapshot times. */
  tsMs: number[];
  /** V(s): sum of each wallet's latest value at or before s (0 before its baseline). */
  valueUsd: number[];
  /** G(s): sum of each wallet's latest G_w at or before s (0 before its baseline). */
  gainUsd: number[];
  /** C(s) = v_ref + G(s). */
  corrected: number[];
  /** Σ_w p_{w,0}. */
  v_ref: number;
  /** Σ_w p_{w,m_w}. */
  v_t1: number;
  /** G = Σ_w G_w. */
  g: number;
  /** t1 = max_w s_{w,m_w}; null without wallets. */
  t1Ms: number | null;
  /** Wallet addresses in summation (ascending) order. */
  addresses: string[];
}

/**
 * Sorts wallets by ascending address (plain string order), the order of every sum (§23.16).
 *
 * @example
 * ```ts
 * import { sortWalletsByAddress } from "./aggregate.ts";
 * sortWalletsByAddress([{ address: "b" }, { address: "a" }]).map((w) => w.address); // ["a", "b"]
 * ```
 */
export function sortWalletsByAddress<T extends { address: string }>(wallets: readonly T[]): T[] {
  return [...wallets].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

/**
 * Aggregates wallet gains (§5.5): S = union of snapshot times; V(s), G(s) and the totals are summed
 * over wallets in ascending address order starting from 0 (§23.16), so `g` is exactly the sum
 * of the wallets' G_w. C(s) = v_ref + G(s). Runs in O(|S| · wallets) with a k-way merge.
 *
 * @example
 * ```ts
 * import { aggregateGains } from "./aggregate.ts";
 * const a = aggregateGains([
 *   { address: "a", tsMs: [1, 2], values: [10, 12], gains: [0, 2], g: 2, v_ref: 10, v_t1: 12 },
 *   { address: "b", tsMs: [2], values: [5], gains: [0], g: 0, v_ref: 5, v_t1: 5 },
 * ]);
 * a.valueUsd; // [10, 17]
 * a.corrected; // [15, 17]
 * ```
 */
export function aggregateGains(
  wallets: readonly Pick<
    WalletGains,
    "address" | "tsMs" | "values" | "gains" | "g" | "v_ref" | "v_t1"
  >[],
): AggregateGains {
  const ws = sortWalletsByAddress(wallets);
  const k = ws.length;
  let vRef = 0;
  let vT1 = 0;
  let g = 0;
  let t1: number | null = null;
  for (const w of ws) {
    vRef += w.v_ref;
    vT1 += w.v_t1;
    g += w.g;
    const last = w.tsMs[w.tsMs.length - 1];
    if (last !== undefined && (t1 === null || last > t1)) t1 = last;
  }
  const tsMs: number[] = [];
  const valueUsd: number[] = [];
  const gainUsd: number[] = [];
  const corrected: number[] = [];
  const ptr = new Int32Array(k); // next unread index per wallet
  const lens = Int32Array.from(ws, (w) => w.tsMs.length);
  for (;;) {
    let s = Infinity;
    for (let w = 0; w < k; w++) {
      if (ptr[w] < lens[w]) {
        const t = ws[w].tsMs[ptr[w]];
        if (t < s) s = t;
      }
    }
    if (s === Infinity) break;
    let v = 0;
    let gs = 0;
    for (let w = 0; w < k; w++) {
      const wal = ws[w];
      let i = ptr[w];
      while (i < lens[w] && wal.tsMs[i] <= s) i++;
      ptr[w] = i;
      if (i > 0) {
        v += wal.values[i - 1];
        gs += wal.gains[i - 1];
      }
    }
    tsMs.push(s);
    valueUsd.push(v);
    gainUsd.push(gs);
    corrected.push(vRef + gs);
  }
  return {
    tsMs,
    valueUsd,
    gainUsd,
    corrected,
    v_ref: vRef,
    v_t1: vT1,
    g,
    t1Ms: t1,
    addresses: ws.map((w) => w.address),
  };
}
