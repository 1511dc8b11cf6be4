/**
 * Prometheus metrics built from evaluation records (SPEC §12), on a dedicated prom-client
 * `Registry`. Publishing resets every per-asset gauge and re-sets it from the record in one
 * synchronous step (§12.3), so label sets of removed assets disappear.
 *
 * @module
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { AssetResult, EvaluationRecord } from "../evaluate/types.ts";
import type { ExposeKey } from "../config/mod.ts";

/** prom-client's `Registry`: create the dedicated registry of §12.1 with `new Registry()`. */
export { Registry };
export type { ExposeKey } from "../config/mod.ts";

/** Outcome label of `greptime_query_duration_seconds`. */
export type QueryOutcome = "ok" | "error";

/** Options of {@link createMetrics}. */
export interface MetricsOptions {
  /** Metric name prefix (`runtime.telemetry.metric_prefix`), e.g. `wo_`. */
  prefix: string;
  /** Expose toggles (`runtime.telemetry.expose`). */
  expose: Record<ExposeKey, boolean>;
  /** Program version for `build_info` (default `unknown`). */
  version?: string;
  /** Deno version for `build_info` (default `unknown`). */
  denoVersion?: string;
  /** Register prom-client default process metrics (`telemetry.default_metrics`). */
  defaultMetrics?: boolean;
}

/** Records evaluation outcomes into a registry. */
export interface MetricsRecorder {
  /** The registry the metrics live in. */
  readonly registry: Registry;
  /** Replaces every per-asset series with the values of `record` (§12.3). */
  publish(record: EvaluationRecord): void;
  /** Observes one GreptimeDB query duration. */
  observeQuery(outcome: QueryOutcome, seconds: number): void;
  /** Increments `evaluation_errors_total{asset}` (`_all_` for timeouts/crashes). */
  evaluationError(asset: string): void;
  /** Observes one evaluation duration. */
  observeDuration(seconds: number): void;
  /**
   * The exposition text (`registry.metrics()`), rendered once per change: every mutation goes
   * through this recorder, so scrapes between changes reuse the text. With default process
   * metrics (which change on their own) it renders on every call.
   */
  text(): Promise<string>;
}

const ASSET_LABELS = ["asset", "alternate_asset_name", "ref_mode"] as const;
const PRICE_LABELS = ["asset", "alternate_asset_name"] as const;
const DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const QUERY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type AssetLabels = Record<typeof ASSET_LABELS[number], string>;
type AssetGauge = Gauge<typeof ASSET_LABELS[number]>;

/** A per-asset gauge and how to read its value from a result (null = absent). */
interface AssetSeries {
  gauge: AssetGauge;
  read: (r: AssetResult) => number | null;
}

function finite(v: number | null | undefined): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

function isoSeconds(iso: string | null): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms / 1000 : null;
}

function gateComputed(r: AssetResult): boolean {
  return r.gate.status === "ok" || r.gate.status === "triggered";
}

/** Per-asset gauges of §12.2: [name, expose key, help, reader]. */
const ASSET_GAUGES: [string, ExposeKey, string, (r: AssetResult) => number | null][] = [
  ["decision", "decision", "Decision: 1 WITHDRAW_OK, 0 HOLD, -1 ERROR", (r) => r.decision],
  ["wmax_usd", "wmax_usd", "Effective total W_max in USD", (r) => finite(r.wmax_usd)],
  [
    "wmax_computed_usd",
    "wmax_computed_usd",
    "Computed total W_max in USD (before hold)",
    (r) => finite(r.wmax_computed_usd),
  ],
  ["wallet_count", "wallet_count", "Evaluated wallets", (r) => r.wallet_count],
  ["v_ref_usd", "v_ref_usd", "Aggregate baseline value in USD", (r) => finite(r.v_ref_usd)],
  ["v_t1_usd", "v_t1_usd", "Aggregate latest value in USD", (r) => finite(r.v_t1_usd)],
  ["g_usd", "g_usd", "Corrected gains since t0 in USD", (r) => finite(r.g_usd)],
  ["price_t1_usd", "price_t1_usd", "Asset price at t1 in USD", (r) => finite(r.price_t1_usd)],
  ["t0_timestamp_seconds", "t0_timestamp_seconds", "Reference time t0", (r) => isoSeconds(r.t0)],
  [
    "t1_timestamp_seconds",
    "t1_timestamp_seconds",
    "Latest snapshot time t1",
    (r) => isoSeconds(r.t1),
  ],
  [
    "residual_usd",
    "residual_usd",
    "Gate residual at t1",
    (r) => gateComputed(r) ? finite(r.gate.residual) : null,
  ],
  ["sigma_usd", "sigma_usd", "Gate sigma", (r) => gateComputed(r) ? finite(r.gate.sigma) : null],
  ["k_sigma", "k_sigma", "Gate k", (r) => gateComputed(r) ? finite(r.gate.k_sigma) : null],
  [
    "residual_trigger",
    "residual_trigger",
    "Gate triggered (1) or not (0)",
    (r) => gateComputed(r) ? (r.gate.triggered ? 1 : 0) : null,
  ],
  [
    "residual_threshold_lower_usd",
    "residual_thresholds",
    "Gate lower threshold",
    (r) => gateComputed(r) ? finite(r.gate.threshold_lower) : null,
  ],
  [
    "residual_threshold_upper_usd",
    "residual_thresholds",
    "Gate upper threshold",
    (r) => gateComputed(r) ? finite(r.gate.threshold_upper) : null,
  ],
];

/** Price comparison gauges: [name, help, reader]. */
const PRICE_GAUGES: [ExposeKey, string, (r: AssetResult) => number | null][] = [
  [
    "price_delta_abs",
    "Absolute price delta between logical sources",
    (r) =>
      r.price_compare && !r.price_compare.unavailable ? finite(r.price_compare.delta_abs) : null,
  ],
  [
    "price_delta_rel",
    "Relative price delta between logical sources",
    (r) =>
      r.price_compare && !r.price_compare.unavailable ? finite(r.price_compare.delta_rel) : null,
  ],
  [
    "price_mismatch",
    "Price mismatch (1) or not (0)",
    (r) => r.price_compare ? (r.price_compare.mismatch ? 1 : 0) : null,
  ],
  [
    "price_compare_unavailable",
    "Fewer than two logical prices (1)",
    (r) => r.price_compare ? (r.price_compare.unavailable ? 1 : 0) : null,
  ],
  [
    "price_mismatch_consecutive",
    "Consecutive price mismatches",
    (r) => r.price_compare ? r.price_compare.consecutive_mismatches : null,
  ],
];

/**
 * Creates every metric of §12.2 on `registry` and returns a recorder. Metrics whose expose
 * key is false are never registered.
 *
 * @example
 * ```ts
 * import { createMetrics, Registry } from "./mod.ts";
 * import { EXPOSE_DEFAULTS } from "../config/schema.ts";
 * const registry = new Registry();
 * const metrics = createMetrics(registry, {
 *   prefix: "wo_",
 *   expose: { ...EXPOSE_DEFAULTS },
 *   version: "0.1.0",
 *   denoVersion: "2.9.6",
 * });
 * metrics.evaluationError("_all_");
 * const text = await registry.metrics();
 * console.assert(text.includes('wo_evaluation_errors_total{asset="_all_"} 1'));
 * ```
 */
export function createMetrics(registry: Registry, opts: MetricsOptions): MetricsRecorder {
  const p = opts.prefix;
  const ex = opts.expose;
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: p });

  const assetSeries: AssetSeries[] = [];
  for (const [name, key, help, read] of ASSET_GAUGES) {
    if (!ex[key]) continue;
    const gauge = new Gauge({
      name: p + name,
      help,
      labelNames: ASSET_LABELS,
      registers: [registry],
    });
    assetSeries.push({ gauge, read });
  }
  const priceSeries: { gauge: Gauge<typeof PRICE_LABELS[number]>; read: AssetSeries["read"] }[] =
    [];
  for (const [name, help, read] of PRICE_GAUGES) {
    if (!ex[name]) continue;
    const gauge = new Gauge({
      name: p + name,
      help,
      labelNames: PRICE_LABELS,
      registers: [registry],
    });
    priceSeries.push({ gauge, read });
  }
  const priceUsd = ex.price_usd
    ? new Gauge({
      name: p + "price_usd",
      help: "Observed price per provider in USD",
      labelNames: ["asset", "alternate_asset_name", "source"] as const,
      registers: [registry],
    })
    : null;
  const walletWmax = ex.wallet_wmax_usd
    ? new Gauge({
      name: p + "wallet_wmax_usd",
      help: "Effective per-wallet W_max in USD",
      labelNames: ["asset", "wallet"] as const,
      registers: [registry],
    })
    : null;
  const lastEval = new Gauge({
    name: p + "last_eval_timestamp_seconds",
    help: "Finish time of the published evaluation record",
    registers: [registry],
  });
  const op = ex.operational;
  const duration = op
    ? new Histogram({
      name: p + "evaluation_duration_seconds",
      help: "Evaluation duration",
      buckets: DURATION_BUCKETS,
      registers: [registry],
    })
    : null;
  const errors = op
    ? new Counter({
      name: p + "evaluation_errors_total",
      help: "Per-asset ERROR results, and _all_ for timeouts and crashes",
      labelNames: ["asset"] as const,
      registers: [registry],
    })
    : null;
  const query = op
    ? new Histogram({
      name: p + "greptime_query_duration_seconds",
      help: "GreptimeDB query duration",
      labelNames: ["outcome"] as const,
      buckets: QUERY_BUCKETS,
      registers: [registry],
    })
    : null;
  if (op) {
    new Gauge({
      name: p + "build_info",
      help: "Build information",
      labelNames: ["version", "deno"] as const,
      registers: [registry],
    }).set({ version: opts.version ?? "unknown", deno: opts.denoVersion ?? "unknown" }, 1);
  }

  function publish(record: EvaluationRecord): void {
    // One synchronous step: no scrape can observe a half-published record.
    for (const s of assetSeries) s.gauge.reset();
    for (const s of priceSeries) s.gauge.reset();
    priceUsd?.reset();
    walletWmax?.reset();
    for (const r of record.results) {
      if (r.decision === -1) errors?.inc({ asset: r.asset });
      if (r.asset === "_all_") continue;
      const labels: AssetLabels = {
        asset: r.asset,
        alternate_asset_name: r.alternate_asset_name,
        ref_mode: r.ref_mode,
      };
      for (const s of assetSeries) {
        const v = s.read(r);
        if (v !== null && Number.isFinite(v)) s.gauge.set(labels, v);
      }
      const priceLabels = { asset: r.asset, alternate_asset_name: r.alternate_asset_name };
      for (const s of priceSeries) {
        const v = s.read(r);
        if (v !== null && Number.isFinite(v)) s.gauge.set(priceLabels, v);
      }
      for (const o of r.price_compare?.observations ?? []) {
        if (Number.isFinite(o.price_usd)) {
          priceUsd?.set({ ...priceLabels, source: o.provider }, o.price_usd);
        }
      }
      for (const w of r.wallets) {
        if (Number.isFinite(w.wmax_usd)) {
          walletWmax?.set({ asset: r.asset, wallet: w.wallet }, w.wmax_usd);
        }
      }
    }
    const finished = isoSeconds(record.finished_at);
    if (finished !== null) lastEval.set(finished);
  }

  let version = 0;
  let cached: { version: number; text: Promise<string> } | null = null;
  const changed = () => void version++;
  return {
    registry,
    publish(record: EvaluationRecord): void {
      publish(record);
      changed();
    },
    observeQuery(outcome: QueryOutcome, seconds: number): void {
      if (Number.isFinite(seconds)) query?.observe({ outcome }, seconds);
      changed();
    },
    evaluationError(asset: string): void {
      errors?.inc({ asset });
      changed();
    },
    observeDuration(seconds: number): void {
      if (Number.isFinite(seconds)) duration?.observe(seconds);
      changed();
    },
    text(): Promise<string> {
      if (opts.defaultMetrics) return registry.metrics();
      if (cached === null || cached.version !== version) {
        const text = registry.metrics();
        cached = { version, text };
        // A failed render is not kept.
        text.catch(() => {
          if (cached?.text === text) cached = null;
        });
      }
      return cached.text;
    },
  };
}
