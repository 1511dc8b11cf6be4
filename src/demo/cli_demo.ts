/**
 * `--demo` wiring (SPEC §18.1–§18.2): builds the deterministic dataset for the current hour,
 * starts the in-process GreptimeDB-compatible server and points a configuration at it.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import { createDemoDataset, demoAnchorMs } from "./dataset.ts";
import { startDemoGreptime } from "./greptime_server.ts";

/** A running demo database with the configuration that reaches it. */
export interface RunningDemo {
  config: Config;
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the demo database anchored at the start of the UTC hour of `nowMs` and returns
 * `config` with its GreptimeDB connection replaced by the demo server (§18.2).
 *
 * @example
 * ```ts ignore
 * const demo = await startDemoFor(config, Date.now());
 * // ... evaluate with demo.config ...
 * await demo.close();
 * ```
 */
export async function startDemoFor(config: Config, nowMs: number): Promise<RunningDemo> {
  const dataset = await createDemoDataset({ anchorMs: demoAnchorMs(nowMs) });
  const server = await startDemoGreptime(dataset, { hostname: "127.0.0.1", port: 0 });
  const greptime = {
    ...config.data.databases.greptime,
    host: "http://127.0.0.1",
    port: server.port,
    database: "liqwid",
    username: null,
    password: null,
  };
  return {
    config: { ...config, data: { ...config.data, databases: { greptime } } },
    url: server.url,
    close: () => server.close(),
  };
}
