/**
 * Prices (SPEC §8): Liqwid GraphQL and Minswap aggregator clients, Greptime-backed
 * providers, the per-evaluation price context, cross-source comparison with persistence,
 * and the residual gate's `price_usd` basis series. The transaction-sync helpers
 * (history slicing, mapping, window, writer) live here too; `src/jobs/sync.ts` drives them.
 *
 * @example
 * ```ts ignore
 * import { applyPriceCompare, createPriceContext, observePrices } from "./mod.ts";
 * import { priceCompareSettings } from "../config/mod.ts";
 * const ctx = createPriceContext({ config, greptime, liqwid, minswap, registry }, { now: Date.now() });
 * // concurrently per asset:
 * const sets = await Promise.all(assets.map((a) => observePrices(ctx, a, priceCompareSettings(config, a).sources)));
 * // then sequentially, in asset order, skipping ERROR results:
 * let state = previousState;
 * assets.forEach((a, i) => {
 *   const out = applyPriceCompare(state, a, sets[i], priceCompareSettings(config, a));
 *   state = out.state; // out.result is the AssetResult.price_compare
 * });
 * ```
 *
 * @module
 */
export { defaultSleep, PriceApiError, requestJson } from "./http.ts";
export type { PriceApiFailure, RequestJsonOptions } from "./http.ts";
export { createLiqwidClient, MARKETS_QUERY, TRANSACTIONS_QUERY } from "./liqwid.ts";
export type {
  LiqwidClient,
  LiqwidClientOptions,
  LiqwidMarket,
  LiqwidTransactionsPage,
} from "./liqwid.ts";
export { createMinswapClient } from "./minswap.ts";
export type { MinswapClient, MinswapClientOptions } from "./minswap.ts";
export { createPriceContext, tokenIdFor } from "./context.ts";
export type { GreptimeProvider, PriceContext, PriceDeps, PriceSeries } from "./context.ts";
export { readProvider } from "./providers.ts";
export type { ProviderReading } from "./providers.ts";
export { applyPriceCompare, comparePricesForAsset, observePrices } from "./compare.ts";
export type { PriceCompareState, PriceObservationSet } from "./compare.ts";
export { basisProvider, priceBasisSeries } from "./basis.ts";
export { greptimeCode, isMissingTableOrDb, tableName } from "./sql.ts";
export type { PriceBasisSeries } from "./basis.ts";
export {
  fetchWalletHistory,
  HistoryIncompleteError,
  mapLiqwidTransaction,
  parseUtcInstant,
} from "./liqwid_history.ts";
export type { MappedTransaction, SkipReason, WalletHistory } from "./liqwid_history.ts";
export { DEFAULT_SYNC_START_MS, parseSyncWindow, SyncInputError } from "./sync_window.ts";
export { createTableWriter, memoIdentity, syncMemo } from "./tx_writer.ts";
export type { TableWriter, WalletWriteResult } from "./tx_writer.ts";
