/**
 * Transaction sync from the Liqwid API into the deposit/withdrawal tables (SPEC §16).
 *
 * Per wallet (ascending): fetch the history by time slicing, map it, then per target
 * table read the identities already stored and INSERT only the new rows (≤ 500 per
 * statement). `tx_hash` is the primary key, so even a retried insert cannot duplicate a
 * row. One sync runs at a time per lock (module-level by default).
 *
 * @module
 */

import type { Config } from "../config/mod.ts";
import { ADDRESS_RE } from "../config/mod.ts";
import type { GreptimeClient } from "../greptime/mod.ts";
import type { Logger } from "../log.ts";
import { silentLogger } from "../log.ts";
import type { LiqwidClient, MappedTransaction } from "../prices/mod.ts";
import {
  createLiqwidClient,
  createTableWriter,
  fetchWalletHistory,
  greptimeCode,
  isMissingTableOrDb,
  mapLiqwidTransaction,
  parseSyncWindow,
  tableName,
} from "../prices/mod.ts";

export { parseSyncWindow, SyncInputError } from "../prices/mod.ts";

/** The sync report (§16.6). `skipped_invalid` is an addition: malformed API items. */
export interface SyncReport {
  success: boolean;
  test_prefix: boolean;
  window: { start: string; end: string };
  wallets_synced: number;
  fetched: number;
  new_transactions: number;
  deposits_written: number;
  withdrawals_written: number;
  duplicates_skipped: number;
  skipped_unknown_asset: number;
  skipped_other_type: number;
  skipped_invalid: number;
  errors: { wallet: string; message: string }[];
  started_at: string;
  finished_at: string;
}

/** A sync is already running (route → 409, CLI → exit 1). */
export class SyncBusyError extends Error {
  /** Creates the error. */
  constructor() {
    super("a transaction sync is already running");
    this.name = "SyncBusyError";
  }
}

/** Sync is disabled or has no Liqwid endpoint (route → 404, CLI → exit 1). */
export class SyncDisabledError extends Error {
  /** Creates the error. */
  constructor(message: string) {
    super(message);
    this.name = "SyncDisabledError";
  }
}

/** A mutual-exclusion flag shared by the callers that must not overlap. */
export interface SyncLock {
  held: boolean;
}

const moduleLock: SyncLock = { held: false };

/** Collaborators of the sync. */
export interface SyncDeps {
  config: Config;
  greptime: GreptimeClient;
  /** Liqwid client; built from `prices.endpoints.liqwid_graphql` when absent. */
  liqwid?: LiqwidClient;
  /** Clock (epoch ms). */
  now: () => number;
  logger?: Logger;
  /** `--test-prefix`: write to `test_` tables. */
  testPrefix?: boolean;
  /** Lock shared by concurrent callers (default: one per process). */
  lock?: SyncLock;
  /** Injected fetch for the default Liqwid client. */
  fetch?: typeof fetch;
}

/** Per-call options (dates override the config, §16.2). */
export interface SyncOptions {
  startDate?: string | null;
  endDate?: string | null;
  signal?: AbortSignal;
}

function abbreviate(address: string): string {
  return address.length <= 15 ? address : `${address.slice(0, 8)}...${address.slice(-4)}`;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function walletsFromTables(
  deps: SyncDeps,
  logger: Logger,
  signal?: AbortSignal,
): Promise<string[]> {
  const prefix = deps.config.data.datasets.transactions.sources.liqwid.table_asset_prefix;
  const out: string[] = [];
  for (const asset of deps.config.domain.assets) {
    const t = tableName(prefix, asset);
    let rows;
    try {
      rows = (await deps.greptime.query(`SELECT DISTINCT wallet_address FROM ${t}`, { signal }))
        .rows;
    } catch (err) {
      if (isMissingTableOrDb(err)) {
        logger.warning(`sync: position table ${t} not found; no wallets taken from it`);
        continue;
      }
      if (greptimeCode(err) !== 1001) throw err;
      // A server without DISTINCT support (1001 unsupported): read the column instead.
      rows = (await deps.greptime.query(
        `SELECT ts, wallet_address FROM ${t} ORDER BY ts ASC`,
        { signal },
      )).rows;
    }
    for (const row of rows) {
      if (typeof row.wallet_address === "string") out.push(row.wallet_address);
    }
  }
  return out;
}

async function collectWallets(deps: SyncDeps, logger: Logger, signal?: AbortSignal) {
  const candidates = [
    ...deps.config.wallets.map((w) => w.address),
    ...await walletsFromTables(deps, logger, signal),
  ];
  const valid = new Set<string>();
  const invalid = new Set<string>();
  for (const raw of candidates) {
    const w = raw.trim();
    if (w === "") continue;
    if (ADDRESS_RE.test(w)) valid.add(w);
    else invalid.add(w);
  }
  for (const w of invalid) logger.warning(`sync: skipping invalid wallet address ${abbreviate(w)}`);
  return [...valid].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function liqwidFor(deps: SyncDeps): LiqwidClient {
  if (deps.liqwid) return deps.liqwid;
  const endpoint = deps.config.prices.endpoints.liqwid_graphql;
  if (!endpoint) throw new SyncDisabledError("prices.endpoints.liqwid_graphql is not configured");
  return createLiqwidClient({
    endpoint,
    fetch: deps.fetch,
    timeoutMs: deps.config.prices.transaction_sync.request_timeout_seconds * 1000,
  });
}

/**
 * Runs one transaction sync (§16) and returns its report. Throws `SyncInputError` for a bad
 * window (→ 400 / exit 2), `SyncBusyError` when another sync holds the lock (→ 409),
 * `SyncDisabledError` when sync is disabled or has no endpoint. Per-wallet failures are
 * reported in `errors`, never thrown.
 *
 * @example
 * ```ts ignore
 * import { syncTransactions } from "./sync.ts";
 * const report = await syncTransactions(
 *   { config, greptime, now: () => Date.now() },
 *   { startDate: "2025-01-01", endDate: "2025-01-31" },
 * );
 * console.log(report.new_transactions);
 * ```
 */
export async function syncTransactions(
  deps: SyncDeps,
  opts: SyncOptions = {},
): Promise<SyncReport> {
  const config = deps.config;
  const ts = config.prices.transaction_sync;
  if (!ts.enabled) throw new SyncDisabledError("transaction sync is disabled");
  const startedMs = deps.now();
  const window = parseSyncWindow(
    opts.startDate ?? ts.start_date ?? null,
    opts.endDate ?? ts.end_date ?? null,
    startedMs,
  );
  const liqwid = liqwidFor(deps);
  const lock = deps.lock ?? moduleLock;
  if (lock.held) throw new SyncBusyError();
  lock.held = true;
  try {
    return await runSync(deps, liqwid, window, startedMs, opts.signal);
  } finally {
    lock.held = false;
  }
}

async function runSync(
  deps: SyncDeps,
  liqwid: LiqwidClient,
  window: { startMs: number; endMs: number },
  startedMs: number,
  signal?: AbortSignal,
): Promise<SyncReport> {
  const logger = deps.logger ?? silentLogger;
  const config = deps.config;
  const testPrefix = deps.testPrefix === true;
  const report: SyncReport = {
    success: false,
    test_prefix: testPrefix,
    window: {
      start: new Date(window.startMs).toISOString(),
      end: new Date(window.endMs).toISOString(),
    },
    wallets_synced: 0,
    fetched: 0,
    new_transactions: 0,
    deposits_written: 0,
    withdrawals_written: 0,
    duplicates_skipped: 0,
    skipped_unknown_asset: 0,
    skipped_other_type: 0,
    skipped_invalid: 0,
    errors: [],
    started_at: new Date(startedMs).toISOString(),
    finished_at: "",
  };
  const writer = createTableWriter({
    config,
    greptime: deps.greptime,
    testPrefix,
    createdAtMs: startedMs,
    signal,
  });
  let wallets: string[] = [];
  try {
    wallets = await collectWallets(deps, logger, signal);
  } catch (err) {
    report.errors.push({ wallet: "_all_", message: `cannot list wallets: ${message(err)}` });
  }
  logger.info(
    `Transaction sync: ${wallets.length} wallet(s), ${report.window.start} .. ${report.window.end}`,
  );
  for (const wallet of wallets) {
    if (signal?.aborted) {
      report.errors.push({ wallet: abbreviate(wallet), message: "sync aborted" });
      break;
    }
    try {
      const history = await fetchWalletHistory(liqwid, wallet, window.startMs, window.endMs, {
        signal,
      });
      report.fetched += history.items.length + history.invalid;
      report.skipped_invalid += history.invalid;
      const mapped: MappedTransaction[] = [];
      for (const item of history.items) {
        const m = mapLiqwidTransaction(item, config.domain.assets, config.domain.alternate_names);
        if ("skip" in m) {
          if (m.skip === "invalid") report.skipped_invalid++;
          else if (m.skip === "other_type") report.skipped_other_type++;
          else report.skipped_unknown_asset++;
        } else if (m.tsMs < window.startMs || m.tsMs > window.endMs) {
          // The API answered outside the asked window: not ours to write now.
          report.skipped_invalid++;
        } else {
          mapped.push(m);
        }
      }
      const written = await writer.writeWallet(wallet, mapped);
      report.deposits_written += written.deposits;
      report.withdrawals_written += written.withdrawals;
      report.duplicates_skipped += written.duplicates;
      report.wallets_synced++;
      logger.debug(
        `sync: ${
          abbreviate(wallet)
        }: ${history.items.length} fetched in ${history.requests} request(s), ${
          written.deposits + written.withdrawals
        } written`,
      );
    } catch (err) {
      const msg = message(err);
      logger.error(`sync: wallet ${abbreviate(wallet)} failed: ${msg}`);
      report.errors.push({ wallet: abbreviate(wallet), message: msg });
    }
  }
  report.new_transactions = report.deposits_written + report.withdrawals_written;
  report.success = report.errors.length === 0;
  report.finished_at = new Date(deps.now()).toISOString();
  logger.info(
    `Transaction sync finished: ${report.new_transactions} new, ${report.duplicates_skipped} duplicate(s), ${report.errors.length} error(s)`,
  );
  return report;
}

/** A sync runner for the HTTP route and the CLI. */
export interface SyncRunner {
  /** Runs a sync; rejects with `SyncBusyError` while one runs. */
  run(opts?: SyncOptions): Promise<SyncReport>;
  /** True while a sync runs. */
  running(): boolean;
}

/**
 * Binds the collaborators once; every runner built on the same lock excludes the others.
 *
 * @example
 * ```ts ignore
 * import { createSyncRunner } from "./sync.ts";
 * const runner = createSyncRunner({ config, greptime, now: () => Date.now() });
 * if (!runner.running()) console.log(await runner.run({ startDate: "2025-01-01" }));
 * ```
 */
export function createSyncRunner(deps: SyncDeps): SyncRunner {
  const lock = deps.lock ?? moduleLock;
  const bound = { ...deps, lock };
  return {
    run: (opts?: SyncOptions) => syncTransactions(bound, opts ?? {}),
    running: () => lock.held,
  };
}
