/**
 * The deterministic demo dataset (SPEC §18.3): hourly position snapshots of three wallets
 * over 720 hours for djed, usdm, wanusdc and wanusdt, their deposits and withdrawals, and
 * Minswap price series.
 *
 * @module
 */
import { mulberry32 } from "./mulberry32.ts";

/** GreptimeDB data types the demo server knows. */
export type DemoDataType = "TimestampMillisecond" | "String" | "Float64" | "Int64";

/** A demo cell: timestamps are epoch ms integers. */
export type DemoCell = number | string | null;

/** One table of the dataset. */
export interface DemoTable {
  /** Table name, e.g. `liqwid_supply_positions_djed`. */
  name: string;
  /** Columns in order with their GreptimeDB data types. */
  columns: { name: string; type: DemoDataType }[];
  /** Tag columns; rows are unique on (primaryKey…, ts) like GreptimeDB. */
  primaryKey: string[];
  /** Rows as cell arrays parallel to `columns`. */
  rows: DemoCell[][];
}

/** The dataset: tables per database (`liqwid`, `minswap`). */
export interface DemoDataset {
  /** A = start of an UTC hour; the last snapshot is at A. */
  anchorMs: number;
  /** Tables per database name. */
  databases: Record<string, DemoTable[]>;
}

/** The three demo wallets W1, W2, W3 (§18.3). */
export const DEMO_WALLETS: readonly string[] = [
  "addr1qxj6rl9h0dfperfwkef5p0vc9awvy62495qfhfurc8m9a0066ewjucacqpsjl4qmmrrkukk3ngysew30y8fxvqg0arqqqvjytg",
  "addr1qx8ryrh3qe5hqx3djga04d7u09a057l6acwskwp0nj9f2y6fpqswfce2dn5q0d63rlztla2a9ch0tt2fjmv2mexkz98qlz7dcy",
  "addr1q8sl02k67f0e9xsss7l5d38jrfey8pcgsd7f7f0wfjy7mmg9eqflc0tl3e9r3hcdn9hfdd603p5fnmt8n342akv4772swr5n7w",
];

/** ADA price in USD of the demo (§18.3). */
export const DEMO_ADA_USD: number = 0.95;
/** Number of hourly snapshots (§18.3). */
export const DEMO_SNAPSHOTS: number = 720;
/** Memo of the tagged (`T`) demo withdrawals. */
export const DEMO_REFERENCE_MEMO: string = "alert_driven_withdrawal (demo)";

const HOUR_MS = 3_600_000;
const TX_OFFSET_MS = 20 * 60_000;

type Kind = "dep" | "wd";
interface DemoTx {
  k: number;
  wallet: 0 | 1 | 2;
  kind: Kind;
  units: number;
  memo: string;
}
interface AssetSpec {
  asset: string;
  seed: number;
  bias: number;
  drift: number;
  apy: number;
  initial: [number, number, number];
  txs: DemoTx[];
}

const T = DEMO_REFERENCE_MEMO;
const tx = (k: number, wallet: 0 | 1 | 2, kind: Kind, units: number, memo = ""): DemoTx => ({
  k,
  wallet,
  kind,
  units,
  memo,
});

/** The table of §18.3 (wallet indexes 0..2 = W1..W3). */
const ASSETS: AssetSpec[] = [
  {
    asset: "djed",
    seed: 1,
    bias: 0.0004,
    drift: 0,
    apy: 0.06,
    initial: [20000, 8000, 5000],
    txs: [
      tx(100, 1, "dep", 2000),
      tx(200, 0, "wd", 1000, "manual rebalance"),
      tx(480, 0, "wd", 800, T),
      tx(600, 1, "dep", 2000),
    ],
  },
  {
    asset: "usdm",
    seed: 2,
    bias: -0.0006,
    drift: -0.01,
    apy: 0.04,
    initial: [15000, 6000, 0],
    txs: [
      tx(150, 1, "dep", 3000),
      tx(480, 0, "wd", 1000, T),
      tx(550, 0, "wd", 1000, "manual rebalance"),
    ],
  },
  {
    asset: "wanusdc",
    seed: 3,
    bias: 0.0001,
    drift: 0,
    apy: 0.05,
    initial: [12000, 0, 9000],
    txs: [tx(300, 2, "dep", 1000), tx(480, 2, "wd", 600, T), tx(650, 2, "dep", 1500)],
  },
  {
    asset: "wanusdt",
    seed: 4,
    bias: 0,
    drift: 0,
    apy: 0.05,
    initial: [0, 10000, 14000],
    txs: [tx(250, 1, "dep", 1000), tx(480, 1, "wd", 700, T), tx(700, 1, "wd", 500)],
  },
];

/** Names of the demo assets in config order. */
export const DEMO_ASSETS: readonly string[] = ASSETS.map((a) => a.asset);

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

const POSITION_COLUMNS: DemoTable["columns"] = [
  { name: "ts", type: "TimestampMillisecond" },
  { name: "wallet_address", type: "String" },
  { name: "usd_value", type: "Float64" },
  { name: "underlying_units", type: "Float64" },
  { name: "price_usd", type: "Float64" },
  { name: "market_id", type: "String" },
];
const TX_COLUMNS: DemoTable["columns"] = [
  { name: "ts", type: "TimestampMillisecond" },
  { name: "tx_hash", type: "String" },
  { name: "wallet_address", type: "String" },
  { name: "market_id", type: "String" },
  { name: "amount", type: "Float64" },
  { name: "notes", type: "String" },
  { name: "created_at", type: "TimestampMillisecond" },
];
const PRICE_COLUMNS: DemoTable["columns"] = [
  { name: "ts", type: "TimestampMillisecond" },
  { name: "price_usd", type: "Float64" },
];

async function assetTables(spec: AssetSpec, anchorMs: number): Promise<{
  positions: DemoTable;
  deposits: DemoTable;
  withdrawals: DemoTable;
  minswap: DemoTable;
}> {
  const r1 = mulberry32(spec.seed);
  const r2 = mulberry32(spec.seed + 100);
  const market = spec.asset.toUpperCase();
  const growth = (1 + spec.apy) ** (1 / 8760);
  const units = [...spec.initial];
  const positionRows: DemoCell[][] = [];
  const priceRows: DemoCell[][] = [];
  const last = DEMO_SNAPSHOTS - 1;
  for (let k = 0; k < DEMO_SNAPSHOTS; k++) {
    const ts = anchorMs - (last - k) * HOUR_MS;
    const price = 1 + spec.bias + spec.drift * k / last + 0.0004 * Math.sin(2 * Math.PI * k / 24) +
      0.0003 * (2 * r1() - 1);
    const minswapPrice = price * (1 + 0.0002 * (2 * r2() - 1));
    if (k >= 1) {
      for (let w = 0; w < 3; w++) units[w] *= growth;
      for (const t of spec.txs) {
        if (t.k === k - 1) units[t.wallet] += t.kind === "dep" ? t.units : -t.units;
      }
    }
    const anomaly = spec.asset === "wanusdt" && k === last ? 1.02 : 1;
    for (let w = 0; w < 3; w++) {
      if (!(units[w] > 0)) continue;
      const usd = k % 97 === 13 ? null : units[w] * price * anomaly;
      positionRows.push([ts, DEMO_WALLETS[w], usd, units[w], price, market]);
    }
    priceRows.push([ts, minswapPrice]);
  }
  const dep: DemoCell[][] = [];
  const wd: DemoCell[][] = [];
  for (const t of spec.txs) {
    const ts = anchorMs - (last - t.k) * HOUR_MS + TX_OFFSET_MS;
    const hash = await sha256Hex(`demo:${spec.asset}:${t.k}:${t.kind}`);
    const row = [ts, hash, DEMO_WALLETS[t.wallet], market, t.units, t.memo, ts];
    (t.kind === "dep" ? dep : wd).push(row);
  }
  return {
    positions: {
      name: `liqwid_supply_positions_${spec.asset}`,
      columns: POSITION_COLUMNS,
      primaryKey: ["wallet_address"],
      rows: positionRows,
    },
    deposits: {
      name: `liqwid_deposits_${spec.asset}`,
      columns: TX_COLUMNS,
      primaryKey: ["tx_hash"],
      rows: dep,
    },
    withdrawals: {
      name: `liqwid_withdrawals_${spec.asset}`,
      columns: TX_COLUMNS,
      primaryKey: ["tx_hash"],
      rows: wd,
    },
    minswap: {
      name: `minswap_prices_${spec.asset}`,
      columns: PRICE_COLUMNS,
      primaryKey: [],
      rows: priceRows,
    },
  };
}

/**
 * Start of the current UTC hour: the default anchor A of §18.3.
 *
 * @example
 * ```ts
 * demoAnchorMs(Date.UTC(2025, 0, 1, 10, 42)); // Date.UTC(2025, 0, 1, 10)
 * ```
 */
export function demoAnchorMs(nowMs: number): number {
  return Math.floor(nowMs / HOUR_MS) * HOUR_MS;
}

/**
 * Builds the demo dataset of §18.3 for anchor A (`anchorMs`, start of an UTC hour).
 * Asynchronous because transaction hashes use WebCrypto SHA-256.
 *
 * @example
 * ```ts
 * const ds = await createDemoDataset({ anchorMs: Date.UTC(2025, 0, 1) });
 * console.log(ds.databases.minswap.length); // 4
 * ```
 */
export async function createDemoDataset(opts: { anchorMs: number }): Promise<DemoDataset> {
  if (!Number.isSafeInteger(opts.anchorMs)) {
    throw new RangeError(`anchorMs must be an integer epoch ms, got ${opts.anchorMs}`);
  }
  const liqwid: DemoTable[] = [];
  const minswap: DemoTable[] = [];
  for (const spec of ASSETS) {
    const t = await assetTables(spec, opts.anchorMs);
    liqwid.push(t.positions, t.deposits, t.withdrawals);
    minswap.push(t.minswap);
  }
  return { anchorMs: opts.anchorMs, databases: { liqwid, minswap } };
}
