/**
 * Collaborators of the Hono app (SPEC §13). Everything with IO is injected so the app runs
 * in tests through `app.request()` without sockets, clocks or databases.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import type { AssetResult, ChartData, EvaluationRecord } from "../evaluate/types.ts";
import type { Logger } from "../log.ts";
import type { GreptimeClient } from "../greptime/types.ts";
import type { RecordStore } from "../jobs/record_store.ts";
import type { RunOutcome } from "../jobs/scheduler.ts";

/** Outcome of a transaction sync request (expected outcomes as data, §16). */
export type SyncOutcome =
  | { kind: "done"; report: unknown }
  | { kind: "busy" }
  | { kind: "invalid"; message: string };

/** Runs one transaction sync for the requested window (dates as given, or null). */
export type SyncHandler = (
  window: { start_date: string | null; end_date: string | null },
) => Promise<SyncOutcome>;

/** Renders the composite chart SVG (`renderCompositeSvg` bound to the config). */
export type ChartSvgRenderer = (
  chart: ChartData,
  opts: { width: number; height: number },
) => string;

/** Renders an SVG string to PNG bytes (`renderPng` bound to the font file). */
export type ChartPngRenderer = (svg: string) => Promise<Uint8Array>;

/** Hono environment: `remoteAddr` is passed by the server as the `env` of `app.fetch`. */
export interface AppEnv {
  /** Per-request values; `remoteAddr` is the client's IP address when known. */
  Bindings: { remoteAddr?: string };
}

/** Dependencies of `createApp`. */
export interface AppDeps {
  /** Canonical configuration. */
  config: Config;
  /** The latest evaluation record. */
  store: RecordStore;
  /** Runs or joins an evaluation (`scheduler.trigger`). */
  trigger: () => Promise<RunOutcome>;
  /** The metrics registry (`registry.metrics()`, `registry.contentType`). */
  metrics: { metrics(): Promise<string>; readonly contentType: string };
  /** `SELECT 1` probe for `/readyz`. */
  ping: (signal: AbortSignal) => Promise<unknown>;
  /** §2.7 normalized configuration JSON text. */
  normalizedConfig: string;
  /** SVG renderer of `/charts/<asset>.svg|.png`; absent → those routes answer 404. */
  renderChartSvg?: ChartSvgRenderer;
  /** PNG renderer of the `.png` chart route; absent → that route answers 404. */
  renderChartPng?: ChartPngRenderer;
  /**
   * GreptimeDB client for the one database query of the chart routes: §15.3 server
   * downsampling of plot ranges reaching beyond the window (`resolveChartForDrawing`).
   * Absent → such charts draw V over the window only.
   */
  greptime?: GreptimeClient;
  /** Transaction sync; absent → 404 `sync disabled`. */
  sync?: SyncHandler;
  /** Receives unexpected request errors (ERROR) and chart warnings; silent when absent. */
  logger?: Logger;
  /** Clock (epoch ms); default `Date.now`. */
  now?: () => number;
  /** Random source for CSP nonces; default `crypto.getRandomValues`. */
  random?: (bytes: Uint8Array) => Uint8Array;
  /** Dashboard auto-refresh period in seconds (default 10, §14). */
  refreshSeconds?: number;
}

/** Finds the result and its chart detail of `asset` in `record`. */
export function findResult(
  record: EvaluationRecord | null,
  asset: string | null,
): { result: AssetResult; index: number } | null {
  if (record === null || asset === null) return null;
  const index = record.results.findIndex((r) => r.asset === asset);
  return index < 0 ? null : { result: record.results[index], index };
}

/**
 * Resolves a user-supplied asset name (case-insensitive, asset or alternate name) to a
 * configured asset, or null.
 */
export function resolveAsset(config: Config, name: string | null | undefined): string | null {
  if (name === null || name === undefined) return null;
  const wanted = name.trim().toLowerCase();
  if (wanted === "") return null;
  const assets = config.domain.assets;
  if (assets.includes(wanted)) return wanted;
  for (const [asset, alt] of Object.entries(config.domain.alternate_names)) {
    if (alt === wanted && assets.includes(asset)) return asset;
  }
  return null;
}
