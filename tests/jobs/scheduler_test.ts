import assert from "node:assert/strict";
import {
  createScheduler,
  cronExpression,
  type CronFn,
  type EvaluateFn,
  summaryLine,
} from "../../src/jobs/scheduler.ts";
import { createRecordStore } from "../../src/jobs/record_store.ts";
import { createMetrics, Registry } from "../../src/metrics/mod.ts";
import { EXPOSE_DEFAULTS } from "../../src/config/schema.ts";
import type { EvaluationRecord } from "../../src/evaluate/types.ts";
import { createFakeEvaluator, fakeRecord } from "../support/fake_evaluator.ts";
import { memoryLogger } from "../http/app_fixture.ts";
import { parsePromText, valueOf } from "../metrics/prom_text.ts";

const MIN = 60_000;

/** A fake clock with timers that fire only when `advance` is called. */
function fakeTime(start = Date.UTC(2025, 0, 21, 14, 0, 0)) {
  let ms = start;
  let nextId = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const flush = async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  };
  return {
    now: () => ms,
    set: (v: number) => (ms = v),
    setTimeout: (fn: () => void, delay: number): unknown => {
      timers.set(++nextId, { at: ms + delay, fn });
      return nextId;
    },
    clearTimeout: (id: unknown) => void timers.delete(id as number),
    pending: () => timers.size,
    flush,
    /** Moves time forward, firing due timers in order. */
    async advance(delta: number) {
      const target = ms + delta;
      while (true) {
        let best: [number, { at: number; fn: () => void }] | null = null;
        for (const e of timers) if (e[1].at <= target && (!best || e[1].at < best[1].at)) best = e;
        if (!best) break;
        timers.delete(best[0]);
        ms = Math.max(ms, best[1].at);
        best[1].fn();
        await flush();
      }
      ms = target;
      await flush();
    },
  };
}

function setup(
  opts: { interval?: number; timeout?: number; evaluate?: EvaluateFn; cron?: CronFn } = {},
) {
  const time = fakeTime();
  const fake = createFakeEvaluator({ now: time.now });
  const store = createRecordStore({ intervalMinutes: opts.interval ?? 7 });
  const registry = new Registry();
  const metrics = createMetrics(registry, {
    prefix: "wo_",
    expose: { ...EXPOSE_DEFAULTS },
    version: "t",
    denoVersion: "t",
  });
  const logs: string[] = [];
  const scheduler = createScheduler({
    evaluate: opts.evaluate ?? fake.evaluate,
    store,
    intervalMinutes: opts.interval ?? 7,
    timeoutSeconds: opts.timeout ?? 120,
    now: time.now,
    logger: memoryLogger(logs),
    metrics,
    cron: opts.cron,
    setTimeout: time.setTimeout,
    clearTimeout: time.clearTimeout,
  });
  return { time, fake, store, registry, metrics, logs, scheduler };
}

/** An evaluate function whose runs finish only when released. */
function deferredEvaluator(now: () => number) {
  const waiting: { resolve: (r: EvaluationRecord) => void; id: number }[] = [];
  let calls = 0;
  const evaluate: EvaluateFn = ({ evaluationId, signal }) =>
    new Promise((resolve, reject) => {
      calls++;
      waiting.push({ resolve, id: evaluationId });
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
  return {
    evaluate,
    calls: () => calls,
    release() {
      const w = waiting.shift();
      w?.resolve(fakeRecord(w.id, now()));
    },
  };
}

Deno.test("cronExpression() follows §11.5", async (t) => {
  const cases: [number, string | null][] = [
    [1, "*/1 * * * *"],
    [5, "*/5 * * * *"],
    [30, "*/30 * * * *"],
    [60, "0 * * * *"],
    [120, "0 */2 * * *"],
    [360, "0 */6 * * *"],
    [1440, "0 0 * * *"],
    [7, null],
    [45, null],
    [90, null],
    [2880, null],
  ];
  for (const [minutes, expected] of cases) {
    await t.step(`${minutes} min → ${expected}`, () => {
      assert.equal(cronExpression(minutes), expected);
    });
  }
});

Deno.test("summaryLine() matches §17.3", () => {
  const [djed, usdm, wanusdc, wanusdt] = fakeRecord(1, 0).results;
  assert.equal(summaryLine(djed), "djed: decision=1, wmax_usd=27.94 (3 wallets)");
  assert.equal(
    summaryLine(usdm),
    "usdm: decision=0, wmax_usd=0.00 [reason: non-positive gains since t0 (clamped)]",
  );
  assert.equal(summaryLine(wanusdc), "wanusdc: decision=1, wmax_usd=12.61 (2 wallets)");
  assert.equal(
    summaryLine(wanusdt),
    "wanusdt: decision=0, wmax_usd=0.00 [reason: residual gate triggered]",
  );
  assert.equal(
    summaryLine({ ...djed, wallet_count: 1 }),
    "djed: decision=1, wmax_usd=27.94 (1 wallet)",
  );
});

Deno.test("createScheduler() start: first run immediately, log lines in order", async () => {
  const { time, scheduler, store, logs } = setup();
  scheduler.start();
  await time.flush();
  assert.equal(store.latest()?.evaluation_id, 1);
  assert.deepEqual(logs, [
    "INFO - Running evaluation loop every 7 minutes",
    "INFO - First evaluation starting...",
    "INFO - Evaluation #1 finished in 850 ms",
    "INFO - djed: decision=1, wmax_usd=27.94 (3 wallets)",
    "INFO - usdm: decision=0, wmax_usd=0.00 [reason: non-positive gains since t0 (clamped)]",
    "INFO - wanusdc: decision=1, wmax_usd=12.61 (2 wallets)",
    "INFO - wanusdt: decision=0, wmax_usd=0.00 [reason: residual gate triggered]",
  ]);
  assert.equal(scheduler.mode(), "timer");
  await scheduler.stop();
});

Deno.test("createScheduler() timer chain runs every interval at a fixed rate", async () => {
  const { time, scheduler, fake } = setup({ interval: 7 });
  const t0 = time.now();
  scheduler.start();
  await time.flush();
  assert.equal(fake.calls, 1);
  await time.advance(7 * MIN - 1);
  assert.equal(fake.calls, 1);
  await time.advance(1);
  assert.equal(fake.calls, 2);
  await time.advance(14 * MIN);
  assert.equal(fake.calls, 4);
  assert.equal(time.now() - t0, 21 * MIN);
  await scheduler.stop();
  assert.equal(time.pending(), 0);
});

Deno.test("createScheduler() missed ticks are skipped, not queued", async () => {
  const { time, scheduler, fake } = setup({ interval: 7 });
  scheduler.start();
  await time.flush();
  // The process was suspended for 30 minutes: one late tick, then back on the 7-min grid.
  time.set(time.now() + 30 * MIN);
  await time.advance(0);
  assert.equal(fake.calls, 2);
  await time.advance(5 * MIN - 1); // next grid point is start + 35 min
  assert.equal(fake.calls, 2);
  await time.advance(1);
  assert.equal(fake.calls, 3);
  await scheduler.stop();
});

/** Like Deno's `setTimeout`: a delay above 2^31 − 1 ms overflows and fires after 1 ms. */
function overflowingSetTimeout(time: ReturnType<typeof fakeTime>, delays: number[] = []) {
  return (fn: () => void, delay: number): unknown => {
    delays.push(delay);
    if (delays.length > 1000) throw new Error(`timer storm: ${delays.slice(0, 6).join(", ")}…`);
    return time.setTimeout(fn, delay > 2_147_483_647 ? 1 : delay);
  };
}

Deno.test("createScheduler() intervals beyond the timer limit wait in steps, never early", async () => {
  const MAX_DELAY = 2_147_483_647;
  const interval = 50_000; // minutes (~34.7 days): longer than one timer can wait
  const time = fakeTime();
  const fake = createFakeEvaluator({ now: time.now });
  const delays: number[] = [];
  const scheduler = createScheduler({
    evaluate: fake.evaluate,
    store: createRecordStore({ intervalMinutes: interval }),
    intervalMinutes: interval,
    timeoutSeconds: 120,
    now: time.now,
    logger: memoryLogger([]),
    setTimeout: overflowingSetTimeout(time, delays),
    clearTimeout: time.clearTimeout,
  });
  scheduler.start();
  await time.flush();
  assert.equal(fake.calls, 1);
  await time.advance(MAX_DELAY + 1);
  assert.equal(fake.calls, 1, "no evaluation before the interval has passed");
  await time.advance(interval * MIN - MAX_DELAY - 2);
  assert.equal(fake.calls, 1);
  await time.advance(1);
  assert.equal(fake.calls, 2);
  assert.ok(delays.every((d) => d >= 0 && d <= MAX_DELAY), `delays ${delays.join(", ")}`);
  await scheduler.stop();
  assert.equal(time.pending(), 0);
});

Deno.test("createScheduler() an evaluation timeout beyond the timer limit does not fire early", async () => {
  const MAX_DELAY = 2_147_483_647;
  const time = fakeTime();
  const d = deferredEvaluator(time.now);
  const timeoutSeconds = 3_000_000; // allowed with interval_minutes = 50 000
  const scheduler = createScheduler({
    evaluate: d.evaluate,
    store: createRecordStore({ intervalMinutes: 50_000 }),
    intervalMinutes: 50_000,
    timeoutSeconds,
    now: time.now,
    logger: memoryLogger([]),
    setTimeout: overflowingSetTimeout(time),
    clearTimeout: time.clearTimeout,
  });
  const first = scheduler.trigger();
  await time.advance(MAX_DELAY + 1);
  d.release();
  assert.equal((await first).kind, "published");
  const second = scheduler.trigger();
  await time.advance(timeoutSeconds * 1000);
  assert.equal((await second).kind, "timeout");
  await scheduler.stop();
  assert.equal(time.pending(), 0);
});

Deno.test("createScheduler() never runs two at once: tick skipped, manual trigger joins", async () => {
  const time0 = fakeTime();
  const d = deferredEvaluator(time0.now);
  const { time, scheduler, logs, store } = setup({
    interval: 7,
    timeout: 420,
    evaluate: d.evaluate,
  });
  scheduler.start();
  await time.flush();
  d.release();
  await time.flush();
  assert.equal(store.latest()?.evaluation_id, 1);
  await time.advance(3 * MIN);
  const manual = scheduler.trigger(); // runs from minute 3, times out at minute 10
  const joined = scheduler.trigger();
  assert.equal(d.calls(), 2);
  assert.ok(scheduler.isRunning());
  await time.advance(4 * MIN); // the minute-7 tick arrives while #2 runs
  assert.equal(d.calls(), 2);
  assert.ok(logs.includes("WARNING - evaluation skipped: previous still running"));
  d.release();
  const [a, b] = await Promise.all([manual, joined]);
  assert.equal(a.kind, "published");
  assert.equal(a, b);
  assert.equal(store.latest()?.evaluation_id, 2);
  await time.advance(7 * MIN);
  assert.equal(d.calls(), 3);
  d.release();
  await time.flush();
  assert.equal(store.latest()?.evaluation_id, 3);
  await scheduler.stop();
});

Deno.test("createScheduler() timeout aborts, discards, keeps the previous record", async () => {
  const { time, scheduler, fake, store, registry, logs } = setup({ timeout: 30 });
  assert.equal((await scheduler.trigger()).kind, "published");
  fake.mode = "hang";
  const pending = scheduler.trigger();
  await time.advance(29_999);
  assert.ok(scheduler.isRunning());
  await time.advance(1);
  const outcome = await pending;
  assert.deepEqual(outcome, { kind: "timeout", evaluationId: 2, timeoutSeconds: 30 });
  assert.equal(fake.signals[1].aborted, true);
  assert.equal(store.latest()?.evaluation_id, 1);
  assert.ok(logs.some((l) => l.startsWith("ERROR - Evaluation #2 timed out after 30 s")));
  const s = parsePromText(await registry.metrics());
  assert.equal(valueOf(s, "wo_evaluation_errors_total", { asset: "_all_" }), 1);
  assert.ok(!scheduler.isRunning());
});

Deno.test("createScheduler() a crash keeps the previous record and recovers next cycle", async () => {
  const { time, scheduler, fake, store, registry, logs } = setup({ interval: 7 });
  scheduler.start();
  await time.flush();
  fake.mode = "throw";
  await time.advance(7 * MIN);
  assert.equal(store.latest()?.evaluation_id, 1);
  assert.ok(logs.includes(
    "ERROR - Evaluation #2 failed: unexpected failure in evaluation; the previous record stays published",
  ));
  fake.mode = "db_down";
  await time.advance(7 * MIN);
  assert.equal(store.latest()?.evaluation_id, 3);
  assert.ok(store.latest()!.results.every((r) => r.decision === -1));
  fake.mode = "ok";
  await time.advance(7 * MIN);
  assert.equal(store.latest()?.evaluation_id, 4);
  assert.equal(store.latest()!.results[0].decision, 1);
  const s = parsePromText(await registry.metrics());
  assert.equal(valueOf(s, "wo_evaluation_errors_total", { asset: "_all_" }), 1);
  assert.equal(valueOf(s, "wo_evaluation_errors_total", { asset: "djed" }), 1);
  assert.equal(valueOf(s, "wo_decision", { asset: "djed" }), 1);
  await scheduler.stop();
});

Deno.test("createScheduler() uses cron for clock-aligned intervals and stop() cancels it", async () => {
  const registered: {
    name: string;
    schedule: string;
    signal?: AbortSignal;
    handler: () => void;
  }[] = [];
  const cron: CronFn = (name, schedule, options, handler) => {
    registered.push({ name, schedule, signal: options.signal, handler: () => void handler() });
    return new Promise<void>(() => {});
  };
  const { time, scheduler, fake } = setup({ interval: 15, cron });
  scheduler.start();
  await time.flush();
  assert.equal(scheduler.mode(), "cron");
  assert.equal(registered.length, 1);
  assert.equal(registered[0].name, "alert-orchestrator-evaluation");
  assert.equal(registered[0].schedule, "*/15 * * * *");
  assert.equal(time.pending(), 0, "no timer chain besides cron");
  registered[0].handler();
  await time.flush();
  assert.equal(fake.calls, 2);
  await scheduler.stop();
  assert.equal(registered[0].signal?.aborted, true);
  registered[0].handler();
  await time.flush();
  assert.equal(fake.calls, 2, "no run after stop");
});

Deno.test("createScheduler() falls back to the timer when the cron registration rejects", async () => {
  const cron: CronFn = () => Promise.reject(new Error("cron backend unavailable"));
  const { time, scheduler, logs, fake } = setup({ interval: 15, cron });
  scheduler.start();
  await time.flush();
  assert.equal(scheduler.mode(), "timer");
  assert.ok(
    logs.some((l) => l.startsWith("WARNING - Deno.cron failed (cron backend unavailable)")),
  );
  assert.equal(fake.calls, 1);
  await time.advance(15 * MIN);
  assert.equal(fake.calls, 2, "the schedule goes on");
  await scheduler.stop();
  assert.equal(time.pending(), 0);
});

Deno.test("createScheduler() falls back to the timer when cron throws", async () => {
  const cron: CronFn = () => {
    throw new Error("cron needs --unstable-cron");
  };
  const { time, scheduler, logs } = setup({ interval: 15, cron });
  scheduler.start();
  await time.flush();
  assert.equal(scheduler.mode(), "timer");
  assert.ok(logs.some((l) => l.startsWith("WARNING - Deno.cron unavailable")));
  await scheduler.stop();
});

Deno.test("createScheduler() stop() aborts a running evaluation and ends scheduling", async () => {
  const { time, scheduler, fake, store } = setup({ interval: 7 });
  fake.mode = "hang";
  scheduler.start();
  await time.flush();
  assert.ok(scheduler.isRunning());
  await scheduler.stop();
  assert.equal(fake.signals[0].aborted, true);
  assert.equal(store.latest(), null);
  assert.equal(time.pending(), 0);
  assert.deepEqual(await scheduler.trigger(), { kind: "stopped" });
});
