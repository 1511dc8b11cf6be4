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

import { abbreviateAddress } from "../format.ts";
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
  /** True when `errors` is empty (§16.6). */
  success: boolean;
  /** Rows went to `test_`-prefixed tables (`--test-prefix`, §16.5). */
  test_prefix: boolean;
  /** Synced window as ISO 8601 instants (§16.2). */
  window: { start: string; end: string };
  /** Wallets whose history was fetched and written without error. */
  wallets_synced: number;
  /**
   * Transactions returned by the Liqwid API (after de-duplication by id), malformed items included.
   */
  fetched: number;
  /** Rows written: deposits_written + withdrawals_written. */
  new_transactions: number;
  /** Rows written to deposit tables. */
  deposits_written: number;
  /** Rows written to withdrawal tables. */
  withdrawals_written: number;
  /** Transactions already present in their table (§16.5), not written again. */
  duplicates_skipped: number;
  /** Transactions whose `displayName` matches no configured asset or alternate name (§16.4). */
  skipped_unknown_asset: number;
  /** Transactions whose type is neither SUPPLY nor WITHDRAW (§16.4). */
  skipped_other_type: number;
  /** Malformed API items, and items outside the requested window. */
  skipped_invalid: number;
  /**
   * Per-wallet failures; `wallet` is abbreviated (§0.5), `_all_` when the wallet list could not be
   * read.
   */
  errors: { wallet: string; message: string }[];
  /** Sync start, ISO 8601. */
  started_at: string;
  /** Sync end, ISO 8601. */
  finished_at: string;
}

/**
 * A sync is already running (route → 409, CLI → exit 1).
 *
 * @example
 * ```ts
 * import { SyncBusyError } from "./sync.ts";
 * const err = new SyncBusyError();
 * console.assert(err.message === "a transaction sync is already running");
 * ```
 */
export class SyncBusyError extends Error {
  /** Creates the error. */
  constructor() {
    super("a transaction sync is already running");
    this.name = "SyncBusyError";
  }
}

/**
 * Sync is disabled or has no Liqwid endpoint (route → 404, CLI → exit 1).
 *
 * @example
 * ```ts
 * import { SyncDisabledError } from "./sync.ts";
 * const err = new SyncDisabledError("transaction sync is disabled");
 * console.assert(err.name === "SyncDisabledError");
 * ```
 */
export class SyncDisabledError extends Error {
  /** Creates the error. */
  constructor(message: string) {
    super(message);
    this.name = "SyncDisabledError";
  }
}

/** A mutual-exclusion flag shared by the callers that must not overlap. */
export interface SyncLock {
  /** True while a sync holds the lock. */
  held: boolean;
}

const moduleLock: SyncLock = { held: false };

/** Collaborators of the sync. */
export interface SyncDeps {
  /** Validated configuration (`prices.transaction_sync`, `prices.endpoints`, assets, wallets). */
  config: Config;
  /** Client of the database the transaction tables live in. */
  greptime: GreptimeClient;
  /** Liqwid client; built from `prices.endpoints.liqwid_graphql` when absent. */
  liqwid?: LiqwidClient;
  /** Clock (epoch ms). */
  now: () => number;
  /** Progress and error lines; silent when absent. */
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
  /**
   * Window start (date or datetime with offset, §16.2); overrides `transaction_sync.start_date`.
   */
  startDate?: string | null;
  /** Window end (date = end of that day UTC, §16.2); overrides `transaction_sync.end_date`. */
  endDate?: string | null;
  /** Aborts the sync between wallets and in-flight requests. */
  signal?: AbortSignal;
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
  for (const w of invalid) {
    logger.warning(`sync: skipping invalid wallet address ${abbreviateAddress(w)}`);
  }
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
      report.errors.push({ wallet: abbreviateAddress(wallet), message: "sync aborted" });
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
          abbreviateAddress(wallet)
        }: ${history.items.length} fetched in ${history.requests} request(s), ${
          written.deposits + written.withdrawals
        } written`,
      );
    } catch (err) {
      const msg = message(err);
      logger.error(`sync: wallet ${abbreviateAddress(wallet)} failed: ${msg}`);
      report.errors.push({ wallet: abbreviateAddress(wallet), message: msg });
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
