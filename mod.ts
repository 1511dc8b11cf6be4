/**
 * Alert Orchestrator: the Web-only core (SPEC §19). Configuration, GreptimeDB access,
 * evaluation maths, price clients and SVG charts, using only Web APIs (fetch, URL,
 * AbortSignal, WebCrypto), so it runs in Deno, browsers and edge runtimes.
 *
 * Heavier or runtime-specific parts sit behind subpath exports: `./server` (Hono service),
 * `./metrics` (prom-client), `./png` (resvg), `./sync`, `./demo` (SQLite demo database) and
 * `./cli`.
 *
 * @example
 * ```ts ignore
 * import { createGreptimeClient, formatSummaryLine, parseConfig, runEvaluation } from "./mod.ts";
 *
 * const { config } = parseConfig(await Deno.readTextFile("config/orchestrator_config.yaml"));
 * const greptime = createGreptimeClient({
 *   url: `${config.data.databases.greptime.host}:${config.data.databases.greptime.port}`,
 *   database: config.data.databases.greptime.database,
 * });
 * const record = await runEvaluation({ config, greptime }, { now: Date.now() });
 * for (const result of record.results) console.log(formatSummaryLine(result));
 * ```
 *
 * @module
 */

// Configuration (§2).
export {
  ConfigError,
  normalizedConfigJson,
  parseConfig,
  parseTokenRegistry,
} from "./src/config/mod.ts";
export { EXPOSE_DEFAULTS } from "./src/config/mod.ts";
export type {
  Config,
  ConfigProblem,
  ExposeKey,
  GateSettings,
  NormalizedMeta,
  ParseConfigOptions,
  ParsedConfig,
  TokenRegistry,
  TokenRegistryEntry,
  TrendSettings,
} from "./src/config/mod.ts";

// Evaluation (§4–§9).
export {
  aggregateGains,
  attributeFlows,
  computeWalletGains,
  decideAsset,
  dutyCycle,
  evaluateGate,
  fitPolynomial,
  formatSummaryLine,
  gaussianKde,
  lttb,
  median,
  populationStd,
  quantileLinear,
  smoothSeries,
} from "./src/evaluate/mod.ts";
export type {
  AggregateGains,
  AlignmentMethod,
  AssetDecision,
  AssetDetail,
  AssetResult,
  Attribution,
  ChartData,
  ChartFlow,
  ChartServerBins,
  ChartServerDownsample,
  DecideAssetInput,
  DecisionCode,
  DecisionLabel,
  DecisionWallet,
  EvaluateGateOptions,
  Flow,
  GateBasis,
  GateEvaluation,
  GateResult,
  GateSeries,
  GateStatus,
  GateUnits,
  KdeOptions,
  KdeResult,
  PriceCompareResult,
  PriceObservation,
  RefMode,
  Series,
  SmoothOptions,
  WalletGains,
  WalletGainsInput,
  WalletResult,
} from "./src/evaluate/mod.ts";
export type { EvaluationRecord } from "./src/evaluate/types.ts";
export { evaluateAsset } from "./src/jobs/evaluate_asset.ts";
export type { EvaluateAssetOptions, EvaluationDeps } from "./src/jobs/evaluate_asset.ts";
export { runEvaluation } from "./src/jobs/evaluation.ts";
export type { RunDeps, RunOptions } from "./src/jobs/evaluation.ts";
export { createRuntime } from "./src/jobs/runtime.ts";
export type { Runtime, RuntimeOptions } from "./src/jobs/runtime.ts";

// GreptimeDB (§10).
export {
  createGreptimeClient,
  GreptimeHttpError,
  GreptimeNetworkError,
  GreptimeQueryError,
  GreptimeTimeoutError,
  sqlIdent,
  sqlString,
} from "./src/greptime/mod.ts";
export type {
  Cell,
  ColumnSchema,
  GreptimeClient,
  GreptimeClientOptions,
  QueryOptions,
  QueryResult,
} from "./src/greptime/mod.ts";

// Prices (§8).
export { createLiqwidClient } from "./src/prices/liqwid.ts";
export { createMinswapClient } from "./src/prices/minswap.ts";
export type {
  GreptimeProvider,
  LiqwidClient,
  LiqwidClientOptions,
  LiqwidMarket,
  LiqwidTransactionsPage,
  MinswapClient,
  MinswapClientOptions,
  PriceContext,
  PriceDeps,
  PriceSeries,
} from "./src/prices/mod.ts";

// Charts (§15).
export { renderCompositeSvg } from "./src/chart/mod.ts";
export type {
  AggregationOptions,
  CompositeOptions,
  LookbackOverride,
  ServerBin,
  ServerBins,
  TimeUnit,
} from "./src/chart/mod.ts";

// Formatting (§0.5, §9.9).
export { abbreviateAddress } from "./src/format.ts";

// Logging (§17.3).
export type { Logger, LogLevel } from "./src/log.ts";
