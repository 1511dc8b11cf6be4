/**
 * Evaluation of one asset (SPEC §3–§8): reads the asset's tables through the Greptime client,
 * then hands the data to the pure functions of `src/evaluate/`. Every failure is scoped to the
 * asset (§7.4): it becomes an ERROR result, never an exception.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import { effectiveGate, gateWhitelisted } from "../config/effective.ts";
import { parseConfigDateTime } from "../config/datetime.ts";
import type { GreptimeClient } from "../greptime/types.ts";
import { GreptimeQueryError } from "../greptime/errors.ts";
import { sqlIdent } from "../greptime/sql.ts";
import {
  aggregateGains,
  computeWalletGains,
  decideAsset,
  errorResult,
  evaluateGate,
  excludeReferences,
  isGateApplicable,
  notApplicableGate,
  pickReference,
  resolveReference,
  type WalletGains,
} from "../evaluate/mod.ts";
import type { AssetDetail, AssetResult, RefMode } from "../evaluate/types.ts";
import { readEarliestPositionTs, readPositions } from "../data/positions.ts";
import type { PositionData } from "../data/positions.ts";
import { readTransactions } from "../data/transactions.ts";
import { convertFlows } from "../data/conversion.ts";
import { createPriceContext, type PriceContext } from "../prices/context.ts";
import { type Logger, silentLogger } from "../log.ts";
import { abbreviateAddress } from "../format.ts";
import { comparePricesFor, runGate } from "./asset_checks.ts";
import { buildChartData } from "./asset_chart.ts";

/** Collaborators of an evaluation. */
export interface EvaluationDeps {
  /** Validated configuration. */
  config: Config;
  /** GreptimeDB client the position and transaction tables are read with. */
  greptime: GreptimeClient;
  /** Receives ERROR/WARNING lines about the asset; silent when absent. */
  logger?: Logger;
  /** Wall clock for durations (epoch ms); defaults to `Date.now`. */
  clock?: () => number;
}

/** Options of {@link evaluateAsset}. */
export interface EvaluateAssetOptions {
  /** Evaluation time (epoch ms); the window ends at min(date_range.end, now). */
  now: number;
  /** Aborts the asset's queries; the result is then an ERROR. */
  signal?: AbortSignal;
  /**
   * Per-evaluation price context (§8.4 cache). Without it one is created for this asset from
   * `deps` (Greptime providers only), so the `price_usd` gate basis (§6.2) and the price
   * comparison (§8.3) behave the same whether or not the caller supplies a context.
   */
  priceContext?: PriceContext;
  /** Consecutive mismatches before this evaluation (§8.3), default 0. */
  previousMismatches?: number;
}

/** A result with its in-process details and the new mismatch counter. */
export interface AssetEvaluation {
  result: AssetResult;
  detail: AssetDetail;
  /** Mismatch counter after this evaluation; null leaves the counter unchanged (ERROR). */
  mismatches: number | null;
}

/** Table names of an asset (§3.1, §3.2); validated identifiers (§10.7). */
export function assetTables(
  config: Config,
  asset: string,
): { positions: string; deposits: string; withdrawals: string } {
  const src = config.data.datasets.transactions.sources.liqwid;
  return {
    positions: sqlIdent(src.table_asset_prefix + asset),
    deposits: sqlIdent(src.deposits_prefix + asset),
    withdrawals: sqlIdent(src.withdrawals_prefix + asset),
  };
}

/** Turns a failure into the `<detail>` of `error: <detail>` (§7.2 row 1, §23.13). */
export function errorDetail(err: unknown, table: string, database: string): string {
  if (err instanceof GreptimeQueryError) {
    if (err.isTableNotFound) return `table not found: ${table}`;
    if (err.isDatabaseNotFound) return `database not found: ${database}`;
  }
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * Evaluates one asset and returns its {@link AssetResult} (§19). Use
 * {@link evaluateAssetDetailed} for the chart data and full addresses as well.
 *
 * @example
 * ```ts ignore
 * const result = await evaluateAsset({ config, greptime }, "djed", { now: Date.now() });
 * console.log(result.decision, result.reason);
 * ```
 */
export async function evaluateAsset(
  deps: EvaluationDeps,
  asset: string,
  opts: EvaluateAssetOptions,
): Promise<AssetResult> {
  return (await evaluateAssetDetailed(deps, asset, opts)).result;
}

/** Evaluates one asset; never throws (ERROR results instead). */
export async function evaluateAssetDetailed(
  deps: EvaluationDeps,
  asset: string,
  opts: EvaluateAssetOptions,
): Promise<AssetEvaluation> {
  const clock = deps.clock ?? Date.now;
  const started = clock();
  const { config } = deps;
  const alternateName = config.domain.alternate_names[asset] ?? "";
  const tables = assetTables(config, asset);
  let refMode: RefMode = "unknown";
  let t0Ms: number | null = null;
  let endMs = opts.now;
  let currentTable = tables.withdrawals;
  try {
    const tz = config.settings.timezone;
    const range = config.data.date_range;
    const rangeEnd = range.end === null ? null : parseConfigDateTime(range.end, tz);
    const rangeStart = range.start === null ? null : parseConfigDateTime(range.start, tz);
    endMs = rangeEnd === null ? opts.now : Math.min(rangeEnd, opts.now);
    const priceContext = opts.priceContext ?? createPriceContext({
      config,
      greptime: deps.greptime,
      logger: deps.logger,
    }, { now: opts.now, signal: opts.signal });
    return await evaluateWindow({
      deps,
      asset,
      opts: { ...opts, priceContext },
      priceContext,
      tables,
      alternateName,
      endMs,
      rangeStart,
      started,
      setState: (s) => {
        if (s.refMode !== undefined) refMode = s.refMode;
        if (s.t0Ms !== undefined) t0Ms = s.t0Ms;
        if (s.table !== undefined) currentTable = s.table;
      },
    });
  } catch (err) {
    const detail = errorDetail(err, currentTable, config.data.databases.greptime.database);
    (deps.logger ?? silentLogger).error(`${asset}: ${detail}`);
    const result = errorResult(asset, detail, {
      alternateName,
      refMode,
      t0Ms,
      windowEndMs: endMs,
      durationMs: clock() - started,
    });
    return {
      result,
      detail: { walletAddresses: [], chart: null, t0Ms, t1Ms: null },
      mismatches: null,
    };
  }
}

interface WindowInput {
  deps: EvaluationDeps;
  asset: string;
  opts: EvaluateAssetOptions;
  /** The caller's price context, or one made for this asset. */
  priceContext: PriceContext;
  tables: ReturnType<typeof assetTables>;
  alternateName: string;
  endMs: number;
  rangeStart: number | null;
  started: number;
  setState(s: { refMode?: RefMode; t0Ms?: number | null; table?: string }): void;
}

async function evaluateWindow(input: WindowInput): Promise<AssetEvaluation> {
  const { deps, asset, opts, tables, endMs, rangeStart } = input;
  const { config, greptime } = deps;
  const signal = opts.signal;
  const memoColumn = config.data.datasets.transactions.memo_column;
  const method = config.data.datasets.transactions.alignment_method;
  const warnings: string[] = [];

  // §4.1 reference search over R = [start or −∞, E].
  input.setState({ table: tables.withdrawals });
  const withdrawalsR = await readTransactions(greptime, tables.withdrawals, "withdrawal", {
    startMs: rangeStart,
    endMs,
  }, { memoColumn, signal });
  if (withdrawalsR.missing) {
    warnings.push(`table not found: ${tables.withdrawals} (no withdrawals)`);
  }
  if (withdrawalsR.skipped > 0) {
    warnings.push(`rows skipped: invalid withdrawal (${withdrawalsR.skipped})`);
  }
  const keyword = config.analysis.decision.reference.keyword;
  const pick = pickReference(withdrawalsR.rows, keyword);
  const fallback = config.analysis.decision.reference.fallback;
  let earliest: number | null = null;
  input.setState({ table: tables.positions });
  if (pick.t0Ms === null && fallback === "data_range" && rangeStart === null) {
    earliest = await readEarliestPositionTs(greptime, tables.positions, endMs, { signal });
  }
  const ref = resolveReference({
    keywordT0Ms: pick.t0Ms,
    fallback,
    dateRangeStartMs: rangeStart,
    earliestPositionMs: earliest,
  });
  input.setState({ refMode: ref.refMode, t0Ms: ref.t0Ms });

  const gateSettings = effectiveGate(config, asset);
  const applicable = isGateApplicable(gateSettings, {
    whitelisted: gateWhitelisted(config, asset),
    refMode: ref.refMode,
  });
  const decideBase = {
    asset,
    alternateName: input.alternateName,
    refMode: ref.refMode,
    windowEndMs: endMs,
    safetyFactor: config.analysis.decision.safety_factor.c,
  };

  if (ref.t0Ms === null) {
    // ref_mode null, or data_range over an empty table: nothing to read (§4.3).
    const price = await comparePricesFor(config, asset, opts, warnings);
    const decided = decideAsset({
      ...decideBase,
      t0Ms: null,
      wallets: [],
      gate: applicable
        ? evaluateGate({ tsMs: [], values: [] }, gateSettings, { applicable }).result
        : notApplicableGate(gateSettings),
      priceCompare: price.result,
      priceT1Usd: null,
      warnings,
      durationMs: (deps.clock ?? Date.now)() - input.started,
    });
    return {
      result: decided.result,
      detail: { walletAddresses: decided.walletAddresses, chart: null, t0Ms: null, t1Ms: null },
      mismatches: price.mismatches,
    };
  }
  const t0Ms = ref.t0Ms;
  const rightOpen = method === "right_open";

  // §3.4.2 window reads.
  const positions = await readPositions(greptime, tables.positions, {
    startMs: t0Ms,
    endMs,
    startExclusive: rightOpen,
  }, { signal });
  if (positions.skippedNoUsd > 0) {
    warnings.push(`rows skipped: no USD value (${positions.skippedNoUsd})`);
  }
  if (positions.skippedNoWallet > 0) {
    warnings.push(`rows skipped: no wallet address (${positions.skippedNoWallet})`);
  }
  input.setState({ table: tables.deposits });
  const deposits = await readTransactions(greptime, tables.deposits, "deposit", {
    startMs: t0Ms,
    endMs,
  }, { memoColumn, signal });
  if (deposits.missing) warnings.push(`table not found: ${tables.deposits} (no deposits)`);
  if (deposits.skipped > 0) warnings.push(`rows skipped: invalid deposit (${deposits.skipped})`);
  const windowWithdrawals = excludeReferences(withdrawalsR.rows, pick.references)
    .filter((w) => w.tsMs >= t0Ms);
  const txs = [...deposits.rows, ...windowWithdrawals];

  // §3.3 conversion (only when some transaction needs it).
  input.setState({ table: tables.positions });
  const flowsByWallet = await convertFlows(greptime, tables.positions, positions.prices, txs, {
    t0Ms,
    rightOpen,
    signal,
  });

  // §5 wallet gains in ascending address order.
  const addresses = [...positions.wallets.keys()].sort();
  const wallets: WalletGains[] = [];
  for (const address of addresses) {
    const snaps = positions.wallets.get(address)!;
    wallets.push(computeWalletGains({
      address,
      snapshotsTsMs: snaps.tsMs,
      values: snaps.values,
      flows: flowsByWallet.get(address) ?? [],
      method,
    }));
    flowsByWallet.delete(address);
  }
  for (const [address, flows] of flowsByWallet) {
    warnings.push(
      `flows ignored for wallet without snapshots: ${abbreviateAddress(address)} (${flows.length})`,
    );
  }
  const aggregate = aggregateGains(wallets);

  // §6 gate.
  const gate = await runGate(asset, {
    applicable,
    settings: gateSettings,
    aggregate,
    t0Ms,
    endMs,
    priceContext: input.priceContext,
    warnings,
  });
  const price = await comparePricesFor(config, asset, opts, warnings);
  const t1Ms = aggregate.t1Ms;
  const priceT1 = t1Ms === null ? null : exactPriceAt(positions, t1Ms);
  const decided = decideAsset({
    ...decideBase,
    marketId: positions.marketId,
    t0Ms,
    wallets,
    gate: gate.result,
    priceCompare: price.result,
    priceT1Usd: priceT1,
    warnings,
    durationMs: (deps.clock ?? Date.now)() - input.started,
  });
  const chart = await buildChartData(deps, {
    asset,
    refMode: ref.refMode,
    t0Ms,
    endMs,
    aggregate,
    wallets,
    gate: decided.result.gate,
    residuals: gate.residuals,
    gatePriceSeries: gate.priceSeries,
  }, { table: tables.positions, rightOpen, signal });
  return {
    result: decided.result,
    detail: { walletAddresses: decided.walletAddresses, chart, t0Ms, t1Ms },
    // §23.15: an ERROR (e.g. non-finite gains found by the decision) leaves the counter as is.
    mismatches: decided.result.decision === -1 ? null : price.mismatches,
  };
}

function exactPriceAt(positions: PositionData, tsMs: number): number | null {
  const i = positions.prices.tsMs.lastIndexOf(tsMs);
  return i < 0 ? null : positions.prices.values[i];
}
