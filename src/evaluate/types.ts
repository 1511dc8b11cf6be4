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
  applicable: boolean;
  status: GateStatus;
  basis: GateBasis;
  method: "polynomial_fit" | "median";
  threshold_mode: "stddev" | "percentile";
  sides: "both" | "upper" | "lower";
  polynomial_order: number;
  k_sigma: number;
  lookback_hours: number | null;
  n_points: number | null;
  n_min: number | null;
  residual: number | null;
  sigma: number | null;
  threshold_lower: number | null;
  threshold_upper: number | null;
  triggered: boolean;
  units: GateUnits;
}

/** Per-wallet figures (§5.4, §7.1). `wallet` is always abbreviated (§0.5). */
export interface WalletResult {
  wallet: string;
  g_usd: number;
  v_ref_usd: number;
  v_t1_usd: number;
  wmax_usd: number;
  wmax_computed_usd: number;
  snapshots: number;
  flows_counted: number;
  flows_absorbed: number;
  flows_deferred: number;
}

/** One available price observation (§8.3). */
export interface PriceObservation {
  provider: string;
  logical: string;
  price_usd: number;
  /** ISO 8601 time of the observation. */
  observed_at: string;
}

/** Price comparison outcome (§8.3). */
export interface PriceCompareResult {
  observations: PriceObservation[];
  prices_by_logical: Record<string, number>;
  reference: string | null;
  delta_abs: number | null;
  delta_rel: number | null;
  mismatch: boolean;
  unavailable: boolean;
  consecutive_mismatches: number;
  epsilon_mode: "relative" | "absolute";
  tolerance_epsilon: number;
  action: "hold" | "flag_only";
  held: boolean;
}

/** The per-asset result (§7.3), also the JSON shape of the API (§13.2). */
export interface AssetResult {
  asset: string;
  alternate_asset_name: string;
  market_id: string | null;
  decision: DecisionCode;
  decision_label: DecisionLabel;
  reason: string | null;
  ref_mode: RefMode;
  /** ISO 8601 or null. */
  t0: string | null;
  /** ISO 8601 or null. */
  t1: string | null;
  window: { start: string | null; end: string | null };
  v_ref_usd: number | null;
  v_t1_usd: number | null;
  g_usd: number | null;
  price_t1_usd: number | null;
  wmax_usd: number;
  wmax_computed_usd: number;
  wallet_count: number;
  wallets: WalletResult[];
  gate: GateResult;
  price_compare: PriceCompareResult | null;
  warnings: string[];
  duration_ms: number;
}

/** A time series with parallel arrays (epoch ms, values). */
export interface Series {
  tsMs: number[];
  values: number[];
}

/** A counted flow as drawn on the chart (§15.2). */
export interface ChartFlow {
  tsMs: number;
  amountUsd: number;
  kind: "deposit" | "withdrawal";
}

/**
 * Everything the chart needs for one asset (§15.1), built during the evaluation and cached
 * in the record so chart routes need no database query.
 */
export interface ChartData {
  asset: string;
  refMode: RefMode;
  windowStartMs: number | null;
  windowEndMs: number;
  /** Aggregate raw value V(s) (§5.5) over the plot range. */
  positions: Series;
  /** Corrected position C(s) over the window. */
  corrected: Series;
  /** Counted flows inside the window. */
  flows: ChartFlow[];
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
  startMs: number;
  endMs: number;
  binSeconds: number;
  /** Estimated number of V points over the plot range. */
  estimatedPoints: number;
}

/** Server-side bins of V: min/avg/max over [bucketMs, bucketMs + binSeconds). */
export interface ChartServerBins {
  binSeconds: number;
  bins: { bucketMs: number; min: number; avg: number; max: number; count: number }[];
}

/** Details kept beside a result that never leave the process over HTTP (§0.5). */
export interface AssetDetail {
  /** Full wallet addresses, parallel to `result.wallets`. */
  walletAddresses: string[];
  chart: ChartData | null;
  t0Ms: number | null;
  t1Ms: number | null;
}

/** One immutable evaluation record (§11.1). */
export interface EvaluationRecord {
  evaluation_id: number;
  /** ISO 8601. */
  started_at: string;
  /** ISO 8601. */
  finished_at: string;
  duration_ms: number;
  results: AssetResult[];
  /** Parallel to `results`. */
  details: AssetDetail[];
}
