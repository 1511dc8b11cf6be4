/**
 * One evaluation run (SPEC §11.1): every configured asset, at most 4 at a time, results in
 * config order, price-comparison persistence committed only when the run completes, one
 * immutable record.
 *
 * @module
 */
import { emptyAssetListResult } from "../evaluate/mod.ts";
import type { AssetDetail, AssetResult, EvaluationRecord } from "../evaluate/types.ts";
import { createPriceContext, type PriceContext, type PriceDeps } from "../prices/context.ts";
import { evaluateAssetDetailed, type EvaluationDeps } from "./evaluate_asset.ts";

/** Maximum number of assets evaluated concurrently (§11.1). */
export const MAX_CONCURRENT_ASSETS = 4;

/** Collaborators of a run: evaluation deps plus the external price clients. */
export interface RunDeps extends EvaluationDeps {
  /** Liqwid / Minswap clients and token registry for price providers (§8). */
  prices?: Omit<PriceDeps, "config" | "greptime" | "logger">;
  /** Per-asset consecutive price mismatches (§8.3), kept in process memory across runs. */
  mismatchState?: Map<string, number>;
}

/** Options of {@link runEvaluation}. */
export interface RunOptions {
  /** Evaluation time (epoch ms). */
  now: number;
  /** Aborts the run (evaluation timeout, shutdown); pending queries reject. */
  signal?: AbortSignal;
  /** Record id (§11.1); default 1. */
  evaluationId?: number;
}

function needsPriceContext(deps: RunDeps): boolean {
  const c = deps.config;
  if (c.analysis.price_compare.enabled) return true;
  if (c.analysis.decision.gate.basis === "price_usd") return true;
  return Object.values(c.analysis.decision.gate.per_asset).some((g) => g.basis === "price_usd");
}

/**
 * Runs one evaluation over all configured assets and returns the record. Never throws for an
 * asset's failure (that asset is ERROR); rejects only when `signal` aborts.
 *
 * @example
 * ```ts ignore
 * const record = await runEvaluation({ config, greptime }, { now: Date.now() });
 * for (const r of record.results) console.log(formatSummaryLine(r));
 * ```
 */
export async function runEvaluation(deps: RunDeps, opts: RunOptions): Promise<EvaluationRecord> {
  const clock = deps.clock ?? Date.now;
  const startedMs = clock();
  const assets = deps.config.domain.assets;
  const results: AssetResult[] = new Array(assets.length);
  const details: AssetDetail[] = new Array(assets.length);
  const mismatches: (number | null)[] = new Array(assets.length).fill(null);
  const record = (results: AssetResult[], details: AssetDetail[]): EvaluationRecord => {
    const finishedMs = clock();
    return freeze({
      evaluation_id: opts.evaluationId ?? 1,
      started_at: new Date(startedMs).toISOString(),
      finished_at: new Date(finishedMs).toISOString(),
      duration_ms: finishedMs - startedMs,
      results,
      details,
    });
  };
  if (assets.length === 0) {
    return record([emptyAssetListResult({ durationMs: 0 })], [
      { walletAddresses: [], chart: null, t0Ms: null, t1Ms: null },
    ]);
  }
  const priceContext: PriceContext | undefined = needsPriceContext(deps)
    ? createPriceContext({
      config: deps.config,
      greptime: deps.greptime,
      logger: deps.logger,
      ...deps.prices,
    }, { now: opts.now, signal: opts.signal })
    : undefined;
  const state = deps.mismatchState;
  let next = 0;
  const worker = async () => {
    while (next < assets.length) {
      const i = next++;
      opts.signal?.throwIfAborted();
      const out = await evaluateAssetDetailed(deps, assets[i], {
        now: opts.now,
        signal: opts.signal,
        priceContext,
        previousMismatches: state?.get(assets[i]) ?? 0,
      });
      results[i] = out.result;
      details[i] = out.detail;
      mismatches[i] = out.mismatches;
    }
  };
  const workers = Math.min(MAX_CONCURRENT_ASSETS, assets.length);
  await Promise.all(Array.from({ length: workers }, worker));
  opts.signal?.throwIfAborted();
  // §8.3 persistence, applied in asset order once the run is complete (an ERROR leaves it).
  if (state) {
    assets.forEach((asset, i) => {
      const m = mismatches[i];
      if (m !== null) state.set(asset, m);
    });
  }
  return record(results, details);
}

function freeze(record: EvaluationRecord): EvaluationRecord {
  Object.freeze(record.results);
  Object.freeze(record.details);
  record.results.forEach((r) => Object.freeze(r));
  return Object.freeze(record);
}
