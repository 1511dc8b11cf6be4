/**
 * Adapter from the transaction sync runner (SPEC §16) to the `SyncHandler` of the HTTP app
 * (§13.1 `POST /api/sync/transactions`): the runner's typed errors become outcomes as data
 * (busy → 409, bad window → 400); anything else propagates (→ 500 problem).
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import { SyncBusyError, SyncInputError, type SyncRunner } from "../jobs/sync.ts";
import type { SyncHandler, SyncOutcome } from "./deps.ts";

/**
 * True when the sync route is available (§16.1): `prices.transaction_sync.enabled` and a
 * Liqwid GraphQL endpoint. Otherwise the app gets no handler and answers 404 `sync disabled`.
 *
 * @example
 * ```ts
 * import { isSyncAvailable } from "./sync_handler.ts";
 * import { ConfigSchema } from "../config/schema.ts";
 * isSyncAvailable(ConfigSchema.parse({})); // false
 * ```
 */
export function isSyncAvailable(config: Config): boolean {
  return config.prices.transaction_sync.enabled &&
    config.prices.endpoints.liqwid_graphql !== null;
}

/**
 * Wraps a sync runner as the app's `sync` dependency.
 *
 * @example
 * ```ts ignore
 * import { createSyncRunner } from "../jobs/sync.ts";
 * import { createSyncHandler, isSyncAvailable } from "./sync_handler.ts";
 * const sync = isSyncAvailable(config)
 *   ? createSyncHandler(createSyncRunner({ config, greptime, now: Date.now, logger }))
 *   : undefined;
 * const app = createApp({ ...deps, sync });
 * ```
 */
export function createSyncHandler(runner: SyncRunner): SyncHandler {
  return async (window): Promise<SyncOutcome> => {
    try {
      const report = await runner.run({ startDate: window.start_date, endDate: window.end_date });
      return { kind: "done", report };
    } catch (err) {
      if (err instanceof SyncBusyError) return { kind: "busy" };
      if (err instanceof SyncInputError) return { kind: "invalid", message: err.message };
      throw err;
    }
  };
}
