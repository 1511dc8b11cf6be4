/**
 * Conversion of transaction amounts to USD at the transaction-time price (SPEC §3.3, §23.4).
 *
 * @module
 */
import { conversionPrice, type Flow } from "../evaluate/mod.ts";
import type { GreptimeClient } from "../greptime/types.ts";
import { readLastPriceBefore } from "./positions.ts";
import type { TransactionRow } from "./transactions.ts";

/** An ascending price series. */
export interface PriceSeries {
  tsMs: readonly number[];
  values: readonly number[];
}

/**
 * Prepends an earlier price point (the last price before the window) to a window series.
 *
 * @example
 * ```ts
 * import { withEarlierPrice } from "./conversion.ts";
 * const s = withEarlierPrice({ tsMs: [10], values: [2] }, { tsMs: 5, price: 1 });
 * console.assert(s.tsMs.length === 2 && s.values[0] === 1);
 * ```
 */
export function withEarlierPrice(
  series: PriceSeries,
  earlier: { tsMs: number; price: number } | null,
): PriceSeries {
  if (earlier === null || (series.tsMs.length > 0 && earlier.tsMs >= series.tsMs[0])) return series;
  return { tsMs: [earlier.tsMs, ...series.tsMs], values: [earlier.price, ...series.values] };
}

/**
 * Converts transactions to signed USD flows per wallet (§3.3): each amount at the asset price
 * of the latest ts ≤ τ (else the earliest after), looking one price back before the window
 * (§23.4). Throws when a conversion is needed and no price exists at all.
 *
 * @example
 * ```ts ignore
 * const flows = await convertFlows(client, table, positions.prices, txs, { t0Ms, rightOpen: false });
 * ```
 */
export async function convertFlows(
  client: GreptimeClient,
  table: string,
  prices: PriceSeries,
  txs: TransactionRow[],
  opts: { t0Ms: number; rightOpen: boolean; signal?: AbortSignal },
): Promise<Map<string, Flow[]>> {
  const byWallet = new Map<string, Flow[]>();
  if (txs.length === 0) return byWallet;
  const earlier = await readLastPriceBefore(client, table, opts.t0Ms, {
    inclusive: opts.rightOpen,
    signal: opts.signal,
  });
  const series = withEarlierPrice(prices, earlier);
  for (const tx of txs) {
    const price = conversionPrice(series.tsMs, series.values, tx.tsMs);
    if (price === null) throw new Error("no price_usd available to convert transactions");
    const usd = tx.magnitude * price;
    const flow: Flow = {
      tsMs: tx.tsMs,
      amountUsd: tx.kind === "deposit" ? usd : -usd,
      kind: tx.kind,
      identity: tx.identity,
    };
    const list = byWallet.get(tx.wallet);
    if (list) list.push(flow);
    else byWallet.set(tx.wallet, [flow]);
  }
  return byWallet;
}
