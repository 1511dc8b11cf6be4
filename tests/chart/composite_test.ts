import assert from "node:assert/strict";
import { KDE_SKIPPED_TEXT, renderCompositeSvg } from "../../src/chart/mod.ts";
import { textWidthPx } from "../../src/chart/svg.ts";
import type { ChartData } from "../../src/evaluate/types.ts";
import { makeChartFixture } from "../support/chart_fixture.ts";

function count(svg: string, re: RegExp): number {
  return [...svg.matchAll(new RegExp(re.source, "g"))].length;
}

/** The markup of one panel group (panels are not nested). */
function panel(svg: string, name: string): string {
  const start = svg.indexOf(`<g class="panel panel-${name}">`);
  assert.ok(start >= 0, `panel ${name} missing`);
  const next = svg.indexOf(`<g class="panel `, start + 1);
  return svg.slice(start, next < 0 ? undefined : next);
}

function attributes(svg: string): string[] {
  return [...svg.matchAll(/\s[a-z-]+="([^"]*)"/g)].map((m) => m[1]);
}

Deno.test("renderCompositeSvg() draws the three panels of §15.2 in order", () => {
  const svg = renderCompositeSvg(makeChartFixture());
  const order = ["position", "residual", "kde"].map((n) => svg.indexOf(`class="panel panel-${n}"`));
  assert.ok(order.every((i) => i > 0));
  assert.deepEqual([...order].sort((a, b) => a - b), order);
  assert.equal(count(svg, /class="panel /), 3);
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="1200" height="1000"/);
  assert.match(
    svg,
    />Residual gate diagnostic — DJED \(ref=keyword, basis=corrected_position, lookback=48h\)</,
  );
});

Deno.test("renderCompositeSvg() sizes the document as asked", () => {
  const svg = renderCompositeSvg(makeChartFixture(), { width: 640, height: 480 });
  assert.match(svg, /width="640" height="480" viewBox="0 0 640 480"/);
  assert.throws(() => renderCompositeSvg(makeChartFixture(), { width: 12.5 }), RangeError);
});

Deno.test("renderCompositeSvg() draws one marker per counted flow", async (t) => {
  const base = makeChartFixture();
  const t0 = base.positions.tsMs[0];
  const cases: { name: string; flows: ChartData["flows"]; dep: number; wd: number }[] = [
    { name: "none", flows: [], dep: 0, wd: 0 },
    { name: "fixture flows", flows: base.flows, dep: 1, wd: 1 },
    {
      name: "three deposits, two withdrawals",
      flows: [1, 5, 9, 20, 30].map((h, i) => ({
        tsMs: t0 + h * 3_600_000,
        amountUsd: i < 3 ? 100 * (i + 1) : -50,
        kind: i < 3 ? "deposit" : "withdrawal",
      })),
      dep: 3,
      wd: 2,
    },
  ];
  for (const c of cases) {
    await t.step(c.name, () => {
      const svg = renderCompositeSvg({ ...base, flows: c.flows });
      assert.equal(count(svg, /class="flow deposit"/), c.dep);
      assert.equal(count(svg, /class="flow withdrawal"/), c.wd);
      assert.equal(count(svg, /class="flow deposit"[^>]*fill="#2ca02c"/), c.dep);
      assert.equal(count(svg, /class="flow withdrawal"[^>]*fill="#d62728"/), c.wd);
    });
  }
});

Deno.test("renderCompositeSvg() puts a flow marker on V interpolated at the flow time", () => {
  const base = makeChartFixture({ points: 10 });
  const t0 = base.positions.tsMs[0];
  // V rises linearly 100 → 1000 over the window; a flow half-way sits at 550 on the y axis.
  const chart: ChartData = {
    ...base,
    positions: {
      tsMs: base.positions.tsMs,
      values: base.positions.tsMs.map((_, i) => 100 * (i + 1)),
    },
    flows: [
      { tsMs: t0, amountUsd: 1, kind: "deposit" },
      { tsMs: t0 + 4.5 * 3_600_000, amountUsd: 1, kind: "deposit" },
      { tsMs: t0 + 9 * 3_600_000, amountUsd: 1, kind: "deposit" },
    ],
    trend: { ...base.trend, enabled: false },
  };
  const svg = panel(renderCompositeSvg(chart), "position");
  // ▲ path: apex at (cx, cy - 6), base at cy + 6.
  const centres = [...svg.matchAll(/class="flow deposit" d="M([\d.]+),([\d.]+)L/g)]
    .map((m) => [Number(m[1]), Number(m[2]) + 6]);
  assert.equal(centres.length, 3);
  const [a, mid, b] = centres;
  assert.ok(Math.abs(mid[0] - (a[0] + b[0]) / 2) < 0.02, "x half-way");
  assert.ok(Math.abs(mid[1] - (a[1] + b[1]) / 2) < 0.02, "y half-way (linear V)");
  assert.ok(a[1] > b[1], "higher value is drawn higher");
});

Deno.test("renderCompositeSvg() draws the σ and kσ bands only as configured", async (t) => {
  const chart = makeChartFixture();
  const cases = [
    { sigma: true, k: true },
    { sigma: true, k: false },
    { sigma: false, k: true },
    { sigma: false, k: false },
  ];
  for (const c of cases) {
    await t.step(`sigma ${c.sigma}, k-sigma ${c.k}`, () => {
      const svg = renderCompositeSvg(chart, { includeSigmaBand: c.sigma, includeKSigmaBand: c.k });
      assert.equal(count(svg, /class="band sigma"/), c.sigma ? 1 : 0);
      assert.equal(count(svg, /class="band k-sigma"/), c.k ? 1 : 0);
      assert.equal(
        count(svg, /class="band sigma"[^>]*fill="#ff7f0e" fill-opacity="0.15"/),
        c.sigma ? 1 : 0,
      );
      assert.equal(
        count(svg, /class="band k-sigma"[^>]*fill="#d62728" fill-opacity="0.08"/),
        c.k ? 1 : 0,
      );
      assert.equal(svg.includes(">B ± σ<"), c.sigma);
      assert.equal(svg.includes(">B ± 2σ<"), c.k);
    });
  }
  await t.step("no baseline and no bands when the trend indicator is disabled", () => {
    const svg = renderCompositeSvg({ ...chart, trend: { ...chart.trend, enabled: false } });
    assert.equal(count(svg, /class="baseline"/), 0);
    assert.equal(count(svg, /class="band /), 0);
  });
  await t.step("the baseline is orange and dashed when enabled", () => {
    const svg = renderCompositeSvg(chart);
    assert.match(
      svg,
      /class="baseline" d="M[^"]+" fill="none" stroke="#ff7f0e" stroke-width="2" stroke-dasharray/,
    );
    assert.match(svg, /class="raw-value" d="M[^"]+" fill="none" stroke="#1f77b4"/);
  });
});

Deno.test("renderCompositeSvg() draws the residual panel's reference lines and latest dot", () => {
  const chart = makeChartFixture();
  const svg = panel(renderCompositeSvg(chart), "residual");
  assert.equal(count(svg, /class="line sigma"[^>]*stroke="#ff7f0e"[^>]*stroke-dasharray/), 2);
  assert.equal(count(svg, /class="line threshold"[^>]*stroke="#d62728"[^>]*stroke-dasharray/), 2);
  assert.equal(count(svg, /class="zero-line"/), 1);
  const dotsGroup = svg.match(/<g class="residuals" fill="#1f77b4">(.*?)<\/g>/)![1];
  assert.equal(count(dotsGroup, /<circle /), chart.residuals!.tsMs.length);
  assert.match(svg, /<g class="residual-latest" fill="#d62728"><circle [^>]*r="4.5"\/><\/g>/);
  const kde = panel(renderCompositeSvg(chart), "kde");
  assert.equal(count(kde, /class="kde"/), 1);
  assert.equal(count(kde, /class="kde-latest"[^>]*stroke="#d62728"/), 1);
  assert.equal(count(kde, /class="line threshold"/), 2);
  assert.equal(count(kde, /class="line sigma"/), 2);
});

Deno.test("renderCompositeSvg() labels residuals of C as `gate not applied` without gate residuals", () => {
  const chart = { ...makeChartFixture(), residuals: null };
  const svg = renderCompositeSvg(chart);
  assert.match(panel(svg, "residual"), />Residuals \(USD\) — gate not applied</);
  const dotsGroup =
    panel(svg, "residual").match(/<g class="residuals" fill="#1f77b4">(.*?)<\/g>/)![1];
  assert.equal(count(dotsGroup, /<circle /), chart.corrected.tsMs.length);
  assert.equal(count(panel(svg, "residual"), /class="line threshold"/), 0);
  assert.equal(count(panel(svg, "kde"), /class="kde"/), 1);
});

Deno.test("renderCompositeSvg() shows placeholders for missing data", async (t) => {
  const base = makeChartFixture();
  const empty = { tsMs: [], values: [] };
  await t.step("no positions → `no data` in the position view", () => {
    const svg = renderCompositeSvg({ ...base, positions: empty, flows: [] });
    assert.match(panel(svg, "position"), />no data</);
    assert.doesNotMatch(panel(svg, "residual"), />no data</);
  });
  await t.step("no residuals at all → `no data` in panels 2 and 3", () => {
    const svg = renderCompositeSvg({
      ...base,
      positions: empty,
      corrected: empty,
      residuals: null,
      flows: [],
    });
    assert.equal(count(svg, />no data</), 3);
  });
  await t.step("one residual → not enough data for a density estimate", () => {
    const r = { tsMs: [base.windowEndMs], values: [5] };
    const svg = renderCompositeSvg({ ...base, residuals: r });
    assert.ok(panel(svg, "kde").includes(`>${KDE_SKIPPED_TEXT}<`));
    assert.equal(count(panel(svg, "kde"), /class="kde"/), 0);
  });
  await t.step("constant residuals (σ = 0) → not enough data for a density estimate", () => {
    const r = { tsMs: base.residuals!.tsMs, values: base.residuals!.tsMs.map(() => 2) };
    const svg = renderCompositeSvg({ ...base, residuals: r });
    assert.ok(panel(svg, "kde").includes(`>${KDE_SKIPPED_TEXT}<`));
  });
});

Deno.test("renderCompositeSvg() never writes NaN, Infinity or undefined into an attribute", async (t) => {
  const base = makeChartFixture();
  const cases: [string, ChartData][] = [
    ["fixture", base],
    ["single point", makeChartFixture({ points: 1, lookbackPoints: 1 })],
    ["constant values", {
      ...base,
      positions: { tsMs: base.positions.tsMs, values: base.positions.tsMs.map(() => 7) },
      corrected: { tsMs: base.corrected.tsMs, values: base.corrected.tsMs.map(() => 7) },
    }],
    ["non-finite input values", {
      ...base,
      positions: {
        tsMs: base.positions.tsMs,
        values: base.positions.values.map((v, i) => (i % 7 === 3 ? Number.NaN : v)),
      },
      residuals: {
        tsMs: base.residuals!.tsMs,
        values: base.residuals!.values.map((v, i) => (i === 2 ? Infinity : v)),
      },
      flows: [...base.flows, { tsMs: Number.NaN, amountUsd: 5, kind: "deposit" }],
    }],
    ["gate without sigma", {
      ...base,
      gate: {
        ...base.gate,
        status: "insufficient_data",
        sigma: null,
        residual: null,
        threshold_lower: null,
        threshold_upper: null,
      },
    }],
    ["all empty", {
      ...base,
      positions: { tsMs: [], values: [] },
      corrected: { tsMs: [], values: [] },
      residuals: null,
      flows: [],
    }],
  ];
  for (const [name, chart] of cases) {
    await t.step(name, () => {
      const svg = renderCompositeSvg(chart);
      for (const value of attributes(svg)) {
        assert.doesNotMatch(value, /NaN|Infinity|undefined|null/, `attribute value ${value}`);
        // Coordinates carry at most 2 decimals.
        assert.doesNotMatch(value, /\d\.\d{3,}/, `attribute value ${value.slice(0, 80)}`);
      }
    });
  }
});

Deno.test("renderCompositeSvg() escapes every text it prints", () => {
  const chart = { ...makeChartFixture(), asset: `x<script>alert("1")</script>&'` };
  const svg = renderCompositeSvg(chart, { fontFamily: `Evil" onload="x` });
  assert.ok(!/<script/i.test(svg));
  assert.ok(svg.includes("X&lt;SCRIPT&gt;ALERT(&quot;1&quot;)&lt;/SCRIPT&gt;&amp;&#39;"));
  assert.doesNotMatch(svg, /&(?!amp;|lt;|gt;|quot;|#39;)/);
  assert.ok(!svg.includes(`onload="x"`));
});

Deno.test("renderCompositeSvg() names DejaVu Sans on every text element", () => {
  const svg = renderCompositeSvg(makeChartFixture());
  const texts = [...svg.matchAll(/<text [^>]*>/g)].map((m) => m[0]);
  assert.ok(texts.length > 20);
  for (const t of texts) assert.match(t, /font-family="DejaVu Sans"/);
  const other = renderCompositeSvg(makeChartFixture(), { fontFamily: "Noto Sans" });
  assert.equal(count(other, /font-family="Noto Sans"/), texts.length + 1);
});

Deno.test("renderCompositeSvg() is deterministic and uses no ids", () => {
  const a = renderCompositeSvg(makeChartFixture());
  const b = renderCompositeSvg(makeChartFixture());
  assert.equal(a, b);
  assert.doesNotMatch(a, /\sid="/);
});

Deno.test("renderCompositeSvg() labels time axes `%m-%d %H:%M` (UTC) and USD with `,.2f`", () => {
  const svg = renderCompositeSvg(makeChartFixture());
  const pos = panel(svg, "position");
  const xLabels = [...pos.matchAll(/<g class="axis axis-x">(.*?)<\/g>/g)][0][1];
  const labels = [...xLabels.matchAll(/>([^<]+)<\/text>/g)].map((m) => m[1]);
  assert.ok(labels.length >= 4 && labels.length <= 9, `${labels.length} x ticks`);
  for (const l of labels) assert.match(l, /^\d\d-\d\d \d\d:\d\d$/);
  assert.ok(labels.includes("01-02 00:00"));
  const yLabels = [...pos.matchAll(/text-anchor="end"[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
  assert.ok(yLabels.length >= 3);
  for (const l of yLabels) assert.match(l, /^−?\d{1,3}(,\d{3})*\.\d\d$/);
});

Deno.test("renderCompositeSvg() uses 4 decimals for price-basis residuals", () => {
  const chart = makeChartFixture({ basis: "price_usd" });
  const scaled = {
    ...chart,
    residuals: {
      tsMs: chart.residuals!.tsMs,
      values: chart.residuals!.values.map((v) => v / 10_000),
    },
    gate: {
      ...chart.gate,
      sigma: chart.gate.sigma! / 10_000,
      threshold_lower: chart.gate.threshold_lower! / 10_000,
      threshold_upper: chart.gate.threshold_upper! / 10_000,
    },
  };
  const svg = panel(renderCompositeSvg(scaled), "residual");
  assert.match(svg, />Residuals \(USD per token\)</);
  const yLabels = [...svg.matchAll(/text-anchor="end"[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
  for (const l of yLabels) assert.match(l, /^−?\d+\.\d{4}$/);
});

Deno.test("renderCompositeSvg() prints the gate status under the title", async (t) => {
  const base = makeChartFixture();
  const cases: [string, ChartData["gate"], RegExp][] = [
    [
      "triggered",
      base.gate,
      /class="gate-status gate-triggered"[^>]*fill="#d62728">Gate: TRIGGERED — residual /,
    ],
    ["ok", { ...base.gate, status: "ok", triggered: false }, />Gate: ok — residual /],
    [
      "insufficient",
      { ...base.gate, status: "insufficient_data", n_points: 4 },
      />Gate: insufficient data — n 4 &lt; n_min 10</,
    ],
    ["not applicable", { ...base.gate, status: "not_applicable" }, />Gate: not applicable</],
  ];
  for (const [name, gate, re] of cases) {
    await t.step(name, () => assert.match(renderCompositeSvg({ ...base, gate }), re));
  }
});

Deno.test("renderCompositeSvg() keeps the SVG small for large series (§15.3)", () => {
  const chart = makeChartFixture({ points: 200_000, stepMs: 60_000 });
  const svg = renderCompositeSvg(chart);
  assert.ok(svg.length < 300_000, `${svg.length} bytes`);
  assert.equal(count(panel(svg, "position"), /class="whiskers raw-value"/), 1);
  const lttb = renderCompositeSvg(chart, { aggregation: { method: "lttb", max_points: 500 } });
  assert.equal(count(lttb, /class="whiskers/), 0);
  const raw = lttb.match(/class="raw-value" d="([^"]+)"/)![1];
  assert.equal(count(raw, /L/), 499);
});

Deno.test("renderCompositeSvg() draws server-side bins as min–max whiskers with a mean tick", () => {
  const chart = makeChartFixture();
  const t0 = chart.positions.tsMs[0];
  const bins = Array.from({ length: 7 }, (_, i) => ({
    bucketMs: t0 + i * 86_400_000,
    min: 33_000 + i,
    avg: 33_500 + i,
    max: 34_000 + i,
    count: 24,
  }));
  const svg = renderCompositeSvg(chart, { serverBins: { binSeconds: 86_400, bins } });
  const g = svg.match(/<g class="whiskers server-bins">(.*?)<\/g>/)![1];
  assert.equal(count(g, /M[\d.]+,[\d.]+V/), 7);
  assert.equal(count(g.match(/class="whisker-mean" d="([^"]+)"/)![1], /H/), 7);
  assert.match(svg, />V \(server bins 1d: min–max, mean\)</);
});

Deno.test("renderCompositeSvg() LTTB-reduces the baseline and bins long residual series", () => {
  const chart = makeChartFixture({ points: 20_000, stepMs: 60_000, lookbackPoints: 5000 });
  const svg = renderCompositeSvg(chart, { aggregation: { max_points: 400 } });
  const baseline = svg.match(/class="baseline" d="([^"]+)"/)![1];
  assert.equal(count(baseline, /L/), 399);
  const residual = panel(svg, "residual");
  assert.equal(count(residual, /class="whiskers residuals"/), 1);
  assert.equal(count(residual, /<g class="residuals"/), 0);
  assert.equal(count(residual, /class="residual-latest"/), 1);
});

Deno.test("renderCompositeSvg() overlays raw points faintly only with show_raw_points", () => {
  const chart = makeChartFixture({ points: 50_000, stepMs: 60_000 });
  const off = renderCompositeSvg(chart);
  assert.equal(count(off, /class="raw-points"/), 0);
  const on = renderCompositeSvg(chart, { aggregation: { show_raw_points: true } });
  assert.equal(count(on, /class="raw-points"[^>]*stroke-opacity="0.25"/), 1);
  // De-duplicated at pixel resolution: far fewer marks than points.
  const marks = count(on.match(/class="raw-points" d="([^"]+)"/)![1], /M/);
  assert.ok(marks > 1000 && marks < 50_000, `${marks} marks`);
});

Deno.test("renderCompositeSvg() stays legible at the smallest configurable size (400×300)", () => {
  const svg = renderCompositeSvg(makeChartFixture(), { width: 400, height: 300 });
  const titleSize = Number(svg.match(/class="title"[^>]*font-size="([\d.]+)"/)![1]);
  assert.ok(titleSize < 17 && titleSize >= 7, `title font ${titleSize}`);
  assert.equal(count(svg, /class="legend"/), 0, "legends would hide the data");
  const pos = panel(svg, "position");
  const xLabels = [...pos.matchAll(/text-anchor="middle"[^>]*>(\d\d-\d\d \d\d:\d\d)</g)];
  assert.ok(xLabels.length >= 2 && xLabels.length <= 3, `${xLabels.length} x labels`);
  const big = renderCompositeSvg(makeChartFixture());
  assert.equal(count(big, /class="legend"/), 3);
});

/** Horizontal extent [left, right] of every axis label, estimated like the renderer does. */
function axisLabelExtents(svg: string): { label: string; left: number; right: number }[] {
  const out: { label: string; left: number; right: number }[] = [];
  for (const axis of svg.matchAll(/<g class="axis axis-[xy]">(.*?)<\/g>/g)) {
    for (const m of axis[1].matchAll(/<text ([^>]*)>([^<]*)</g)) {
      const x = Number(/\bx="([\d.-]+)"/.exec(m[1])![1]);
      const anchor = /text-anchor="(\w+)"/.exec(m[1])?.[1] ?? "start";
      const w = textWidthPx(m[2], 11);
      const left = anchor === "end" ? x - w : anchor === "middle" ? x - w / 2 : x;
      out.push({ label: m[2], left, right: left + w });
    }
  }
  return out;
}

function scaled(chart: ChartData, factor: number): ChartData {
  const times = (s: { tsMs: number[]; values: number[] }) => ({
    tsMs: s.tsMs,
    values: s.values.map((v) => v * factor),
  });
  const g = chart.gate;
  const f = (v: number | null) => (v === null ? null : v * factor);
  return {
    ...chart,
    positions: times(chart.positions),
    corrected: times(chart.corrected),
    residuals: chart.residuals ? times(chart.residuals) : null,
    gate: {
      ...g,
      residual: f(g.residual),
      sigma: f(g.sigma),
      threshold_lower: f(g.threshold_lower),
      threshold_upper: f(g.threshold_upper),
    },
  };
}

Deno.test("renderCompositeSvg() keeps every axis label inside the chart", async (t) => {
  const cases: [string, ChartData][] = [
    ["thousands of USD", makeChartFixture()],
    ["hundreds of millions of USD", scaled(makeChartFixture(), 10_000)],
    [
      "a two-hour window (end tick label at the right edge)",
      makeChartFixture({
        points: 9,
        stepMs: 15 * 60_000,
        lookbackPoints: 9,
      }),
    ],
  ];
  for (const [name, chart] of cases) {
    await t.step(name, () => {
      const svg = renderCompositeSvg(chart);
      const labels = axisLabelExtents(svg);
      assert.ok(labels.length > 20, `${labels.length} labels`);
      for (const l of labels) {
        assert.ok(l.left >= 0 && l.right <= 1200, `${l.label} at [${l.left}, ${l.right}]`);
      }
    });
  }
  await t.step("wide labels move all three plots right by the same amount", () => {
    const plain = renderCompositeSvg(makeChartFixture());
    const wide = renderCompositeSvg(scaled(makeChartFixture(), 10_000));
    const frameX = (svg: string) =>
      ["position", "residual", "kde"].map((n) =>
        Number(/<g class="axis axis-y">.*?<line x1="([\d.]+)"/.exec(panel(svg, n))![1])
      );
    assert.deepEqual(new Set(frameX(plain)).size, 1);
    assert.deepEqual(new Set(frameX(wide)).size, 1);
    assert.ok(frameX(wide)[0] > frameX(plain)[0]);
  });
});

/** The plot frame of a panel: x of the y axis line, top and bottom of the plot. */
function plotFrame(svg: string, name: string): { left: number; right: number; top: number } {
  const p = panel(svg, name);
  const axis =
    /<g class="axis axis-y">.*<line x1="([\d.]+)" y1="([\d.]+)" x2="[\d.]+" y2="[\d.]+"[^>]*\/><\/g>/
      .exec(p)!;
  const grid = /<line class="grid" x1="[\d.]+" y1="[\d.]+" x2="([\d.]+)"/.exec(p)!;
  return { left: Number(axis[1]), top: Number(axis[2]), right: Number(grid[1]) };
}

Deno.test("renderCompositeSvg() puts the legends in the panel title rows, off the data", () => {
  const svg = renderCompositeSvg(makeChartFixture());
  for (const name of ["position", "residual", "kde"]) {
    const p = panel(svg, name);
    const rect =
      /<g class="legend"><rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/
        .exec(p);
    assert.ok(rect, `${name} legend`);
    const frame = plotFrame(svg, name);
    const [x, y, w, h] = rect.slice(1).map(Number);
    assert.ok(y + h <= frame.top, `${name}: legend bottom ${y + h} above plot top ${frame.top}`);
    assert.ok(Math.abs(x + w - frame.right) < 1.5, `${name}: right-aligned with the plot`);
  }
});

Deno.test("renderCompositeSvg() keeps the first and the latest residual dot inside the plot", () => {
  const svg = renderCompositeSvg(makeChartFixture());
  const p = panel(svg, "residual");
  const frame = plotFrame(svg, "residual");
  const first = Number(/class="residuals"[^>]*><circle cx="([\d.]+)"/.exec(p)![1]);
  const latest = /class="residual-latest"[^>]*><circle cx="([\d.]+)" cy="[\d.]+" r="([\d.]+)"/
    .exec(p)!;
  assert.ok(first - 2.2 > frame.left, `first dot at ${first}, plot starts at ${frame.left}`);
  assert.ok(
    Number(latest[1]) + Number(latest[2]) < frame.right,
    `latest dot at ${latest[1]}, plot ends at ${frame.right}`,
  );
});

Deno.test("renderCompositeSvg() draws no ±σ lines for σ ≤ 0 and marks a lone V snapshot", async (t) => {
  await t.step("degenerate σ = 0: no σ lines or legend entry", () => {
    const base = makeChartFixture();
    const svg = renderCompositeSvg({
      ...base,
      gate: {
        ...base.gate,
        status: "degenerate_sigma",
        sigma: 0,
        threshold_lower: null,
        threshold_upper: null,
      },
    });
    assert.equal(count(panel(svg, "residual"), /class="line sigma"/), 0);
    assert.ok(!panel(svg, "residual").includes(">±σ<"));
  });
  await t.step("σ > 0 keeps them", () => {
    assert.equal(
      count(panel(renderCompositeSvg(makeChartFixture()), "residual"), /class="line sigma"/),
      2,
    );
  });
  await t.step("one V point is drawn as a dot", () => {
    const base = makeChartFixture();
    const one = { tsMs: [base.positions.tsMs[0]], values: [base.positions.values[0]] };
    const svg = renderCompositeSvg({ ...base, positions: one, corrected: one, flows: [] });
    assert.equal(count(panel(svg, "position"), /class="raw-value-point"[^>]*><circle /), 1);
    const many = renderCompositeSvg(base);
    assert.equal(count(panel(many, "position"), /class="raw-value-point"/), 0);
  });
});

Deno.test("renderCompositeSvg() shrinks a title with a long upper-case asset name to fit", () => {
  const chart = { ...makeChartFixture(), asset: "wanusdt_extremely_long_asset_name_for_testing" };
  const svg = renderCompositeSvg(chart, { width: 1200 });
  const m = /class="title"[^>]*font-size="([\d.]+)"[^>]*>([^<]*)</.exec(svg)!;
  const size = Number(m[1]);
  assert.ok(size < 17 && size >= 7, `title font ${size}`);
  assert.ok(textWidthPx(m[2], size) <= 1200 - 16, "estimated title width fits");
  const short = /class="title"[^>]*font-size="([\d.]+)"/.exec(
    renderCompositeSvg(makeChartFixture()),
  )!;
  assert.equal(short[1], "17");
});
