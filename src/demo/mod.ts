/**
 * Demo mode (SPEC §18): the deterministic dataset, the in-process GreptimeDB-compatible
 * server (node:sqlite) and the built-in demo configuration.
 *
 * @example
 * ```ts ignore
 * import { createDemoDataset, demoAnchorMs, startDemoGreptime } from "./mod.ts";
 * const server = await startDemoGreptime(await createDemoDataset({ anchorMs: demoAnchorMs(Date.now()) }));
 * console.log(server.url); // http://127.0.0.1:<port>
 * await server.close();
 * ```
 *
 * @module
 */
export {
  createDemoDataset,
  DEMO_ADA_USD,
  DEMO_ASSETS,
  DEMO_REFERENCE_MEMO,
  DEMO_SNAPSHOTS,
  DEMO_WALLETS,
  demoAnchorMs,
} from "./dataset.ts";
export type { DemoCell, DemoDataset, DemoDataType, DemoTable } from "./dataset.ts";
export { mulberry32 } from "./mulberry32.ts";
export { startDemoGreptime } from "./greptime_server.ts";
export type {
  DemoFailure,
  DemoGreptimeOptions,
  DemoGreptimeServer,
  DemoRequestRecord,
} from "./greptime_server.ts";
export { demoConfigInput } from "./demo_config.ts";
export type { DeepPartial, DemoConfigInput, DemoGreptimeAddress } from "./demo_config.ts";
export { DemoStore } from "./sqlite_store.ts";
export type { StoreOutput } from "./sqlite_store.ts";
export { DEMO_CODES, DemoSqlError } from "./sql_lexer.ts";
