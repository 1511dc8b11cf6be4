/**
 * Small GreptimeDB scenarios served by the demo server over real HTTP: tests describe
 * positions and transactions in a few lines, get a running server and a matching config.
 */
import { startDemoGreptime } from "../../src/demo/greptime_server.ts";
import type { DemoCell, DemoDataset, DemoTable } from "../../src/demo/dataset.ts";
import { type Config, type ConfigInput, ConfigSchema } from "../../src/config/schema.ts";
import { createGreptimeClient } from "../../src/greptime/client.ts";
import type { GreptimeClient } from "../../src/greptime/types.ts";

/** 2025-01-01T00:00:00Z, the day of the §20 worked examples. */
export const DAY0 = Date.UTC(2025, 0, 1);
/** `hm(1, 30)` → 2025-01-01T01:30Z in epoch ms. */
export function hm(h: number, m = 0): number {
  return DAY0 + h * 3_600_000 + m * 60_000;
}

/** A wallet address that passes §2.3.1 validation, made from a letter. */
export function addr(letter: string): string {
  return "addr1q" + letter.repeat(58);
}

/** One position row. */
export interface PosRow {
  ts: number;
  wallet: string | null;
  usd?: number | null;
  units?: number | null;
  price?: number | null;
}

/** One transaction row. */
export interface TxRow {
  ts: number;
  wallet: string | null;
  amount: number | null;
  memo?: string;
  hash?: string;
}

/** A scenario for one asset. */
export interface Scenario {
  asset?: string;
  positions: PosRow[];
  deposits?: TxRow[];
  withdrawals?: TxRow[];
  /** Omit the deposits/withdrawals tables entirely. */
  noTransactionTables?: boolean;
  /** Omit the position table. */
  noPositionTable?: boolean;
}

function positionTable(asset: string, rows: PosRow[]): DemoTable {
  return {
    name: `liqwid_supply_positions_${asset}`,
    columns: [
      { name: "ts", type: "TimestampMillisecond" },
      { name: "wallet_address", type: "String" },
      { name: "usd_value", type: "Float64" },
      { name: "underlying_units", type: "Float64" },
      { name: "price_usd", type: "Float64" },
      { name: "market_id", type: "String" },
    ],
    primaryKey: ["wallet_address"],
    rows: rows.map((r): DemoCell[] => [
      r.ts,
      r.wallet,
      r.usd === undefined ? null : r.usd,
      r.units ?? null,
      r.price === undefined ? 1 : r.price,
      asset.toUpperCase(),
    ]),
  };
}

function txTable(name: string, rows: TxRow[]): DemoTable {
  return {
    name,
    columns: [
      { name: "ts", type: "TimestampMillisecond" },
      { name: "tx_hash", type: "String" },
      { name: "wallet_address", type: "String" },
      { name: "amount", type: "Float64" },
      { name: "notes", type: "String" },
    ],
    primaryKey: ["tx_hash"],
    rows: rows.map((r, i): DemoCell[] => [
      r.ts,
      r.hash ?? `h${i}-${r.ts}`,
      r.wallet,
      r.amount,
      r.memo ?? "",
    ]),
  };
}

/** Builds a dataset from scenarios (one per asset). */
export function scenarioDataset(scenarios: Scenario[]): DemoDataset {
  const tables: DemoTable[] = [];
  for (const s of scenarios) {
    const asset = s.asset ?? "x";
    if (!s.noPositionTable) tables.push(positionTable(asset, s.positions));
    if (!s.noTransactionTables) {
      tables.push(txTable(`liqwid_deposits_${asset}`, s.deposits ?? []));
      tables.push(txTable(`liqwid_withdrawals_${asset}`, s.withdrawals ?? []));
    }
  }
  return { anchorMs: DAY0, databases: { liqwid: tables, minswap: [] } };
}

/** A running scenario server with a client and a config pointing at it. */
export interface RunningScenario {
  client: GreptimeClient;
  config(input?: ConfigInput): Config;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the demo server on an ephemeral port with the given scenarios. */
export async function startScenario(scenarios: Scenario[]): Promise<RunningScenario> {
  const server = await startDemoGreptime(scenarioDataset(scenarios), { port: 0 });
  const client = createGreptimeClient({ url: server.url, database: "liqwid", maxAttempts: 1 });
  const assets = scenarios.map((s) => s.asset ?? "x");
  return {
    client,
    url: server.url,
    port: server.port,
    config(input: ConfigInput = {}) {
      return ConfigSchema.parse({
        ...input,
        domain: { assets, ...input.domain },
        data: {
          ...input.data,
          databases: {
            greptime: { host: "http://127.0.0.1", port: server.port, max_attempts: 1 },
          },
        },
      }) as Config;
    },
    close: () => server.close(),
  };
}

/** A tagged reference withdrawal row (memo contains the default keyword). */
export function refWithdrawal(ts: number, wallet: string, amount = 1): TxRow {
  return { ts, wallet, amount, memo: "alert_driven_withdrawal" };
}
