/**
 * Result types of one evaluation (SPEC §7.3, §8.3, §11.1, §15.1). These shapes are the
 * contract between evaluation, CLI, metrics, HTTP API, dashboard and charts.
 *
 * JSON keys are snake_case because these objects are serialised as-is on the API (§13.2).
 *
 * @module
 */
import type { TrendSettings } from "../config/types_gen.ts";

/** Decision code (§0.3): 1 WITHDRAW_OK, 0 HOLD, -1 ERROR. */
export type DecisionCode = 1 | 0 | -1;
/** Decision label matching a {@link DecisionCode}. */
export type DecisionLabel = "WITHDRAW_OK" | "HOLD" | "ERROR";
/** How t0 was found (§4); `unknown` when an error happened before t0 was known. */
export type RefMode = "keyword" | "data_range" | "null" | "unknown";
/** Gate status (§6). */
export type GateStatus =
  | "ok"
  | "triggered"
  | "insufficient_data"
  | "degenerate_sigma"
  | "not_applicable";
/** Gate basis (§6.2). */
export type GateBasis = "corrected_position" | "change_rate_usd" | "price_usd";
/** Units of the gate series (§6.5). */
export type GateUnits = "usd" | "usd_per_hour" | "usd_price";

/** Residual gate outcome as reported (§6.5, §7.3, §23.10). */
export interface GateResult {
  /**
   * Whether the gate applies to this asset (§6.1); false means status `not_applicable` and no
   * effect.
   */
  applicable: boolean;
  /** Outcome of the gate run (§6.5, §23.10). */
  status: GateStatus;
  /** Series the gate ran on (§6.2). */
  basis: GateBasis;
  /** Baseline f: least-squares polynomial or median (§6.4). */
  method: "polynomial_fit" | "median";
  /** `stddev` = ±k·σ, `percentile` = quantiles of the residuals (§6.5). */
  threshold_mode: "stddev" | "percentile";
  /** Which threshold crossings trigger (§6.5 step 4). */
  sides: "both" | "upper" | "lower";
  /** Degree d of the baseline fit for `polynomial_fit` (§6.4). */
  polynomial_order: number;
  /** Multiplier k of σ for the `stddev` thresholds. */
  k_sigma: number;
  /** Lookback H in hours (§6.3); null = the whole window. */
  lookback_hours: number | null;
  /** Points n retained after lookback; null when the gate did not run. */
  n_points: number | null;
  /** Minimum points n_min required (§6.3); null when the gate did not run. */
  n_min: number | null;
  /** Latest residual r_now in `units`; null unless status is ok, triggered or degenerate_sigma. */
  residual: number | null;
  /**
   * Population std σ of the estimation residuals in `units`; null unless status is ok, triggered or
   * degenerate_sigma.
   */
  sigma: number | null;
  /** Lower threshold in `units`; null unless status is ok or triggered. */
  threshold_lower: number | null;
  /** Upper threshold in `units`; null unless status is ok or triggered. */
  threshold_upper: number | null;
  /** True when r_now crossed a threshold on a configured side (status `triggered`). */
  triggered: boolean;
  /** Units of residual, σ and thresholds (§6.5). */
  units: GateUnits;
}

/** Per-wallet figures (§5.4, §7.1). `wallet` is always abbreviated (§0.5). */
export interface WalletResult {
  /** Abbreviated wallet address (§0.5). */
  wallet: string;
  /** Corrected gains G_w in USD since the baseline snapshot (§5.4). */
  g_usd: number;
  /** Baseline value p_0 in USD (§5.4). */
  v_ref_usd: number;
  /** Latest value p_m in USD (§5.4). */
  v_t1_usd: number;
  /** Effective W_w in USD (§7.1); 0 unless the asset decision is WITHDRAW_OK. */
  wmax_usd: number;
  /** Computed W_w = c·max(G_w, 0) in USD, before the decision (§7.1). */
  wmax_computed_usd: number;
  /** Number of position snapshots of the wallet in the window (§3.1.3). */
  snapshots: number;
  /** Flows attributed to a snapshot after the baseline, so counted in G_w (§5.2). */
  flows_counted: number;
  /** Flows attributed to the baseline snapshot (index 0), not counted (§5.2). */
  flows_absorbed: number;
  /** Flows after the latest snapshot, not counted yet (§5.2). */
  flows_deferred: number;
}

/** One available price observation (§8.3). */
export interface PriceObservation {
  /** Canonical provider name (§8.1), e.g. `greptime(liqwid)` or `minswap_aggregator`. */
  provider: string;
  /** Logical source the provider belongs to (§8.2), e.g. `liqwid`. */
  logical: string;
  /** Observed price in USD per token. */
  price_usd: number;
  /** ISO 8601 time of the observation. */
  observed_at: string;
}

/** Price comparison outcome (§8.3). */
export interface PriceCompareResult {
  /** Every available provider reading, in source then priority order (§8.3). */
  observations: PriceObservation[];
  /** Logical source → its price in USD (first available provider, §8.2). */
  prices_by_logical: Record<string, number>;
  /** First logical source that has a price; null when none has. */
  reference: string | null;
  /** max − min of the logical prices in USD; null when `unavailable`. */
  delta_abs: number | null;
  /** delta_abs / max (0 if max ≤ 0); null when `unavailable`. */
  delta_rel: number | null;
  /** Delta above `tolerance_epsilon` in `epsilon_mode` (§8.3). */
  mismatch: boolean;
  /** Fewer than two logical prices: no deltas, decision unaffected. */
  unavailable: boolean;
  /** Consecutive evaluations with a mismatch, this one included (process memory). */
  consecutive_mismatches: number;
  /** Whether `tolerance_epsilon` applies to delta_rel or delta_abs. */
  epsilon_mode: "relative" | "absolute";
  /** Tolerance ε: a fraction (relative) or USD (absolute). */
  tolerance_epsilon: number;
  /** What a persistent mismatch does: `hold` the decision or only report it. */
  action: "hold" | "flag_only";
  /** The mismatch was acted on (§7.2 row 7): decision HOLD with reason `price mismatch`. */
  held: boolean;
}

/** The per-asset result (§7.3), also the JSON shape of the API (§13.2). */
export interface AssetResult {
  /** Configured, lower-cased asset name (§0.6); `_all_` for the empty asset list (§7.5). */
  asset: string;
  /** Alternate name from `domain.alternate_names`, or "" if none. */
  alternate_asset_name: string;
  /** First non-null `market_id` of the position rows (informational); null if none. */
  market_id: string | null;
  /** Decision code (§7.2). */
  decision: DecisionCode;
  /** Label of `decision`. */
  decision_label: DecisionLabel;
  /** Why the decision is HOLD or ERROR (§7.2); null for WITHDRAW_OK. */
  reason: string | null;
  /** How t0 was found (§4). */
  ref_mode: RefMode;
  /** ISO 8601 or null. */
  t0: string | null;
  /** ISO 8601 or null. */
  t1: string | null;
  /** Evaluation window [t0, E] as ISO 8601 (§3.4); `start` is null when t0 is unknown. */
  window: { start: string | null; end: string | null };
  /** Aggregate baseline value Σ p_{w,0} in USD (§5.5); null when not computed. */
  v_ref_usd: number | null;
  /** Aggregate latest value Σ p_{w,m} in USD (§5.5); null when not computed. */
  v_t1_usd: number | null;
  /** Corrected gains G = Σ G_w in USD (§5.5); null when not computed. */
  g_usd: number | null;
  /** Asset price at t1 in USD per token (§3.1.4); null if none. */
  price_t1_usd: number | null;
  /** Effective W_max in USD (§7.1); 0 unless WITHDRAW_OK. */
  wmax_usd: number;
  /** Computed W_max = Σ W_w in USD, whatever the decision (§7.1). */
  wmax_computed_usd: number;
  /** Number of evaluated wallets (wallets with a snapshot in the window). */
  wallet_count: number;
  /** Per-wallet figures, sorted by wmax_computed_usd descending, then address (§7.3). */
  wallets: WalletResult[];
  /** Residual gate outcome (§6). */
  gate: GateResult;
  /** Price comparison (§8.3); null when disabled or the result is ERROR. */
  price_compare: PriceCompareResult | null;
  /** Non-fatal problems met while evaluating (skipped rows, missing optional data, …). */
  warnings: string[];
  /** Time spent evaluating this asset, in milliseconds. */
  duration_ms: number;
}

/** A time series with parallel arrays (epoch ms, values). */
export interface Series {
  /** Timestamps in epoch milliseconds, ascending. */
  tsMs: number[];
  /** Values parallel to `tsMs` (units depend on the series). */
  values: number[];
}

/** A counted flow as drawn on the chart (§15.2). */
export interface ChartFlow {
  /** Flow time τ in epoch milliseconds. */
  tsMs: number;
  /** Signed USD amount (§3.3): positive for deposits, negative for withdrawals. */
  amountUsd: number;
  /** Table the flow came from (§3.2). */
  kind: "deposit" | "withdrawal";
}

/**
 * Everything the chart needs for one asset (§15.1), built during the evaluation and cached
 * in the record so chart routes need no database query.
 */
export interface ChartData {
  /** Asset name (§0.6). */
  asset: string;
  /** How t0 was found (§4); shown in the chart title. */
  refMode: RefMode;
  /** Window start t0 in epoch ms; null when t0 is unknown. */
  windowStartMs: number | null;
  /** Window end E in epoch ms (§3.4.1). */
  windowEndMs: number;
  /** Aggregate raw value V(s) (§5.5) over the plot range. */
  positions: Series;
  /** Corrected position C(s) over the window. */
  corrected: Series;
  /** Counted flows inside the window. */
  flows: ChartFlow[];
  /** The gate result of the evaluation (§6). */
  gate: GateResult;
  /** Gate residuals r_i at their timestamps; null when the gate produced none. */
  residuals: Series | null;
  /** Effective trend settings (global merged with per_asset). */
  trend: TrendSettings;
  /**
   * The price series the gate ran on when its basis is `price_usd` (before lookback), so the
   * chart's lookback override can recompute it (§15.2); absent otherwise.
   */
  gatePriceSeries?: Series | null;
  /**
   * Plot range of the position view (§15.1), epoch ms; absent for `inherit` (the window).
   * `positions` covers this range unless `serverDownsample` is pending.
   */
  plotStartMs?: number;
  /** End of the plot range (epoch ms); absent for `inherit`. */
  plotEndMs?: number;
  /**
   * §15.3/§10.6 server downsampling left to drawing time: the plot range reaches beyond the
   * window and holds more than `max_points` points. Until it is resolved (chart routes,
   * `resolveChartForDrawing`), `positions` holds V over the window only.
   */
  serverDownsample?: ChartServerDownsample | null;
  /** Server-side bins of V over the plot range (§10.6), drawn instead of the raw V line. */
  serverBins?: ChartServerBins | null;
}

/** A pending §10.6 `date_bin` request of a chart (see {@link ChartData.serverDownsample}). */
export interface ChartServerDownsample {
  /** Validated position table name (§10.7). */
  table: string;
  /** Plot range start in epoch ms. */
  startMs: number;
  /** Plot range end in epoch ms. */
  endMs: number;
  /** `date_bin` interval in seconds. */
  binSeconds: number;
  /** Estimated number of V points over the plot range. */
  estimatedPoints: number;
}

/** Server-side bins of V: min/avg/max over [bucketMs, bucketMs + binSeconds). */
export interface ChartServerBins {
  /** Bin width in seconds. */
  binSeconds: number;
  /** Bins in ascending order: bucket start (epoch ms), min/avg/max of V in USD and point count. */
  bins: { bucketMs: number; min: number; avg: number; max: number; count: number }[];
}

/** Details kept beside a result that never leave the process over HTTP (§0.5). */
export interface AssetDetail {
  /** Full wallet addresses, parallel to `result.wallets`. */
  walletAddresses: string[];
  /** Chart data (§15.1); null for ERROR results, `ref_mode = null` and `_all_`. */
  chart: ChartData | null;
  /** Reference time t0 in epoch ms; null when unknown. */
  t0Ms: number | null;
  /** Latest snapshot time t1 in epoch ms; null when there is none. */
  t1Ms: number | null;
}

/** One immutable evaluation record (§11.1). */
export interface EvaluationRecord {
  /** Sequence number of the evaluation in this process: 1, 2, … (§11.1). */
  evaluation_id: number;
  /** ISO 8601. */
  started_at: string;
  /** ISO 8601. */
  finished_at: string;
  /** Evaluation duration in milliseconds (finished_at − started_at). */
  duration_ms: number;
  /** One result per configured asset, in config order (or the single `_all_` result, §7.5). */
  results: AssetResult[];
  /** Parallel to `results`. */
  details: AssetDetail[];
}
