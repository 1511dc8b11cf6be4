/**
 * Transaction sync from the Liqwid API (SPEC §16), the `./sync` subpath export.
 *
 * @example
 * ```ts ignore
 * import { createSyncRunner } from "@alert-orchestrator/core/sync";
 * const runner = createSyncRunner({ config, greptime, now: () => Date.now() });
 * const report = await runner.run({ startDate: "2025-01-01", endDate: "2025-01-31" });
 * console.log(report.success, report.new_transactions);
 * ```
 *
 * @module
 */

export { createSyncRunner, SyncBusyError, SyncDisabledError, syncTransactions } from "./sync.ts";
export type { SyncDeps, SyncLock, SyncOptions, SyncReport, SyncRunner } from "./sync.ts";
export { DEFAULT_SYNC_START_MS, parseSyncWindow, SyncInputError } from "../prices/mod.ts";
