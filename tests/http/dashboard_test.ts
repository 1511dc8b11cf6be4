import assert from "node:assert/strict";
import { createFixture } from "./app_fixture.ts";
import { fakeRecord } from "../support/fake_evaluator.ts";
import type { GateResult, PriceCompareResult } from "../../src/evaluate/types.ts";

function text(html: string): string {
  return html.replace(/<[^>]+>/g, "").replace(/&quot;/g, '"').replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">").replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}

/** Text content of the element with `id` (first closing tag of the same name). */
function byId(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  assert.ok(start >= 0, `#${id} missing`);
  const open = html.lastIndexOf("<", start);
  const tag = /^<([a-z0-9]+)/.exec(html.slice(open))![1];
  let depth = 0;
  const re = new RegExp(`<(/?)${tag}\\b[^>]*>`, "g");
  re.lastIndex = open;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    depth += m[1] === "/" ? -1 : 1;
    if (depth === 0) return text(html.slice(open, m.index + m[0].length));
  }
  throw new Error(`unclosed #${id}`);
}

async function page(f: ReturnType<typeof createFixture>, query = ""): Promise<string> {
  const res = await f.app.request(`/dashboard${query}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
  assert.equal(res.headers.get("cache-control"), "no-store");
  return await res.text();
}

Deno.test("dashboard: the seven sections in order with the §14 texts", async (t) => {
  const f = createFixture({ deps: { renderChartSvg: () => "<svg/>" } });
  await f.scheduler.trigger();
  const html = await page(f);
  await t.step("document and section order", () => {
    assert.ok(html.startsWith("<!doctype html>"));
    assert.match(html, /<title>Alert Orchestrator<\/title>/);
    const ids = [...html.matchAll(/<section id="([a-z-]+)"/g)].map((m) => m[1]);
    assert.deepEqual(ids, [
      "section-asset",
      "section-status",
      "section-wallets",
      "section-chart",
      "section-gate",
      "section-prices",
      "section-refresh",
    ]);
  });
  await t.step("1 asset selection: sorted, first selected, GET form with Show", () => {
    const options = [...html.matchAll(/<option value="([a-z0-9_]+)"( selected)?/g)];
    assert.deepEqual(options.map((m) => m[1]), ["djed", "usdm", "wanusdc", "wanusdt"]);
    assert.deepEqual(options.filter((m) => m[2]).map((m) => m[1]), ["djed"]);
    assert.match(html, /<form id="asset-form" method="get" action="\/dashboard">/);
    assert.match(html, /<select id="asset-select" name="asset">/);
    assert.match(html, /<button type="submit">Show<\/button>/);
  });
  await t.step("2 decision card", () => {
    assert.equal(byId(html, "decision"), "✅ WITHDRAW_OK (keyword)");
    assert.match(html, /<span class="badge badge-withdraw_ok">/);
    assert.equal(byId(html, "total-wmax"), "Total W_max: $27.94 (3 wallets)");
    assert.ok(!html.includes('id="computed-before-hold"'));
    assert.ok(!html.includes('id="reason"'));
    assert.equal(byId(html, "t0"), `t0: ${f.store.latest()!.results[0].t0}`);
    assert.equal(byId(html, "g-usd"), "G (corrected gains): $55.88");
    assert.equal(
      byId(html, "evaluated"),
      `Evaluated at ${f.store.latest()!.finished_at} (evaluation #1, 850 ms)`,
    );
    assert.ok(!html.includes('id="stale-banner"'));
  });
  await t.step("3 wallet table: two columns, abbreviated, total row", () => {
    const table = html.slice(html.indexOf('<table id="wallet-table"'), html.indexOf("</table>"));
    assert.deepEqual([...table.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]), [
      "Wallet Address",
      "W_max (USD)",
    ]);
    const rows = [...table.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].slice(1).map((m) =>
      [...m[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => text(c[1]))
    );
    assert.deepEqual(rows, [
      ["addr1qxj...jytg", "$15.06"],
      ["addr1qx8...7dcy", "$7.75"],
      ["addr1q8s...5n7w", "$5.13"],
      ["Total", "$27.94"],
    ]);
  });
  await t.step("4 chart image and PNG link", () => {
    assert.ok(html.includes(
      '<img class="chart" src="/charts/djed.svg?v=1" alt="Residual gate diagnostic for DJED"',
    ));
    assert.ok(html.includes('<a href="/charts/djed.png?v=1">'));
  });
  await t.step("5 residual gating (stddev)", () => {
    assert.equal(byId(html, "gate-residual"), "Residual (t1): $7.72");
    assert.equal(byId(html, "gate-sigma"), "Sigma (σ): $9.09");
    assert.equal(byId(html, "gate-threshold"), "k*σ Threshold: $18.18 (k=2.0)");
    assert.equal(byId(html, "gate-status"), "Status: ✅ NOT TRIGGERED");
  });
  await t.step("6 price comparison table and mismatch line", () => {
    const table = html.slice(html.indexOf('<table id="price-table"'));
    const rows = [...table.slice(0, table.indexOf("</table>")).matchAll(/<tr[^>]*>(.*?)<\/tr>/g)]
      .map((m) => [...m[1].matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) => text(c[1])));
    assert.deepEqual(rows, [
      ["Source", "Price (USD)", "Delta (Abs)", "Delta (%)"],
      ["greptime(liqwid)", "$1.0004", "-", "-"],
      ["greptime(minswap)", "$1.0004", "$0.0000", "0.00%"],
    ]);
    assert.equal(
      byId(html, "mismatch"),
      "Mismatch: NO (relative ε=1.00%, consecutive 0/2, action hold)",
    );
  });
  await t.step("7 auto-refresh: script, partial URL, noscript meta refresh", () => {
    assert.ok(html.includes('<noscript><meta http-equiv="refresh" content="10"></noscript>'));
    assert.ok(html.includes('data-refresh-url="/dashboard?asset=djed&amp;partial=1"'));
    assert.ok(html.includes('data-refresh-ms="10000"'));
    assert.equal(byId(html, "refresh-state"), "Auto-refresh every 10 s. Disable");
  });
});

Deno.test("dashboard: HOLD with computed W shows 'Computed before hold' and TRIGGERED", async () => {
  const f = createFixture();
  await f.scheduler.trigger();
  const html = await page(f, "?asset=wanusdt");
  assert.equal(byId(html, "decision"), "⚠️ HOLD (keyword)");
  assert.match(html, /badge badge-hold/);
  assert.equal(byId(html, "reason"), "Reason: residual gate triggered");
  assert.equal(byId(html, "total-wmax"), "Total W_max: $0.00 (2 wallets)");
  assert.equal(byId(html, "computed-before-hold"), "Computed before hold: $253.66");
  assert.equal(byId(html, "gate-status"), "Status: ⚠️ TRIGGERED (|residual| > threshold)");
  assert.ok(html.includes('<tr class="total-row"><td>Total</td><td class="num">$0.00</td>'));
  assert.ok(html.includes('<option value="wanusdt" selected>'));
});

Deno.test("dashboard: ERROR badge, no wallet data, chart not available", async () => {
  const f = createFixture({ deps: { renderChartSvg: () => "<svg/>" } });
  f.fake.mode = "db_down";
  await f.scheduler.trigger();
  const html = await page(f, "?asset=usdm");
  assert.equal(byId(html, "decision"), "❌ ERROR (unknown)");
  assert.match(html, /badge badge-error/);
  assert.equal(
    byId(html, "reason"),
    "Reason: error: database unreachable: connection refused (127.0.0.1:4000)",
  );
  assert.equal(byId(html, "section-wallets"), "Per-wallet breakdownNo wallet data");
  assert.equal(byId(html, "chart-missing"), "chart not available");
  assert.equal(byId(html, "gate-status"), "Status: NOT APPLIED");
  assert.equal(
    byId(html, "section-prices"),
    "Price comparisonPrice comparison not available for this result",
  );
});

Deno.test("dashboard: residual gating texts per threshold mode, status and sides", async (t) => {
  const base = fakeRecord(1, Date.UTC(2025, 0, 1)).results[0].gate;
  const cases: [string, Partial<GateResult>, Record<string, string | null>][] = [
    ["percentile ok", {
      threshold_mode: "percentile",
      threshold_lower: -3.9,
      threshold_upper: 4.1,
    }, {
      "gate-threshold": "Percentile band: [-$3.90, $4.10] (central_confidence=0.68)",
      "gate-status": "Status: ✅ NOT TRIGGERED",
    }],
    ["percentile upper triggered", {
      threshold_mode: "percentile",
      sides: "upper",
      status: "triggered",
      triggered: true,
    }, { "gate-status": "Status: ⚠️ TRIGGERED (residual > upper bound)" }],
    ["stddev lower triggered", { sides: "lower", status: "triggered", triggered: true }, {
      "gate-status": "Status: ⚠️ TRIGGERED (residual < -threshold)",
    }],
    ["insufficient data", {
      status: "insufficient_data",
      n_points: 5,
      n_min: 10,
      residual: null,
      sigma: null,
    }, {
      "gate-status": "Status: INSUFFICIENT DATA (5 of 10)",
      "gate-residual": null,
    }],
    ["degenerate sigma", {
      status: "degenerate_sigma",
      sigma: 1e-9,
      threshold_lower: null,
      threshold_upper: null,
    }, {
      "gate-status": "Status: DEGENERATE SIGMA",
      "gate-residual": "Residual (t1): $7.72",
      "gate-threshold": null,
    }],
    ["not applied", { applicable: false, status: "not_applicable" }, {
      "gate-status": "Status: NOT APPLIED",
      "gate-sigma": null,
    }],
    ["price basis uses 4 decimals", {
      units: "usd_price",
      residual: 0.003,
      sigma: 0.0011,
      threshold_upper: 0.0022,
    }, {
      "gate-residual": "Residual (t1): $0.0030",
      "gate-threshold": "k*σ Threshold: $0.0022 (k=2.0)",
    }],
    ["rate basis per hour, fractional k", {
      units: "usd_per_hour",
      residual: 2,
      k_sigma: 2.5,
      threshold_upper: 0.44,
    }, {
      "gate-residual": "Residual (t1): $2.00/h",
      "gate-threshold": "k*σ Threshold: $0.44/h (k=2.5)",
    }],
  ];
  for (const [name, over, expected] of cases) {
    await t.step(name, async () => {
      const f = createFixture();
      const record = fakeRecord(1, f.clock.ms);
      record.results[0] = { ...record.results[0], gate: { ...base, ...over } };
      f.store.publish(record);
      const html = await page(f);
      for (const [id, value] of Object.entries(expected)) {
        if (value === null) assert.ok(!html.includes(`id="${id}"`), `${id} should be absent`);
        else assert.equal(byId(html, id), value);
      }
    });
  }
});

/** The class attribute of the element with `id`. */
function classOf(html: string, id: string): string {
  const tag = new RegExp(`<[a-z0-9]+[^>]*\\bid="${id}"[^>]*>`).exec(html);
  assert.ok(tag, `#${id} missing`);
  return /\bclass="([^"]*)"/.exec(tag[0])?.[1] ?? "";
}

Deno.test("dashboard: gate status is green only when the gate ran and passed", async (t) => {
  const base = fakeRecord(1, Date.UTC(2025, 0, 1)).results[0].gate;
  const cases: [string, Partial<GateResult>, string][] = [
    ["ok → green", {}, "ok"],
    ["triggered → red", { status: "triggered", triggered: true }, "trig"],
    ["insufficient data → neutral", { status: "insufficient_data", residual: null }, "neutral"],
    ["degenerate sigma → neutral", { status: "degenerate_sigma" }, "neutral"],
    ["not applied → neutral", { applicable: false, status: "not_applicable" }, "neutral"],
  ];
  for (const [name, over, cls] of cases) {
    await t.step(name, async () => {
      const f = createFixture();
      const record = fakeRecord(1, f.clock.ms);
      record.results[0] = { ...record.results[0], gate: { ...base, ...over } };
      f.store.publish(record);
      assert.equal(classOf(await page(f), "gate-status"), cls);
    });
  }
});

Deno.test("dashboard: the mismatch line is red when held, orange when only flagged", async (t) => {
  const cases: [string, Partial<PriceCompareResult>, string][] = [
    ["no mismatch → plain", { mismatch: false }, "plain"],
    ["held → red", { mismatch: true, held: true, consecutive_mismatches: 2 }, "trig"],
    ["below persistence → orange", { mismatch: true, consecutive_mismatches: 1 }, "warn"],
    ["flag_only → orange", { mismatch: true, action: "flag_only" }, "warn"],
    ["unavailable → neutral", { unavailable: true, observations: [] }, "neutral"],
  ];
  for (const [name, over, cls] of cases) {
    await t.step(name, async () => {
      const f = createFixture();
      const record = fakeRecord(1, f.clock.ms);
      record.results[0].price_compare = { ...record.results[0].price_compare!, ...over };
      f.store.publish(record);
      assert.equal(classOf(await page(f), "mismatch"), cls);
    });
  }
});

Deno.test("dashboard: price comparison variants", async (t) => {
  await t.step("disabled → no section", async () => {
    const f = createFixture({ config: { analysis: { price_compare: { enabled: false } } } });
    await f.scheduler.trigger();
    assert.ok(!(await page(f)).includes('id="section-prices"'));
  });
  await t.step("unavailable", async () => {
    const f = createFixture();
    const record = fakeRecord(1, f.clock.ms);
    const pc = record.results[0].price_compare!;
    record.results[0].price_compare = {
      ...pc,
      observations: pc.observations.slice(0, 1),
      unavailable: true,
      delta_abs: null,
      delta_rel: null,
    };
    f.store.publish(record);
    assert.equal(byId(await page(f), "mismatch"), "Unavailable");
  });
  await t.step("mismatch YES with per-asset persistence and absolute epsilon", async () => {
    const f = createFixture({
      config: {
        analysis: {
          price_compare: { per_asset_overrides: { djed: { persistence_threshold: 3 } } },
        },
      },
    });
    const record = fakeRecord(1, f.clock.ms);
    const pc = record.results[0].price_compare!;
    record.results[0].price_compare = {
      ...pc,
      observations: [
        { ...pc.observations[0], price_usd: 1.0023 },
        { ...pc.observations[1], price_usd: 1.0019 },
      ],
      mismatch: true,
      consecutive_mismatches: 2,
      epsilon_mode: "absolute",
      tolerance_epsilon: 0.0002,
    };
    f.store.publish(record);
    const html = await page(f);
    assert.equal(
      byId(html, "mismatch"),
      "Mismatch: YES (absolute ε=$0.0002, consecutive 2/3, action hold)",
    );
    assert.ok(text(html).includes("greptime(minswap)$1.0019$0.00040.04%"));
  });
});

Deno.test("dashboard: unknown ?asset= shows the first asset and an escaped notice", async () => {
  const f = createFixture();
  await f.scheduler.trigger();
  const res = await f.app.request("/dashboard?asset=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  const html = await res.text();
  assert.ok(!html.includes("<script>alert(1)</script>"));
  assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
  assert.equal(
    byId(html, "unknown-asset"),
    'Unknown asset "<script>alert(1)</script>"; showing djed instead.',
  );
  assert.equal(byId(html, "decision"), "✅ WITHDRAW_OK (keyword)");
  assert.equal((html.match(/<script/g) ?? []).length, 1, "only the nonce'd script");
});

Deno.test("dashboard: data-derived strings are escaped too", async () => {
  const f = createFixture();
  const record = fakeRecord(1, f.clock.ms);
  record.results[0] = { ...record.results[0], reason: '<img src=x onerror="alert(1)">' };
  f.store.publish(record);
  const html = await page(f);
  assert.ok(!html.includes("<img src=x"));
  assert.ok(html.includes("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"));
});

Deno.test("dashboard: ?autorefresh=false disables script refresh and meta refresh", async () => {
  const f = createFixture();
  await f.scheduler.trigger();
  const html = await page(f, "?asset=usdm&autorefresh=false");
  assert.ok(!html.includes("<noscript>"));
  assert.ok(html.includes('data-refresh-url=""'));
  assert.ok(html.includes('<input type="hidden" name="autorefresh" value="false">'));
  assert.equal(byId(html, "refresh-state"), "Auto-refresh disabled. Enable");
  assert.ok(html.includes('<a href="/dashboard?asset=usdm">Enable</a>'));
});

Deno.test("dashboard: ?partial=1 returns only sections 2–6", async () => {
  const f = createFixture();
  await f.scheduler.trigger();
  const res = await f.app.request("/dashboard?asset=usdm&partial=1");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-security-policy")!, /script-src 'nonce-/);
  const html = await res.text();
  assert.ok(html.startsWith('<section id="section-status"'));
  assert.ok(
    !html.includes("<html") && !html.includes("<script") && !html.includes("section-asset"),
  );
  assert.equal(byId(html, "decision"), "⚠️ HOLD (keyword)");
});

Deno.test("dashboard: stale banner before the first record and after two intervals", async (t) => {
  const f = createFixture();
  await t.step("before the first evaluation", async () => {
    const html = await page(f);
    assert.equal(byId(html, "stale-banner"), "⚠️ No evaluation has completed yet.");
    assert.equal(byId(html, "status-empty"), "Waiting for the first evaluation.");
    assert.equal(byId(html, "chart-missing"), "chart not available");
  });
  await f.scheduler.trigger();
  await t.step("fresh", async () => {
    assert.ok(!(await page(f)).includes("stale-banner"));
  });
  await t.step("stale", async () => {
    f.clock.ms += 2 * 3_600_000 + 5 * 60_000;
    const html = await page(f);
    assert.equal(
      byId(html, "stale-banner"),
      "⚠️ Stale data: the last evaluation finished 2 h 5 min ago (older than two intervals).",
    );
  });
});

Deno.test("dashboard: the refresh period is injectable", async () => {
  const f = createFixture({ deps: { refreshSeconds: 1 } });
  const html = await page(f);
  assert.ok(html.includes('data-refresh-ms="1000"'));
  assert.ok(html.includes('<meta http-equiv="refresh" content="1">'));
});
