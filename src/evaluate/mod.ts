/**
 * Pure evaluation maths (SPEC §4–§9): reference selection, flow attribution, corrected gains,
 * aggregate, residual gate, decision, price comparison and numerical primitives. No IO, no
 * clock: everything takes data and returns data.
 *
 * @example
 * ```ts
 * import { computeWalletGains, aggregateGains } from "./mod.ts";
 * const h = 3_600_000;
 * const w = computeWalletGains({ address: "a", snapshotsTsMs: [h, 2 * h], values: [10, 12],
 *   flows: [], method: "none" });
 * aggregateGains([w]).g; // 2
 * ```
 *
 * @module
 */

export { mean, median, populationStd } from "./stats.ts";
export { quantileLinear, quantileSorted } from "./quantile.ts";
export {
  evaluatePolynomial,
  fitPolynomial,
  type PolynomialModel,
  polynomialModel,
} from "./polyfit.ts";
export { type SmoothOptions, smoothSeries } from "./smoothing.ts";
export { gaussianKde, kdeDensityAt, type KdeOptions, type KdeResult } from "./kde.ts";
export { lttb, lttbIndices } from "./lttb.ts";
export { dutyCycle } from "./duty_cycle.ts";
export { type AlignmentMethod, compareFlows, type Flow } from "./flow.ts";
export { attributeFlows, type Attribution } from "./alignment.ts";
export { detectSpikeIndex } from "./spike.ts";
export { computeWalletGains, type WalletGains, type WalletGainsInput } from "./gains.ts";
export { type AggregateGains, aggregateGains, sortWalletsByAddress } from "./aggregate.ts";
export {
  evaluateGate,
  type EvaluateGateOptions,
  type GateEvaluation,
  gateMinPoints,
  type GateSeries,
  gateUnits,
  notApplicableGate,
} from "./gate.ts";
export { changeRatePerHour, gateSeriesForBasis } from "./gate_series.ts";
export { gatePriceFallsBack, gatePriceProvider } from "./gate_price_provider.ts";
export { conversionPrice, flowUsd } from "./conversion_price.ts";
export { type GateApplicabilityContext, isGateApplicable } from "./gate_applicability.ts";
export {
  type AssetDecision,
  decideAsset,
  type DecideAssetInput,
  type DecisionWallet,
  emptyAssetListResult,
  errorResult,
  type ErrorResultOptions,
  REASONS,
} from "./decision.ts";
export { formatSummaryLine } from "./summary.ts";
export {
  excludeReferences,
  pickReference,
  type ReferenceCandidate,
  type ReferencePick,
  type ResolvedReference,
  resolveReference,
  type ResolveReferenceInput,
} from "./reference.ts";
export { comparePrices, type LogicalPrice, type PriceCompareSettings } from "./price_compare.ts";
export type { GateSettings } from "../config/types_gen.ts";
export type {
  AssetDetail,
  AssetResult,
  ChartData,
  ChartFlow,
  ChartServerBins,
  ChartServerDownsample,
  DecisionCode,
  DecisionLabel,
  GateBasis,
  GateResult,
  GateStatus,
  GateUnits,
  PriceCompareResult,
  PriceObservation,
  RefMode,
  Series,
  WalletResult,
} from "./types.ts";
