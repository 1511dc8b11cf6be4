/**
 * The built-in demo configuration (SPEC §18.2) in the canonical layout.
 *
 * @module
 */
import type { Config } from "../config/types_gen.ts";
import { DEMO_ASSETS, DEMO_WALLETS } from "./dataset.ts";

/** Every key optional, recursively (arrays and string-keyed maps kept whole). */
export type DeepPartial<T> = T extends readonly unknown[] ? T
  : T extends object ? (string extends keyof T ? T : { [K in keyof T]?: DeepPartial<T[K]> })
  : T;

/**
 * Configuration as written, in the canonical layout: a deep-partial `Config`, assignable to
 * the schema's `ConfigInput` (declared explicitly here so the `./demo` export has no slow
 * types).
 */
export type DemoConfigInput = DeepPartial<Config>;

/** Where the demo's GreptimeDB server listens (the port is ephemeral, known at start). */
export interface DemoGreptimeAddress {
  /** `http://127.0.0.1` (scheme and host, no port). */
  host: string;
  /** TCP port of the running demo server. */
  port: number;
}

/**
 * The demo configuration of §18.2: assets djed, usdm, wanusdc, wanusdt; fallback
 * `data_range`; c = 0.5; alignment `none`; the residual gate on every asset
 * (corrected_position, polynomial_fit order 2, k 2, min_points 10, lookback 48 h, stddev,
 * both sides); price comparison of `liqwid` = [greptime(liqwid)] and `minswap` =
 * [greptime(minswap)]; no diagnostics files; HTTP on 127.0.0.1:9808. Pass the demo
 * server's address to point the GreptimeDB connection at it.
 *
 * @example
 * ```ts
 * const input = demoConfigInput({ host: "http://127.0.0.1", port: 40123 });
 * console.log(input.domain?.assets); // ["djed", "usdm", "wanusdc", "wanusdt"]
 * ```
 */
export function demoConfigInput(greptime?: DemoGreptimeAddress): DemoConfigInput {
  return {
    wallets: DEMO_WALLETS.map((address, i) => ({ address, label: `W${i + 1}` })),
    domain: { assets: [...DEMO_ASSETS] },
    data: {
      databases: {
        greptime: {
          host: greptime?.host ?? "http://127.0.0.1",
          port: greptime?.port ?? 4000,
          database: "liqwid",
        },
      },
      datasets: {
        transactions: {
          alignment_method: "none",
          sources: { minswap: { table_price_prefix: "minswap_prices_", database: "minswap" } },
        },
      },
    },
    prices: {
      sources: ["liqwid", "minswap"],
      priority_by_logical: { liqwid: ["greptime(liqwid)"], minswap: ["greptime(minswap)"] },
    },
    analysis: {
      decision: {
        reference: { fallback: "data_range" },
        safety_factor: { c: 0.5 },
        gate: {
          enabled: true,
          basis: "corrected_position",
          method: "polynomial_fit",
          polynomial_order: 2,
          k_sigma: 2.0,
          min_points: 10,
          lookback_hours: 48,
          threshold_mode: "stddev",
          sides: "both",
        },
      },
      price_compare: { enabled: true, sources: ["liqwid", "minswap"] },
    },
    runtime: { telemetry: { listen_address: "127.0.0.1", listen_port: 9808 } },
    visualization: { diagnostics: { enabled: false } },
  };
}
