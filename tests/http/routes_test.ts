import assert from "node:assert/strict";
import { createFixture } from "./app_fixture.ts";
import { fakeRecord } from "../support/fake_evaluator.ts";
import type { SyncHandler } from "../../src/http/deps.ts";
import { renderPng } from "../../src/chart/png.ts";

async function json(res: Response): Promise<Record<string, unknown>> {
  return await res.json() as Record<string, unknown>;
}

function assertProblem(body: Record<string, unknown>, slug: string, status: number, path: string) {
  assert.equal(body.type, `urn:alert-orchestrator:problem:${slug}`);
  assert.equal(body.status, status);
  assert.equal(typeof body.title, "string");
  assert.equal(typeof body.detail, "string");
  assert.equal(body.instance, path);
}

Deno.test("GET /healthz answers ok", async () => {
  const { app } = createFixture();
  const res = await app.request("/healthz");
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: "ok" });
  assert.equal(res.headers.get("cache-control"), "no-store");
});

Deno.test("GET /api/decisions before the first record", async () => {
  const { app } = createFixture();
  const res = await app.request("/api/decisions");
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), {
    evaluation_id: null,
    evaluated_at: null,
    duration_ms: null,
    stale: true,
    age_seconds: null,
    decisions: {},
  });
  const one = await app.request("/api/decisions/djed");
  assert.equal(one.status, 503);
  assert.equal(one.headers.get("content-type"), "application/problem+json");
  assertProblem(await json(one), "not-ready", 503, "/api/decisions/djed");
});

Deno.test("GET /api/decisions after an evaluation mirrors the record", async () => {
  const f = createFixture();
  await f.scheduler.trigger();
  f.clock.ms += 90_500;
  const body = await json(await f.app.request("/api/decisions"));
  const record = f.store.latest()!;
  assert.equal(body.evaluation_id, 1);
  assert.equal(body.evaluated_at, record.finished_at);
  assert.equal(body.duration_ms, 850);
  assert.equal(body.stale, false);
  assert.equal(body.age_seconds, 90.5);
  const decisions = body.decisions as Record<string, unknown>;
  assert.deepEqual(Object.keys(decisions), ["djed", "usdm", "wanusdc", "wanusdt"]);
  assert.deepEqual(decisions.djed, JSON.parse(JSON.stringify(record.results[0])));
  assert.ok(!("details" in body));
});

Deno.test("GET /api/decisions/:asset by name, alternate name and case; 404 unknown", async (t) => {
  const f = createFixture();
  await f.scheduler.trigger();
  for (const name of ["djed", "DJED", "djed_usd"]) {
    await t.step(name, async () => {
      const res = await f.app.request(`/api/decisions/${name}`);
      assert.equal(res.status, 200);
      const body = await json(res);
      assert.equal(body.asset, "djed");
      assert.equal(body.evaluated_at, f.store.latest()!.finished_at);
      assert.equal(body.stale, false);
    });
  }
  await t.step("unknown", async () => {
    const res = await f.app.request("/api/decisions/nope");
    assert.equal(res.status, 404);
    assertProblem(await json(res), "not-found", 404, "/api/decisions/nope");
  });
  await t.step("stale after two intervals", async () => {
    f.clock.ms += 2 * 3_600_000 + 1;
    assert.equal((await json(await f.app.request("/api/decisions/djed"))).stale, true);
  });
});

Deno.test("full wallet addresses never leave over HTTP", async () => {
  const f = createFixture({ deps: { renderChartSvg: () => "<svg/>" } });
  await f.scheduler.trigger();
  const full = f.store.latest()!.details.flatMap((d) => d.walletAddresses);
  assert.ok(full.length > 0 && full.every((a) => a.length > 50));
  for (const path of ["/api/decisions", "/api/decisions/djed", "/dashboard", "/metrics"]) {
    const text = await (await f.app.request(path)).text();
    for (const a of full) assert.ok(!text.includes(a), `${path} leaks ${a}`);
    assert.ok(!text.includes(full[0].slice(0, 20)), path);
  }
});

Deno.test("no NaN or Infinity in JSON", async () => {
  const f = createFixture();
  const record = fakeRecord(1, f.clock.ms);
  record.results[0] = { ...record.results[0], g_usd: NaN, v_t1_usd: Infinity };
  f.store.publish(record);
  const text = await (await f.app.request("/api/decisions/djed")).text();
  assert.ok(!/NaN|Infinity/.test(text));
  const body = JSON.parse(text);
  assert.equal(body.g_usd, null);
  assert.equal(body.v_t1_usd, null);
});

Deno.test("GET /api/assets: sorted, selected from ?asset= else first", async (t) => {
  const { app } = createFixture({ config: { domain: { assets: ["wanusdt", "djed", "usdm"] } } });
  const cases: [string, string | null][] = [
    ["/api/assets", "djed"],
    ["/api/assets?asset=usdm", "usdm"],
    ["/api/assets?asset=bogus", "djed"],
  ];
  for (const [path, selected] of cases) {
    await t.step(path, async () => {
      assert.deepEqual(await (await app.request(path)).json(), {
        assets: ["djed", "usdm", "wanusdt"],
        selected,
      });
    });
  }
  await t.step("no assets → selected null", async () => {
    const empty = createFixture({ config: { domain: { assets: [] } } });
    assert.deepEqual(await (await empty.app.request("/api/assets")).json(), {
      assets: [],
      selected: null,
    });
  });
});

Deno.test("GET /api/config/normalized serves the normalized JSON", async () => {
  const f = createFixture();
  const res = await f.app.request("/api/config/normalized");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type")!, /^application\/json/);
  assert.deepEqual(await res.json(), {
    domain: { assets: ["djed", "usdm", "wanusdc", "wanusdt"] },
  });
});

Deno.test("POST /api/evaluate runs an evaluation; 504 on timeout; 500 on crash", async (t) => {
  const f = createFixture();
  await t.step("200 with the /api/decisions body", async () => {
    const res = await f.app.request("/api/evaluate", { method: "POST" });
    assert.equal(res.status, 200);
    const body = await json(res);
    assert.equal(body.evaluation_id, 1);
    assert.equal(Object.keys(body.decisions as object).length, 4);
  });
  await t.step("504 evaluation-timeout", async () => {
    const timeoutApp = createFixture({
      deps: {
        trigger: () => Promise.resolve({ kind: "timeout", evaluationId: 2, timeoutSeconds: 120 }),
      },
    }).app;
    const res = await timeoutApp.request("/api/evaluate", { method: "POST" });
    assert.equal(res.status, 504);
    assertProblem(await json(res), "evaluation-timeout", 504, "/api/evaluate");
  });
  await t.step("500 internal without internals in detail", async () => {
    f.fake.mode = "throw";
    const res = await f.app.request("/api/evaluate", { method: "POST" });
    assert.equal(res.status, 500);
    const body = await json(res);
    assertProblem(body, "internal", 500, "/api/evaluate");
    assert.ok(!String(body.detail).includes("unexpected failure"));
    assert.equal(f.store.latest()?.evaluation_id, 1);
  });
});

Deno.test("POST /api/sync/transactions: 404 when disabled, report/409/400 when wired", async (t) => {
  await t.step("404 sync disabled (both paths)", async () => {
    const { app } = createFixture();
    for (const p of ["/api/sync/transactions", "/api/sync-transactions"]) {
      const res = await app.request(p, { method: "POST" });
      assert.equal(res.status, 404);
      const body = await json(res);
      assertProblem(body, "not-found", 404, p);
      assert.equal(body.detail, "sync disabled");
    }
  });
  const seen: unknown[] = [];
  let next: Awaited<ReturnType<SyncHandler>> = { kind: "done", report: { success: true } };
  const sync: SyncHandler = (w) => {
    seen.push(w);
    return Promise.resolve(next);
  };
  const { app } = createFixture({ deps: { sync } });
  await t.step("200 report, dates passed through", async () => {
    const res = await app.request("/api/sync/transactions", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ start_date: "2025-01-01" }),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { success: true });
    assert.deepEqual(seen[0], { start_date: "2025-01-01", end_date: null });
  });
  await t.step("409 while a sync runs", async () => {
    next = { kind: "busy" };
    const res = await app.request("/api/sync-transactions", { method: "POST" });
    assert.equal(res.status, 409);
    assertProblem(await json(res), "conflict", 409, "/api/sync-transactions");
  });
  await t.step("400 bad dates", async () => {
    next = { kind: "invalid", message: "start_date must be before end_date" };
    const res = await app.request("/api/sync/transactions", { method: "POST" });
    assert.equal(res.status, 400);
    assert.equal((await json(res)).detail, "start_date must be before end_date");
    const wrongType = await app.request("/api/sync/transactions", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ start_date: 5 }),
    });
    assert.equal(wrongType.status, 400);
  });
});

Deno.test("unknown routes 404; known paths with another method 405 + Allow", async (t) => {
  const { app } = createFixture();
  const cases: [string, string, number, string | null][] = [
    ["GET", "/nope", 404, null],
    ["GET", "/api/decisions/djed/extra", 404, null],
    ["POST", "/healthz", 405, "GET, HEAD"],
    ["DELETE", "/api/decisions", 405, "GET, HEAD"],
    ["PUT", "/metrics", 405, "GET, HEAD"],
    ["GET", "/api/evaluate", 405, "POST"],
    ["GET", "/api/sync/transactions", 405, "POST"],
    ["POST", "/charts/djed.svg", 405, "GET, HEAD"],
  ];
  for (const [method, path, status, allow] of cases) {
    await t.step(`${method} ${path} → ${status}`, async () => {
      const res = await app.request(path, { method });
      assert.equal(res.status, status);
      assert.equal(res.headers.get("allow"), allow);
      assert.equal(res.headers.get("content-type"), "application/problem+json");
      const slug = status === 404 ? "not-found" : "method-not-allowed";
      assertProblem(await json(res), slug, status, path);
    });
  }
  await t.step("HEAD on a GET route", async () => {
    const res = await app.request("/healthz", { method: "HEAD" });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "");
  });
});

Deno.test("GET /readyz: 503 before the first evaluation, 200 after, 503 when the database is down", async (t) => {
  const f = createFixture();
  await t.step("503 before the first evaluation", async () => {
    const res = await f.app.request("/readyz");
    assert.equal(res.status, 503);
    const body = await json(res);
    assert.equal(body.status, "not_ready");
    assert.equal(body.last_evaluation, null);
    assert.equal(body.database, "ok");
    assert.deepEqual(body.reasons, ["no evaluation has completed yet"]);
  });
  await f.scheduler.trigger();
  await t.step("200 ready", async () => {
    const res = await f.app.request("/readyz");
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      status: "ready",
      last_evaluation: f.store.latest()!.finished_at,
      age_seconds: 0,
      database: "ok",
      reasons: [],
    });
  });
  await t.step("ping result cached for 10 s", async () => {
    const before = f.db.pings;
    f.db.up = false;
    f.clock.ms += 9_999;
    assert.equal((await f.app.request("/readyz")).status, 200);
    assert.equal(f.db.pings, before);
    f.clock.ms += 1;
    const res = await f.app.request("/readyz");
    assert.equal(res.status, 503);
    const body = await json(res);
    assert.equal(body.database, "unreachable");
    assert.deepEqual(body.reasons, ["database unreachable (SELECT 1 failed)"]);
    assert.equal(f.db.pings, before + 1);
  });
  await t.step("recovers when the database is back", async () => {
    f.db.up = true;
    f.clock.ms += 10_000;
    assert.equal((await f.app.request("/readyz")).status, 200);
  });
  await t.step("503 when the record is older than 2·interval + timeout", async () => {
    f.clock.ms = Date.parse(f.store.latest()!.finished_at) + (2 * 3600 + 120) * 1000 + 1000;
    const res = await f.app.request("/readyz");
    assert.equal(res.status, 503);
    const reasons = (await json(res)).reasons as string[];
    assert.equal(reasons.length, 1);
    assert.match(reasons[0], /^last evaluation is too old/);
  });
});

Deno.test("GET /metrics: text exposition with the registry content type", async () => {
  const f = createFixture();
  await f.scheduler.trigger();
  const res = await f.app.request("/metrics");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const text = await res.text();
  assert.match(
    text,
    /^wo_decision\{asset="djed",alternate_asset_name="djed_usd",ref_mode="keyword"\} 1$/m,
  );
});

Deno.test("metrics path follows runtime.telemetry.path", async () => {
  const f = createFixture({ config: { runtime: { telemetry: { path: "/prom" } } } });
  assert.equal((await f.app.request("/prom")).status, 200);
  assert.equal((await f.app.request("/metrics")).status, 404);
});

Deno.test("chart routes: 200 svg/png with ETag, 304, 400, 404, 503", async (t) => {
  const sizes: string[] = [];
  const f = createFixture({
    deps: {
      renderChartSvg: (chart, o) => {
        sizes.push(`${o.width}x${o.height}`);
        return `<svg xmlns="http://www.w3.org/2000/svg"><text>${chart.asset}</text></svg>`;
      },
      renderChartPng: (svg) => Promise.resolve(new TextEncoder().encode(`PNG:${svg.length}`)),
    },
  });
  await t.step("503 before the first record", async () => {
    const res = await f.app.request("/charts/djed.svg");
    assert.equal(res.status, 503);
  });
  await f.scheduler.trigger();
  await t.step("200 svg with SVG CSP and ETag", async () => {
    const res = await f.app.request("/charts/djed.svg");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "image/svg+xml; charset=utf-8");
    assert.equal(
      res.headers.get("content-security-policy"),
      "default-src 'none'; style-src 'unsafe-inline'",
    );
    assert.equal(res.headers.get("etag"), '"1-1200x1000"');
    assert.match(await res.text(), /<text>djed<\/text>/);
  });
  await t.step("cached rendering and 304 on If-None-Match", async () => {
    const n = sizes.length;
    const res = await f.app.request("/charts/djed.svg", {
      headers: { "If-None-Match": '"1-1200x1000"' },
    });
    assert.equal(res.status, 304);
    await f.app.request("/charts/djed.svg");
    assert.equal(sizes.length, n);
  });
  for (
    const header of ['W/"1-1200x1000"', '"0-1200x1000", "1-1200x1000"', '"x",W/"1-1200x1000"', "*"]
  ) {
    await t.step(`304 on If-None-Match: ${header}`, async () => {
      const res = await f.app.request("/charts/djed.svg", { headers: { "If-None-Match": header } });
      assert.equal(res.status, 304);
      assert.equal(res.headers.get("etag"), '"1-1200x1000"');
    });
  }
  await t.step("200 when If-None-Match names another size or evaluation", async () => {
    for (const header of ['"1-400x300"', 'W/"2-1200x1000"']) {
      const res = await f.app.request("/charts/djed.svg", { headers: { "If-None-Match": header } });
      assert.equal(res.status, 200);
      await res.body?.cancel();
    }
  });
  await t.step("custom size", async () => {
    const res = await f.app.request("/charts/djed.png?width=400&height=300");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "image/png");
    assert.equal(res.headers.get("etag"), '"1-400x300"');
    assert.equal(sizes.at(-1), "400x300");
  });
  for (const q of ["width=399", "height=4001", "width=abc", "width=500.5"]) {
    await t.step(`400 for ${q}`, async () => {
      const res = await f.app.request(`/charts/djed.svg?${q}`);
      assert.equal(res.status, 400);
      assert.equal((await json(res)).type, "urn:alert-orchestrator:problem:invalid-request");
    });
  }
  for (const p of ["/charts/nope.svg", "/charts/djed.gif", "/charts/DJED.svg"]) {
    await t.step(`404 ${p}`, async () => {
      assert.equal((await f.app.request(p)).status, 404);
    });
  }
  await t.step("404 when the asset has no chart data", async () => {
    f.fake.mode = "db_down";
    await f.scheduler.trigger();
    assert.equal((await f.app.request("/charts/djed.svg")).status, 404);
  });
});

Deno.test("chart routes answer 404 'chart not available' without renderers", async () => {
  const f = createFixture();
  await f.scheduler.trigger();
  for (const p of ["/charts/djed.svg", "/charts/djed.png"]) {
    const res = await f.app.request(p);
    assert.equal(res.status, 404);
    assert.equal((await json(res)).detail, "chart not available");
  }
  const svgOnly = createFixture({ deps: { renderChartSvg: () => "<svg/>" } });
  await svgOnly.scheduler.trigger();
  assert.equal((await svgOnly.app.request("/charts/djed.svg")).status, 200);
  assert.equal((await svgOnly.app.request("/charts/djed.png")).status, 404);
});

Deno.test("an unexpected exception becomes a 500 problem without internals", async () => {
  const f = createFixture({
    deps: {
      renderChartSvg: () => {
        throw new Error("SELECT * FROM secret /etc/passwd");
      },
    },
  });
  await f.scheduler.trigger();
  const res = await f.app.request("/charts/djed.svg");
  assert.equal(res.status, 500);
  const body = await json(res);
  assertProblem(body, "internal", 500, "/charts/djed.svg");
  assert.ok(!JSON.stringify(body).includes("SELECT") && !JSON.stringify(body).includes("/etc"));
  assert.ok(f.logs.some((l) => l.startsWith("ERROR - HTTP GET /charts/djed.svg failed")));
});

Deno.test("a PNG chart with a missing font answers 500 without the font paths in detail", async () => {
  const fontFile = "/nonexistent-fonts-dir/DejaVuSans.ttf";
  const f = createFixture({
    deps: {
      renderChartSvg: () =>
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text x="2" y="15">hi</text></svg>',
      renderChartPng: (svg) => renderPng(svg, { fontFile }),
    },
  });
  await f.scheduler.trigger();
  const res = await f.app.request("/charts/djed.png");
  assert.equal(res.status, 500);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  assert.equal(res.headers.get("x-content-type-options"), "nosniff");
  const body = await json(res);
  assertProblem(body, "internal", 500, "/charts/djed.png");
  const text = JSON.stringify(body);
  assert.ok(!text.includes("nonexistent-fonts-dir"), text);
  assert.ok(!/font/i.test(String(body.detail)), String(body.detail));
  // The server log keeps the paths tried so the operator can fix it.
  assert.ok(f.logs.some((l) => l.startsWith("ERROR - ") && l.includes(fontFile)));
});

Deno.test("POST /api/evaluate joins a running evaluation instead of starting another", async () => {
  const f = createFixture();
  f.fake.delayMs = 30;
  const scheduled = f.scheduler.trigger(); // e.g. the scheduled tick already running
  const [a, b] = await Promise.all([
    f.app.request("/api/evaluate", { method: "POST" }),
    f.app.request("/api/evaluate", { method: "POST" }),
  ]);
  assert.equal((await scheduled).kind, "published");
  for (const res of [a, b]) {
    assert.equal(res.status, 200);
    assert.equal((await json(res)).evaluation_id, 1);
  }
  assert.equal(f.fake.calls, 1);
});

Deno.test("POST /api/evaluate answers 504 when the real scheduler times the run out", async () => {
  const f = createFixture({
    config: { runtime: { schedule: { evaluation_timeout_seconds: 0.05 } } },
  });
  await f.scheduler.trigger();
  f.fake.mode = "hang";
  const res = await f.app.request("/api/evaluate", { method: "POST" });
  assert.equal(res.status, 504);
  const body = await json(res);
  assertProblem(body, "evaluation-timeout", 504, "/api/evaluate");
  assert.equal(f.fake.signals.at(-1)?.aborted, true, "the run's signal fired");
  assert.equal(f.store.latest()?.evaluation_id, 1, "the previous record stays published");
  const decisions = await json(await f.app.request("/api/decisions"));
  assert.equal(decisions.evaluation_id, 1);
});
