/**
 * Composition of the evaluation collaborators from a configuration: the Greptime client, the
 * external price clients and the token registry. Shared by the one-shot CLI and the service.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import type { TokenRegistry } from "../config/token_registry.ts";
import { createGreptimeClient } from "../greptime/client.ts";
import type { GreptimeClient } from "../greptime/types.ts";
import { createLiqwidClient } from "../prices/liqwid.ts";
import { createMinswapClient } from "../prices/minswap.ts";
import type { Logger } from "../log.ts";
import type { RunDeps } from "./evaluation.ts";

/** Options of {@link createRuntime}. */
export interface RuntimeOptions {
  /** Fetch used by the Greptime, Liqwid and Minswap clients; defaults to `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Logger passed to the evaluation; silent when absent. */
  logger?: Logger;
  /**
   * Validated token registry (§2.8) for the Minswap aggregator provider; null when none is loaded.
   */
  registry?: TokenRegistry | null;
  /** Wall clock in epoch ms for durations; defaults to `Date.now`. */
  clock?: () => number;
  /** Package version for the Greptime `User-Agent`. */
  version?: string;
  /** Observer of Greptime query outcomes (metrics). */
  onQuery?: (outcome: "ok" | "error", seconds: number) => void;
}

/** The composed collaborators. */
export interface Runtime {
  /** Client for `data.databases.greptime`. */
  greptime: GreptimeClient;
  /** Deps for `runEvaluation`, including the price clients for the configured endpoints. */
  runDeps: RunDeps;
}

/** `http://host:port` of the configured GreptimeDB (§2.3.2). */
export function greptimeUrl(config: Config): string {
  const g = config.data.databases.greptime;
  return `${g.host.replace(/\/+$/, "")}:${g.port}`;
}

/**
 * Builds the Greptime client and the evaluation deps for `config`.
 *
 * @example
 * ```ts ignore
 * const { runDeps } = createRuntime(config, { logger });
 * const record = await runEvaluation(runDeps, { now: Date.now() });
 * ```
 */
export function createRuntime(config: Config, opts: RuntimeOptions = {}): Runtime {
  const g = config.data.databases.greptime;
  const greptime = createGreptimeClient({
    url: greptimeUrl(config),
    database: g.database,
    username: g.username,
    password: g.password,
    timeoutMs: g.timeout * 1000,
    maxAttempts: g.max_attempts,
    fetch: opts.fetch,
    userAgentVersion: opts.version,
    onQuery: opts.onQuery,
  });
  const timeoutMs = config.prices.request_timeout_seconds * 1000;
  const endpoints = config.prices.endpoints;
  const liqwid = endpoints.liqwid_graphql
    ? createLiqwidClient({ endpoint: endpoints.liqwid_graphql, fetch: opts.fetch, timeoutMs })
    : null;
  const minswap = endpoints.minswap_aggregator
    ? createMinswapClient({
      baseUrl: endpoints.minswap_aggregator,
      currency: config.settings.currency,
      fetch: opts.fetch,
      timeoutMs,
    })
    : null;
  return {
    greptime,
    runDeps: {
      config,
      greptime,
      logger: opts.logger,
      clock: opts.clock,
      prices: { liqwid, minswap, registry: opts.registry ?? null },
      mismatchState: new Map(),
    },
  };
}
