/**
 * Per-wallet corrected gains (SPEC §5.4).
 *
 * @module
 */

import { attributeFlows, type Attribution } from "./alignment.ts";
import { type AlignmentMethod, compareFlows, type Flow } from "./flow.ts";

/** Input of {@link computeWalletGains}. */
export interface WalletGainsInput {
  /** Full wallet address. */
  address: string;
  /** Ascending snapshot times s_0..s_m in the window (at least one). */
  snapshotsTsMs: readonly number[];
  /** Snapshot USD values p_0..p_m (§3.1.3). */
  values: readonly number[];
  /** Non-reference flows of the wallet in the window (any order). */
  flows: readonly Flow[];
  /** Attribution method (§5.2). */
  method: AlignmentMethod;
}

/** Corrected gains of one wallet. */
export interface WalletGains {
  /** Full wallet address. */
  address: string;
  /** Snapshot times (the input array). */
  tsMs: readonly number[];
  /** Snapshot values (the input array). */
  values: readonly number[];
  /** G_w(i) = (p_i − p_0) − F_i for every snapshot. */
  gains: number[];
  /** G_w = G_w(m). */
  g: number;
  /** p_0. */
  v_ref: number;
  /** p_m. */
  v_t1: number;
  /** Number of flows attributed to an index ≥ 1. */
  counted: number;
  /** Number of flows attributed to index 0. */
  absorbed: number;
  /** Number of flows after the last snapshot (or at it, under right_open). */
  deferred: number;
  /** Counted flows, in summation order (ts, deposits first, identity). */
  countedFlows: Flow[];
  /** Attribution of each counted flow, parallel to `countedFlows`. */
  countedIndices: number[];
}

/**
 * Corrected gains of one wallet (§5.4): flows are attributed (§5.2), summed per index in the
 * order ts → deposits before withdrawals → identity; F_0 = 0, F_i = F_{i−1} + n_i, and
 * G_w(i) = (p_i − p_0) − F_i. Absorbed (j = 0) and deferred flows are not counted.
 *
 * @example
 * ```ts
 * import { computeWalletGains } from "./gains.ts";
 * const h = 3_600_000;
 * const w = computeWalletGains({
 *   address: "addr_a", snapshotsTsMs: [h, 2 * h, 3 * h], values: [1000, 1061, 1062],
 *   flows: [{ tsMs: 1.5 * h, amountUsd: 50, kind: "deposit", identity: "x" }], method: "none",
 * });
 * w.gains; // [0, 11, 12]
 * ```
 */
export function computeWalletGains(input: WalletGainsInput): WalletGains {
  const { address, snapshotsTsMs: ts, values: p, method } = input;
  const n = ts.length;
  if (n === 0 || p.length !== n) {
    throw new RangeError(
      `computeWalletGains for ${address} needs ≥ 1 snapshot with parallel values; got ${n} and ${p.length}`,
    );
  }
  const flows = [...input.flows].sort(compareFlows);
  const attributions: Attribution[] = attributeFlows(ts, p, flows, method);
  const net = new Float64Array(n);
  const countedFlows: Flow[] = [];
  const countedIndices: number[] = [];
  let absorbed = 0;
  let deferred = 0;
  for (let f = 0; f < flows.length; f++) {
    const j = attributions[f];
    if (j === "deferred") deferred++;
    else if (j === 0) absorbed++;
    else {
      net[j] += flows[f].amountUsd;
      countedFlows.push(flows[f]);
      countedIndices.push(j);
    }
  }
  const gains: number[] = new Array(n);
  const p0 = p[0];
  let cum = 0;
  gains[0] = 0;
  for (let i = 1; i < n; i++) {
    cum = cum + net[i];
    gains[i] = (p[i] - p0) - cum;
  }
  return {
    address,
    tsMs: ts,
    values: p,
    gains,
    g: gains[n - 1],
    v_ref: p0,
    v_t1: p[n - 1],
    counted: countedFlows.length,
    absorbed,
    deferred,
    countedFlows,
    countedIndices,
  };
}
