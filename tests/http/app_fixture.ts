/** Shared fixture for the HTTP tests: config, fake evaluator, store, metrics, scheduler, app. */
import { type Config, type ConfigInput, ConfigSchema } from "../../src/config/schema.ts";
import { createApp } from "../../src/http/app.ts";
import type { AppDeps } from "../../src/http/deps.ts";
import { createRecordStore, type RecordStore } from "../../src/jobs/record_store.ts";
import { createScheduler, type Scheduler } from "../../src/jobs/scheduler.ts";
import { createMetrics, type MetricsRecorder, Registry } from "../../src/metrics/mod.ts";
import type { Logger } from "../../src/log.ts";
import { createFakeEvaluator, type FakeEvaluator } from "../support/fake_evaluator.ts";

export const BASE_CONFIG: ConfigInput = {
  domain: { assets: ["djed", "usdm", "wanusdc", "wanusdt"], alternate_names: { djed: "djed_usd" } },
  prices: { sources: ["liqwid", "minswap"] },
  analysis: { price_compare: { enabled: true, persistence_threshold: 2 } },
  runtime: { schedule: { interval_minutes: 60, evaluation_timeout_seconds: 120 } },
};

/** Deep-merges plain objects (arrays replaced). */
export function merge<T>(base: T, over: unknown): T {
  if (over === null || typeof over !== "object" || Array.isArray(over)) return over as T;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over as Record<string, unknown>)) {
    const b = out[k];
    out[k] = b !== null && typeof b === "object" && !Array.isArray(b) ? merge(b, v) : v;
  }
  return out as T;
}

export function testConfig(over: unknown = {}): Config {
  return ConfigSchema.parse(merge(BASE_CONFIG, over));
}

export interface Clock {
  ms: number;
  now: () => number;
}

export function fakeClock(start = Date.UTC(2025, 0, 21, 14, 30, 22)): Clock {
  const clock: Clock = { ms: start, now: () => clock.ms };
  return clock;
}

export interface Fixture {
  config: Config;
  clock: Clock;
  fake: FakeEvaluator;
  store: RecordStore;
  metrics: MetricsRecorder;
  registry: Registry;
  scheduler: Scheduler;
  app: ReturnType<typeof createApp>;
  db: { up: boolean; pings: number };
  logs: string[];
  logger: Logger;
}

export function memoryLogger(lines: string[]): Logger {
  return {
    debug: (m) => lines.push(`DEBUG - ${m}`),
    info: (m) => lines.push(`INFO - ${m}`),
    warning: (m) => lines.push(`WARNING - ${m}`),
    error: (m) => lines.push(`ERROR - ${m}`),
  };
}

export function createFixture(
  opts: { config?: unknown; deps?: Partial<AppDeps>; clock?: Clock } = {},
): Fixture {
  const config = testConfig(opts.config ?? {});
  const clock = opts.clock ?? fakeClock();
  const fake = createFakeEvaluator({ now: clock.now, assets: config.domain.assets });
  const store = createRecordStore({ intervalMinutes: config.runtime.schedule.interval_minutes });
  const registry = new Registry();
  const metrics = createMetrics(registry, {
    prefix: config.runtime.telemetry.metric_prefix,
    expose: config.runtime.telemetry.expose,
    version: "0.1.0-test",
    denoVersion: "2.9.6",
  });
  const logs: string[] = [];
  const logger = memoryLogger(logs);
  const scheduler = createScheduler({
    evaluate: fake.evaluate,
    store,
    intervalMinutes: config.runtime.schedule.interval_minutes,
    timeoutSeconds: config.runtime.schedule.evaluation_timeout_seconds,
    now: clock.now,
    logger,
    metrics,
  });
  const db = { up: true, pings: 0 };
  const app = createApp({
    config,
    store,
    trigger: () => scheduler.trigger(),
    metrics: registry,
    ping: () => {
      db.pings++;
      return db.up ? Promise.resolve() : Promise.reject(new Error("connection refused"));
    },
    normalizedConfig: JSON.stringify({ domain: { assets: config.domain.assets } }, null, 2),
    logger,
    now: clock.now,
    ...opts.deps,
  });
  return { config, clock, fake, store, metrics, registry, scheduler, app, db, logs, logger };
}
