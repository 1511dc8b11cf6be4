import assert from "node:assert/strict";
import {
  applyLookbackOverride,
  compositeOptionsFromConfig,
  renderCompositeSvg,
} from "../../src/chart/mod.ts";
import { effectiveGate } from "../../src/config/mod.ts";
import { ConfigSchema } from "../../src/config/schema.ts";
import type { Config } from "../../src/config/mod.ts";
import { makeChartFixture } from "../support/chart_fixture.ts";
import { demoRun } from "./demo_record.ts";

Deno.test("applyLookbackOverride() recomputes the gate for panels 2–3 only", async () => {
  const { record, config } = await demoRun();
  const i = record.results.findIndex((r) => r.asset === "wanusdt");
  const chart = record.details[i].chart!;
  assert.equal(chart.residuals!.tsMs.length, 49); // 48 h of hourly snapshots, both ends
  const gateSettings = effectiveGate(config, "wanusdt");
  const view = applyLookbackOverride(chart, { lookbackHours: 24, gateSettings });
  assert.equal(view.gate.lookback_hours, 24);
  assert.equal(view.residuals!.tsMs.length, 25);
  assert.equal(view.gate.n_points, 25);
  assert.ok(view.gate.triggered, "the anomaly is still an outlier over 24 h");
  assert.notEqual(view.gate.sigma, chart.gate.sigma);
  // Panel 1 data untouched.
  assert.equal(view.positions, chart.positions);
  assert.equal(view.corrected, chart.corrected);

  const svg = renderCompositeSvg(chart, { lookbackOverride: { lookbackHours: 24, gateSettings } });
  assert.match(svg, />Residuals \(USD\) — chart lookback 24h</);
  // Title and status line keep the published gate (the decision is unaffected).
  assert.match(svg, /lookback=48h\)</);
  assert.match(svg, /Gate: TRIGGERED — residual 398\.57 outside \[−51\.38, 51\.38\]/);
  const residualDots = svg.match(/<g class="residuals" fill="#1f77b4">(.*?)<\/g>/)![1];
  assert.equal([...residualDots.matchAll(/<circle /g)].length, 25);
});

Deno.test("applyLookbackOverride() leaves price-basis and non-applicable gates alone", async (t) => {
  const gateSettings = effectiveGate(ConfigSchema.parse({}) as Config, "djed");
  await t.step("price_usd without its series", () => {
    const chart = makeChartFixture({ basis: "price_usd" });
    assert.equal(applyLookbackOverride(chart, { lookbackHours: 12, gateSettings }), chart);
  });
  await t.step("price_usd with its series is recomputed on that series", () => {
    const base = makeChartFixture({ basis: "price_usd" });
    const hour = 3_600_000;
    const tsMs = Array.from({ length: 48 }, (_, i) => i * hour);
    const values = tsMs.map((_, i) => 1 + (i % 2 === 0 ? 0.001 : -0.001) + (i === 47 ? 0.01 : 0));
    const chart = { ...base, gatePriceSeries: { tsMs, values } };
    const view = applyLookbackOverride(chart, {
      lookbackHours: 12,
      gateSettings: { ...gateSettings, min_points: 5, method: "median" },
    });
    assert.equal(view.gate.basis, "price_usd");
    assert.equal(view.gate.lookback_hours, 12);
    assert.equal(view.gate.n_points, 13);
    assert.deepEqual(view.residuals!.tsMs, tsMs.slice(-13));
  });
  await t.step("not applicable", () => {
    const base = makeChartFixture();
    const chart = {
      ...base,
      gate: { ...base.gate, applicable: false, status: "not_applicable" as const },
    };
    assert.equal(applyLookbackOverride(chart, { lookbackHours: 12, gateSettings }), chart);
  });
  await t.step("non-positive hours", () => {
    assert.throws(
      () => applyLookbackOverride(makeChartFixture(), { lookbackHours: 0, gateSettings }),
      RangeError,
    );
  });
});

Deno.test("compositeOptionsFromConfig() maps visualization.diagnostics", () => {
  const config = ConfigSchema.parse({
    domain: { assets: ["djed"] },
    visualization: {
      diagnostics: {
        width: 900,
        include_sigma_band: false,
        lookback_hours_override: 12,
        aggregation: { method: "lttb", max_points: 300 },
      },
    },
  }) as Config;
  const opts = compositeOptionsFromConfig(config, "djed");
  assert.equal(opts.width, 900);
  assert.equal(opts.height, 1000);
  assert.equal(opts.includeSigmaBand, false);
  assert.equal(opts.includeKSigmaBand, true);
  assert.deepEqual(opts.aggregation, {
    enabled: true,
    method: "lttb",
    time_unit: "auto",
    percentiles: [10, 25, 50, 75, 90],
    show_raw_points: false,
    max_points: 300,
  });
  assert.equal(opts.lookbackOverride?.lookbackHours, 12);
  assert.deepEqual(opts.lookbackOverride?.gateSettings, effectiveGate(config, "djed"));
  assert.deepEqual(
    [compositeOptionsFromConfig(config, "djed", { width: 500, height: 400 })].map((
      o,
    ) => [o.width, o.height]),
    [[500, 400]],
  );
  const plain = compositeOptionsFromConfig(ConfigSchema.parse({}) as Config, "djed");
  assert.equal(plain.lookbackOverride, null);
});
