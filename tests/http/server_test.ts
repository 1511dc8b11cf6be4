import assert from "node:assert/strict";
import { createService, type Service, startServer } from "../../server.ts";
import { fakeClock, memoryLogger, testConfig } from "./app_fixture.ts";
import { createFakeEvaluator, type FakeEvaluator } from "../support/fake_evaluator.ts";
import { parsePromText, valueOf } from "../metrics/prom_text.ts";
import { sha256, toHex } from "../../src/http/password.ts";

interface Running {
  service: Service;
  fake: FakeEvaluator;
  db: { up: boolean };
  clock: ReturnType<typeof fakeClock>;
  logs: string[];
  base: string;
  port: number;
  shutdown: () => Promise<void>;
}

async function run(config: unknown = {}, hostname = "127.0.0.1"): Promise<Running> {
  const clock = fakeClock(Date.now());
  const cfg = testConfig(config);
  const fake = createFakeEvaluator({ now: clock.now, assets: cfg.domain.assets });
  const logs: string[] = [];
  const logger = memoryLogger(logs);
  const db = { up: true };
  const service = createService({
    config: cfg,
    evaluate: fake.evaluate,
    ping: () => db.up ? Promise.resolve() : Promise.reject(new Error("refused")),
    normalizedConfig: "{}",
    logger,
    version: "0.1.0",
    cron: null,
    now: clock.now,
  });
  const server = await startServer({ ...service, logger, config: cfg }, {
    hostname,
    port: 0,
    handleSignals: false,
  });
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  return {
    service,
    fake,
    db,
    clock,
    logs,
    base: `http://${host}:${server.port}`,
    port: server.port,
    shutdown: server.shutdown,
  };
}

async function waitFor(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(cond(), `timed out waiting for ${what}`);
}

Deno.test("startServer() logs the §17.3 server sequence and serves over a socket", async () => {
  const s = await run();
  try {
    await waitFor(() => s.service.store.latest() !== null, "first evaluation");
    assert.deepEqual(s.logs.slice(0, 6), [
      `INFO - Starting HTTP server on 127.0.0.1:${s.port}`,
      `INFO - Prometheus metrics available at http://127.0.0.1:${s.port}/metrics`,
      `INFO - Dashboard available at http://127.0.0.1:${s.port}/dashboard`,
      "INFO - Running evaluation loop every 60 minutes",
      "INFO - First evaluation starting...",
      "INFO - Evaluation #1 finished in 850 ms",
    ]);
    assert.ok(s.port > 0);
    const cases: [string, number, string][] = [
      ["/healthz", 200, "application/json; charset=utf-8"],
      ["/readyz", 200, "application/json; charset=utf-8"],
      ["/metrics", 200, "text/plain; version=0.0.4; charset=utf-8"],
      ["/dashboard", 200, "text/html; charset=utf-8"],
      ["/api/assets", 200, "application/json; charset=utf-8"],
      ["/api/decisions", 200, "application/json; charset=utf-8"],
      ["/api/decisions/djed", 200, "application/json; charset=utf-8"],
      ["/api/decisions/nope", 404, "application/problem+json"],
      ["/api/config/normalized", 200, "application/json; charset=utf-8"],
      ["/charts/djed.svg", 404, "application/problem+json"],
      ["/nope", 404, "application/problem+json"],
    ];
    for (const [path, status, type] of cases) {
      const res = await fetch(s.base + path);
      assert.equal(res.status, status, path);
      assert.equal(res.headers.get("content-type"), type, path);
      assert.equal(res.headers.get("x-frame-options"), "DENY", path);
      await res.body?.cancel();
    }
    const metrics = parsePromText(await (await fetch(s.base + "/metrics")).text());
    const record = s.service.store.latest()!;
    for (const r of record.results) {
      assert.equal(valueOf(metrics, "wo_decision", { asset: r.asset }), r.decision);
      assert.equal(valueOf(metrics, "wo_wmax_usd", { asset: r.asset }), r.wmax_usd);
    }
  } finally {
    await s.shutdown();
  }
});

Deno.test("startServer() on an IPv6 address logs URLs with the address in brackets", async () => {
  const s = await run({}, "::1");
  try {
    assert.deepEqual(s.logs.slice(0, 3), [
      `INFO - Starting HTTP server on ::1:${s.port}`,
      `INFO - Prometheus metrics available at http://[::1]:${s.port}/metrics`,
      `INFO - Dashboard available at http://[::1]:${s.port}/dashboard`,
    ]);
    const metricsUrl = s.logs[1].slice(s.logs[1].indexOf("http://"));
    const res = await fetch(metricsUrl);
    assert.equal(res.status, 200);
    await res.body?.cancel();
    const post = await fetch(`${s.base}/api/evaluate`, {
      method: "POST",
      headers: { Origin: s.base, "Sec-Fetch-Site": "same-origin" },
    });
    assert.equal(post.status, 200);
    await post.body?.cancel();
  } finally {
    await s.shutdown();
  }
});

Deno.test("over a socket: POST /api/evaluate, cross-origin refusal, 405", async () => {
  const s = await run();
  try {
    await waitFor(() => s.service.store.latest() !== null, "first evaluation");
    const ok = await fetch(s.base + "/api/evaluate", { method: "POST" });
    assert.equal(ok.status, 200);
    assert.equal((await ok.json()).evaluation_id, 2);
    const same = await fetch(s.base + "/api/evaluate", {
      method: "POST",
      headers: { Origin: s.base },
    });
    assert.equal(same.status, 200);
    await same.body?.cancel();
    const cross = await fetch(s.base + "/api/evaluate", {
      method: "POST",
      headers: { Origin: "http://attacker.example" },
    });
    assert.equal(cross.status, 403);
    assert.equal((await cross.json()).type, "urn:alert-orchestrator:problem:forbidden-origin");
    const wrong = await fetch(s.base + "/api/evaluate");
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get("allow"), "POST");
    await wrong.body?.cancel();
    assert.equal(s.fake.calls, 3);
  } finally {
    await s.shutdown();
  }
});

Deno.test("over a socket: auth uses the remote address for rate limiting", async () => {
  const hash = "sha256:" + toHex(await sha256("pw"));
  const s = await run({
    runtime: { auth: { enabled: true, username: "u", password_hash: hash, max_failures: 2 } },
  });
  try {
    const bad = { headers: { Authorization: "Basic " + btoa("u:bad") } };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(s.base + "/api/assets", bad);
      statuses.push(res.status);
      await res.body?.cancel();
    }
    assert.deepEqual(statuses, [401, 401, 429, 429]);
    const health = await fetch(s.base + "/healthz");
    assert.equal(health.status, 200);
    await health.body?.cancel();
    const metrics = await fetch(s.base + "/metrics");
    assert.equal(metrics.status, 200);
    await metrics.body?.cancel();
  } finally {
    await s.shutdown();
  }
});

Deno.test("database goes away mid-run: assets ERROR, server answers, /readyz 503, recovery next cycle", async () => {
  const s = await run();
  try {
    await waitFor(() => s.service.store.latest() !== null, "first evaluation");
    assert.equal((await (await fetch(s.base + "/readyz")).json()).status, "ready");

    s.db.up = false;
    s.fake.mode = "db_down";
    s.clock.ms += 10_000;
    const res = await fetch(s.base + "/api/evaluate", { method: "POST" });
    assert.equal(res.status, 200);
    const body = await res.json();
    for (const r of Object.values(body.decisions) as { decision: number; reason: string }[]) {
      assert.equal(r.decision, -1);
      assert.match(r.reason, /^error: database unreachable/);
    }
    const ready = await fetch(s.base + "/readyz");
    assert.equal(ready.status, 503);
    const readyBody = await ready.json();
    assert.equal(readyBody.database, "unreachable");
    const health = await fetch(s.base + "/healthz");
    assert.equal(health.status, 200);
    await health.body?.cancel();
    const dash = await (await fetch(s.base + "/dashboard?asset=djed")).text();
    assert.ok(dash.includes("❌ ERROR"));
    const m1 = parsePromText(await (await fetch(s.base + "/metrics")).text());
    assert.equal(valueOf(m1, "wo_decision", { asset: "djed" }), -1);
    assert.equal(valueOf(m1, "wo_evaluation_errors_total", { asset: "djed" }), 1);

    // Next cycle: the database is back; no restart needed.
    s.db.up = true;
    s.fake.mode = "ok";
    s.clock.ms += 10_000;
    const again = await fetch(s.base + "/api/evaluate", { method: "POST" });
    assert.equal((await again.json()).decisions.djed.decision, 1);
    const readyAgain = await fetch(s.base + "/readyz");
    assert.equal(readyAgain.status, 200);
    await readyAgain.body?.cancel();
    const m2 = parsePromText(await (await fetch(s.base + "/metrics")).text());
    assert.equal(valueOf(m2, "wo_decision", { asset: "djed" }), 1);
  } finally {
    await s.shutdown();
  }
});

Deno.test("a slow evaluation does not delay /metrics or /dashboard", async () => {
  const s = await run();
  try {
    await waitFor(() => s.service.store.latest() !== null, "first evaluation");
    s.fake.delayMs = 3000;
    const slow = fetch(s.base + "/api/evaluate", { method: "POST" });
    await waitFor(() => s.service.scheduler.isRunning(), "evaluation start");
    for (const path of ["/metrics", "/dashboard", "/api/decisions"]) {
      const res = await fetch(s.base + path);
      assert.equal(res.status, 200);
      await res.text();
      // The answer arrived while the evaluation is still running.
      assert.ok(s.service.scheduler.isRunning(), `${path} waited for the evaluation`);
    }
    const decisions = await (await fetch(s.base + "/api/decisions")).json();
    assert.equal(decisions.evaluation_id, 1, "previous record served meanwhile");
    s.fake.delayMs = 0;
    await s.service.scheduler.stop();
    const res = await slow;
    assert.equal(res.status, 503);
    await res.body?.cancel();
  } finally {
    await s.shutdown();
  }
});

Deno.test("shutdown() stops the scheduler and closes the listener", async () => {
  const s = await run();
  await waitFor(() => s.service.store.latest() !== null, "first evaluation");
  await s.shutdown();
  await assert.rejects(() => fetch(s.base + "/healthz"));
  assert.deepEqual(await s.service.scheduler.trigger(), { kind: "stopped" });
});
