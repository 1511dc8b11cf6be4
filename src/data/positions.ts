/**
 * Reading one asset's position table (SPEC §3.1, §10.6, §23.1–§23.3).
 *
 * @module
 */
import type { Cell, GreptimeClient } from "../greptime/types.ts";
import {
  earliestPositionSql,
  lastPriceBeforeSql,
  positionsSql,
  type TimeBounds,
} from "../greptime/sql.ts";

export type { TimeBounds };

/** One wallet's snapshots: distinct timestamps ascending with summed USD values (§3.1.3). */
export interface WalletSnapshots {
  tsMs: number[];
  values: number[];
}

/** Positions of one asset inside a window. */
export interface PositionData {
  /** Snapshots by full wallet address. */
  wallets: Map<string, WalletSnapshots>;
  /** Asset price per timestamp (§3.1.4): mean of finite `price_usd` of all rows at ts. */
  prices: { tsMs: number[]; values: number[] };
  /** First non-null `market_id` seen. */
  marketId: string | null;
  /** Rows skipped because no USD value could be derived (§3.1.2). */
  skippedNoUsd: number;
  /** Rows skipped because the wallet address was null or empty. */
  skippedNoWallet: number;
  /** Number of rows read. */
  rowCount: number;
}

function finite(v: Cell): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/**
 * Reads and folds the position rows of `table` inside `bounds`. Optional columns are selected
 * only when the table has them (§10.5); a missing one reads as all-null.
 *
 * @example
 * ```ts ignore
 * const data = await readPositions(client, "liqwid_supply_positions_djed", {
 *   startMs: 0,
 *   endMs: Date.now(),
 * });
 * console.log(data.wallets.size);
 * ```
 */
export async function readPositions(
  client: GreptimeClient,
  table: string,
  bounds: TimeBounds,
  opts: { signal?: AbortSignal } = {},
): Promise<PositionData> {
  const columns = await client.tableColumns(table, { signal: opts.signal });
  const { rows } = await client.query(positionsSql(table, columns, bounds), {
    signal: opts.signal,
  });
  return foldPositionRows(rows);
}

/**
 * Folds raw position rows (ascending ts) into wallet snapshots and the asset price series.
 *
 * @example
 * ```ts
 * import { foldPositionRows } from "./positions.ts";
 * const d = foldPositionRows([
 *   { ts: 1, wallet_address: "w", usd_value: 2, underlying_units: null, price_usd: 1, market_id: null },
 *   { ts: 1, wallet_address: "w", usd_value: null, underlying_units: 3, price_usd: 1, market_id: "M" },
 * ]);
 * console.assert(d.wallets.get("w")!.values[0] === 5 && d.marketId === "M");
 * ```
 */
export function foldPositionRows(rows: Record<string, Cell>[]): PositionData {
  const wallets = new Map<string, WalletSnapshots>();
  const priceTs: number[] = [];
  const priceValues: number[] = [];
  let marketId: string | null = null;
  let skippedNoUsd = 0;
  let skippedNoWallet = 0;
  let curTs = Number.NaN;
  let priceSum = 0;
  let priceN = 0;
  const flushPrice = () => {
    if (priceN > 0) {
      priceTs.push(curTs);
      priceValues.push(priceSum / priceN);
    }
    priceSum = 0;
    priceN = 0;
  };
  for (const row of rows) {
    const ts = row.ts;
    if (typeof ts !== "number" || !Number.isFinite(ts)) continue;
    if (ts !== curTs) {
      flushPrice();
      curTs = ts;
    }
    const price = finite(row.price_usd ?? null);
    if (price !== null) {
      priceSum += price;
      priceN++;
    }
    if (marketId === null && row.market_id !== null && row.market_id !== undefined) {
      marketId = String(row.market_id);
    }
    const wallet = row.wallet_address;
    if (typeof wallet !== "string" || wallet.trim() === "") {
      skippedNoWallet++;
      continue;
    }
    let usd = finite(row.usd_value ?? null);
    if (usd === null) {
      const units = finite(row.underlying_units ?? null);
      usd = units !== null && price !== null ? units * price : null;
      if (usd !== null && !Number.isFinite(usd)) usd = null;
    }
    if (usd === null) {
      skippedNoUsd++;
      continue;
    }
    let snaps = wallets.get(wallet);
    if (snaps === undefined) {
      snaps = { tsMs: [], values: [] };
      wallets.set(wallet, snaps);
    }
    const last = snaps.tsMs.length - 1;
    if (last >= 0 && snaps.tsMs[last] === ts) snaps.values[last] += usd;
    else {
      snaps.tsMs.push(ts);
      snaps.values.push(usd);
    }
  }
  flushPrice();
  return {
    wallets,
    prices: { tsMs: priceTs, values: priceValues },
    marketId,
    skippedNoUsd,
    skippedNoWallet,
    rowCount: rows.length,
  };
}

/**
 * Last asset price strictly before `beforeMs` (or at or before it with `inclusive`), used to
 * convert flows between t0 and the first snapshot (§3.3, §23.4).
 */
export async function readLastPriceBefore(
  client: GreptimeClient,
  table: string,
  beforeMs: number,
  opts: { inclusive?: boolean; signal?: AbortSignal } = {},
): Promise<{ tsMs: number; price: number } | null> {
  const columns = await client.tableColumns(table, { signal: opts.signal });
  if (!columns.includes("price_usd")) return null;
  const sql = lastPriceBeforeSql(table, beforeMs, { inclusive: opts.inclusive });
  const { rows } = await client.query(sql, { signal: opts.signal });
  const row = rows[0];
  if (!row || typeof row.ts !== "number") return null;
  const price = finite(row.price_usd ?? null);
  return price === null ? null : { tsMs: row.ts, price };
}

/** Earliest position ts ≤ `endMs` (§4.3), or null for an empty table. */
export async function readEarliestPositionTs(
  client: GreptimeClient,
  table: string,
  endMs: number | null,
  opts: { signal?: AbortSignal } = {},
): Promise<number | null> {
  const { rows } = await client.query(earliestPositionSql(table, endMs), { signal: opts.signal });
  const v = rows[0]?.min_ts;
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}
