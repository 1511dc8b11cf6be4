/**
 * Flow attribution to snapshot indices (SPEC §5.2, §21.2, §21.4).
 *
 * @module
 */

import type { AlignmentMethod, Flow } from "./flow.ts";
import { lowerBound, upperBound } from "./search.ts";
import { detectSpikeIndex } from "./spike.ts";

/** Snapshot index that first reflects a flow (0 = absorbed by the baseline), or deferred. */
export type Attribution = number | "deferred";

/**
 * Attribution of one flow time τ (§5.2) against ascending snapshot times; `detect_spike` needs
 * the snapshot values and the flow's amount and kind.
 */
function attributeOne(
  ts: ArrayLike<number>,
  values: ArrayLike<number>,
  flow: Flow,
  method: AlignmentMethod,
): Attribution {
  const m = ts.length - 1;
  const tau = flow.tsMs;
  if (m < 0 || tau > ts[m]) return "deferred";
  switch (method) {
    case "none":
    case "snap_to_next_pos":
      return lowerBound(ts, tau);
    case "right_open": {
      const j = upperBound(ts, tau);
      return j > m ? "deferred" : j;
    }
    case "snap_to_prev_pos":
      return Math.max(0, upperBound(ts, tau) - 1);
    case "snap_to_nearest_pos": {
      const next = lowerBound(ts, tau); // ≤ m here
      if (next === 0) return 0;
      // Ties go to the larger index.
      return tau - ts[next - 1] < ts[next] - tau ? next - 1 : next;
    }
    case "detect_spike":
      return detectSpikeIndex(values, lowerBound(ts, tau), flow.amountUsd, flow.kind);
  }
}

/**
 * Attributes each flow to the snapshot that first reflects it (§5.2): returns, per flow (same
 * order as `flows`), an index j in 0..m or `"deferred"` (τ after the last snapshot, or τ = s_m
 * under `right_open`). j = 0 means absorbed by the baseline. `snapshotsTsMs` must be ascending
 * and parallel to `snapshotValues`. Reference withdrawals must not be passed in (§4.2).
 *
 * @example
 * ```ts
 * import { attributeFlows } from "./alignment.ts";
 * const h = 3_600_000;
 * attributeFlows([h, 2 * h], [1000, 1100], [
 *   { tsMs: 1.5 * h, amountUsd: 100, kind: "deposit", identity: "a" },
 *   { tsMs: 3 * h, amountUsd: -5, kind: "withdrawal", identity: "b" },
 * ], "none"); // [1, "deferred"]
 * ```
 */
export function attributeFlows(
  snapshotsTsMs: ArrayLike<number>,
  snapshotValues: ArrayLike<number>,
  flows: readonly Flow[],
  method: AlignmentMethod,
): Attribution[] {
  if (snapshotsTsMs.length !== snapshotValues.length) {
    throw new RangeError(
      `attributeFlows needs parallel snapshots; got ${snapshotsTsMs.length} times and ${snapshotValues.length} values`,
    );
  }
  return flows.map((f) => attributeOne(snapshotsTsMs, snapshotValues, f, method));
}
