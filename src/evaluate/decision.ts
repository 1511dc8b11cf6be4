/**
 * Decision (SPEC §7): W_max, the precedence table §7.2 and the full `AssetResult` (§7.3).
 *
 * @module
 */

import { abbreviateAddress } from "../format.ts";
import { sortWalletsByAddress } from "./aggregate.ts";
import { CLEARED_GATE_FIELDS } from "./gate.ts";
import type { WalletGains } from "./gains.ts";
import type {
  AssetResult,
  DecisionCode,
  DecisionLabel,
  GateResult,
  PriceCompareResult,
  RefMode,
  WalletResult,
} from "./types.ts";

/** Reason strings of §7.2, rows 2–9 (row 1 is `error: <detail>`, row 10 is null). */
export const REASONS: {
  readonly noReference: "no reference withdrawal";
  readonly noData: "no wallets/data";
  readonly gateInsufficient: "gate: insufficient data";
  readonly gateDegenerate: "gate: degenerate sigma";
  readonly gateTriggered: "residual gate triggered";
  readonly priceMismatch: "price mismatch";
  readonly nonPositive: "non-positive gains since t0 (clamped)";
  readonly allClamped: "all wallets clamped to 0";
} = {
  noReference: "no reference withdrawal",
  noData: "no wallets/data",
  gateInsufficient: "gate: insufficient data",
  gateDegenerate: "gate: degenerate sigma",
  gateTriggered: "residual gate triggered",
  priceMismatch: "price mismatch",
  nonPositive: "non-positive gains since t0 (clamped)",
  allClamped: "all wallets clamped to 0",
};

/** The wallet fields the decision needs (a {@link WalletGains} fits). */
export type DecisionWallet = Pick<
  WalletGains,
  "address" | "tsMs" | "g" | "v_ref" | "v_t1" | "counted" | "absorbed" | "deferred"
>;

/** Input of {@link decideAsset}. */
export interface DecideAssetInput {
  /** Configured asset name. */
  asset: string;
  /** "" when none. */
  alternateName?: string;
  /** Informational market id (§3.1.4), or null. */
  marketId?: string | null;
  /** How t0 was found (§4). */
  refMode: RefMode;
  /** t0 (epoch ms); null with ref_mode null. */
  t0Ms: number | null;
  /** Window end E (epoch ms). */
  windowEndMs: number | null;
  /** Safety factor c (§7.1). */
  safetyFactor: number;
  /** Evaluated wallets (those with ≥ 1 snapshot in the window), any order. */
  wallets: readonly DecisionWallet[];
  /** Gate outcome (use `notApplicableGate(settings)` when the gate did not run). */
  gate: GateResult;
  /** Price comparison outcome (§8.3), or null when disabled. */
  priceCompare: PriceCompareResult | null;
  /** Asset price at t1 (§5.5), or null. */
  priceT1Usd: number | null;
  /** Data or compute failure detail (row 1); the reason becomes `error: <detail>`. */
  error?: string | null;
  /** Warnings collected for this asset. */
  warnings?: readonly string[];
  /** Time spent evaluating the asset, ms. */
  durationMs: number;
}

/** Outcome of {@link decideAsset}. */
export interface AssetDecision {
  /** The per-asset result (§7.3). */
  result: AssetResult;
  /** Full addresses parallel to `result.wallets` (never leave the process, §0.5). */
  walletAddresses: string[];
}

const LABELS: Record<DecisionCode, DecisionLabel> = {
  1: "WITHDRAW_OK",
  0: "HOLD",
  [-1]: "ERROR",
};

const DEFAULT_GATE: GateResult = {
  applicable: false,
  status: "not_applicable",
  basis: "corrected_position",
  method: "polynomial_fit",
  threshold_mode: "stddev",
  sides: "both",
  polynomial_order: 2,
  k_sigma: 2,
  lookback_hours: null,
  ...CLEARED_GATE_FIELDS,
  units: "usd",
};

function finiteOrNull(v: number | null | undefined): number | null {
  return v !== null && v !== undefined && Number.isFinite(v) ? v : null;
}

function finiteOr0(v: number): number {
  return Number.isFinite(v) ? v : 0;
}

function iso(ms: number | null | undefined): string | null {
  return ms !== null && ms !== undefined && Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

function cleanGate(gate: GateResult): GateResult {
  return {
    ...gate,
    residual: finiteOrNull(gate.residual),
    sigma: finiteOrNull(gate.sigma),
    threshold_lower: finiteOrNull(gate.threshold_lower),
    threshold_upper: finiteOrNull(gate.threshold_upper),
  };
}

function notApplicable(gate: GateResult): GateResult {
  return { ...gate, applicable: false, status: "not_applicable", ...CLEARED_GATE_FIELDS };
}

/** Options of {@link errorResult}. */
export interface ErrorResultOptions {
  /** Alternate asset name ("" when none). */
  alternateName?: string;
  /** Informational market id (§3.1.4), or null. */
  marketId?: string | null;
  /** Known ref_mode; default `unknown` (error before t0 was known). */
  refMode?: RefMode;
  /** t0 when known (epoch ms). */
  t0Ms?: number | null;
  /** Window end E (epoch ms) when known. */
  windowEndMs?: number | null;
  /** Gate fields to report; default: not applicable with default settings. */
  gate?: GateResult;
  /** Warnings collected for this asset. */
  warnings?: readonly string[];
  /** Time spent, ms. */
  durationMs?: number;
}

/**
 * An ERROR result (§7.2 row 1, §7.4): decision −1, reason `error: <detail>`, nothing computed
 * (numbers null, W 0, no wallets, no price comparison).
 *
 * @example
 * ```ts
 * import { errorResult } from "./decision.ts";
 * errorResult("djed", "table not found: liqwid_supply_positions_djed").reason;
 * // "error: table not found: liqwid_supply_positions_djed"
 * ```
 */
export function errorResult(
  asset: string,
  detail: string,
  opts: ErrorResultOptions = {},
): AssetResult {
  return {
    asset,
    alternate_asset_name: opts.alternateName ?? "",
    market_id: opts.marketId ?? null,
    decision: -1,
    decision_label: "ERROR",
    reason: `error: ${detail}`,
    ref_mode: opts.refMode ?? "unknown",
    t0: iso(opts.t0Ms),
    t1: null,
    window: { start: iso(opts.t0Ms), end: iso(opts.windowEndMs) },
    v_ref_usd: null,
    v_t1_usd: null,
    g_usd: null,
    price_t1_usd: null,
    wmax_usd: 0,
    wmax_computed_usd: 0,
    wallet_count: 0,
    wallets: [],
    gate: cleanGate(opts.gate ?? DEFAULT_GATE),
    price_compare: null,
    warnings: [...(opts.warnings ?? [])],
    duration_ms: finiteOr0(opts.durationMs ?? 0),
  };
}

/**
 * The single `_all_` result of an empty asset list (§7.5): decision −1, reason
 * `assets list is empty`.
 *
 * @example
 * ```ts
 * import { emptyAssetListResult } from "./decision.ts";
 * emptyAssetListResult().reason; // "assets list is empty"
 * ```
 */
export function emptyAssetListResult(opts: { durationMs?: number } = {}): AssetResult {
  return {
    ...errorResult("_all_", "", { durationMs: opts.durationMs }),
    reason: "assets list is empty",
  };
}

function pickRow(
  input: DecideAssetInput,
  total: number,
  g: number,
): { decision: DecisionCode; reason: string | null } {
  const gate = input.gate;
  if (input.refMode === "null") return { decision: 0, reason: REASONS.noReference };
  if (input.wallets.length === 0) return { decision: 0, reason: REASONS.noData };
  if (gate.applicable && gate.status === "insufficient_data") {
    return { decision: 0, reason: REASONS.gateInsufficient };
  }
  if (gate.applicable && gate.status === "degenerate_sigma") {
    return { decision: 0, reason: REASONS.gateDegenerate };
  }
  if (gate.applicable && gate.triggered) return { decision: 0, reason: REASONS.gateTriggered };
  if (input.priceCompare?.held) return { decision: 0, reason: REASONS.priceMismatch };
  if (total === 0 && g <= 0) return { decision: 0, reason: REASONS.nonPositive };
  if (total === 0) return { decision: 0, reason: REASONS.allClamped };
  return { decision: 1, reason: null };
}

/**
 * Decides one asset (§7) and builds its {@link AssetResult} (§7.3).
 *
 * W_w = c·max(G_w, 0); W = Σ W_w and G = Σ G_w in ascending address order (§23.16). The
 * precedence table §7.2 picks the decision (first match wins): error → −1; ref_mode null; no
 * wallets; gate insufficient / degenerate / triggered (when applicable); price mismatch held;
 * W = 0 with G ≤ 0; W = 0; otherwise 1. Effective `wmax_usd` (total and per wallet) is W when
 * the decision is 1 and 0 otherwise; `wmax_computed_usd` keeps W. Wallets are sorted by
 * computed W descending, then address, and abbreviated (§0.5). Non-finite numbers become null.
 *
 * @example
 * ```ts
 * import { decideAsset } from "./decision.ts";
 * import { notApplicableGate } from "./gate.ts";
 * import { ConfigSchema } from "../config/schema.ts";
 * const h = 3_600_000;
 * const { result } = decideAsset({
 *   asset: "djed", refMode: "keyword", t0Ms: 0, windowEndMs: 6 * h, safetyFactor: 0.5,
 *   wallets: [{ address: "addr_a", tsMs: [h, 5 * h], g: 4, v_ref: 1000, v_t1: 1004,
 *     counted: 0, absorbed: 0, deferred: 0 }],
 *   gate: notApplicableGate(ConfigSchema.parse({}).analysis.decision.gate),
 *   priceCompare: null, priceT1Usd: 1, durationMs: 3,
 * });
 * result.wmax_usd; // 2
 * ```
 */
export function decideAsset(input: DecideAssetInput): AssetDecision {
  const alternate = input.alternateName ?? "";
  const warnings = [...(input.warnings ?? [])];
  if (input.error !== null && input.error !== undefined) {
    return {
      result: errorResult(input.asset, input.error, {
        alternateName: alternate,
        marketId: input.marketId,
        refMode: input.refMode,
        t0Ms: input.t0Ms,
        windowEndMs: input.windowEndMs,
        gate: input.gate,
        warnings,
        durationMs: input.durationMs,
      }),
      walletAddresses: [],
    };
  }
  const isNullRef = input.refMode === "null";
  const wallets = isNullRef ? [] : sortWalletsByAddress(input.wallets);
  const c = input.safetyFactor;
  let total = 0;
  let g = 0;
  let vRef = 0;
  let vT1 = 0;
  let t1: number | null = null;
  const computed = wallets.map((w) => {
    const wmax = c * Math.max(w.g, 0);
    total += wmax;
    g += w.g;
    vRef += w.v_ref;
    vT1 += w.v_t1;
    const last = w.tsMs[w.tsMs.length - 1];
    if (last !== undefined && (t1 === null || last > t1)) t1 = last;
    return { w, wmax };
  });
  if (wallets.length > 0 && !(Number.isFinite(g) && Number.isFinite(total))) {
    return decideAsset({ ...input, error: "non-finite gains" });
  }
  const { decision, reason } = pickRow({ ...input, wallets }, total, g);
  const ok = decision === 1;
  computed.sort((a, b) =>
    b.wmax - a.wmax || (a.w.address < b.w.address ? -1 : a.w.address > b.w.address ? 1 : 0)
  );
  const walletResults: WalletResult[] = computed.map(({ w, wmax }) => ({
    wallet: abbreviateAddress(w.address),
    g_usd: finiteOr0(w.g),
    v_ref_usd: finiteOr0(w.v_ref),
    v_t1_usd: finiteOr0(w.v_t1),
    wmax_usd: ok ? finiteOr0(wmax) : 0,
    wmax_computed_usd: finiteOr0(wmax),
    snapshots: w.tsMs.length,
    flows_counted: w.counted,
    flows_absorbed: w.absorbed,
    flows_deferred: w.deferred,
  }));
  const hasWallets = wallets.length > 0;
  const result: AssetResult = {
    asset: input.asset,
    alternate_asset_name: alternate,
    market_id: input.marketId ?? null,
    decision,
    decision_label: LABELS[decision],
    reason,
    ref_mode: input.refMode,
    t0: isNullRef ? null : iso(input.t0Ms),
    t1: iso(t1),
    window: { start: isNullRef ? null : iso(input.t0Ms), end: iso(input.windowEndMs) },
    v_ref_usd: hasWallets ? finiteOrNull(vRef) : null,
    v_t1_usd: hasWallets ? finiteOrNull(vT1) : null,
    g_usd: hasWallets ? finiteOrNull(g) : null,
    price_t1_usd: hasWallets ? finiteOrNull(input.priceT1Usd) : null,
    wmax_usd: ok ? finiteOr0(total) : 0,
    wmax_computed_usd: finiteOr0(total),
    wallet_count: wallets.length,
    wallets: walletResults,
    // §23.10: with ref_mode null the gate is never applicable, whatever the caller passed.
    gate: isNullRef ? notApplicable(input.gate) : cleanGate(input.gate),
    price_compare: input.priceCompare,
    warnings,
    duration_ms: finiteOr0(input.durationMs),
  };
  return { result, walletAddresses: computed.map(({ w }) => w.address) };
}
