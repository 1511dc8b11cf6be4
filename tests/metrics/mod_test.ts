import assert from "node:assert/strict";
import { createMetrics, Registry } from "../../src/metrics/mod.ts";
import { EXPOSE_DEFAULTS, type ExposeKey } from "../../src/config/schema.ts";
import type { EvaluationRecord } from "../../src/evaluate/types.ts";
import { fakeRecord } from "../support/fake_evaluator.ts";
import { parsePromText, type Sample, valueOf } from "./prom_text.ts";

const NOW = Date.UTC(2025, 0, 21, 14, 30, 22);

function setup(expose: Partial<Record<ExposeKey, boolean>> = {}, prefix = "wo_") {
  const registry = new Registry();
  const metrics = createMetrics(registry, {
    prefix,
    expose: { ...EXPOSE_DEFAULTS, ...expose },
    version: "1.2.3",
    denoVersion: "2.9.6",
  });
  return { registry, metrics };
}

async function scrape(registry: Registry): Promise<Sample[]> {
  return parsePromText(await registry.metrics());
}

function assetLabels(r: EvaluationRecord["results"][number]) {
  return { asset: r.asset, alternate_asset_name: r.alternate_asset_name, ref_mode: r.ref_mode };
}

Deno.test("createMetrics() publish: scraped values equal the published record", async () => {
  const { registry, metrics } = setup({ wallet_wmax_usd: true });
  const record = fakeRecord(7, NOW);
  metrics.publish(record);
  const s = await scrape(registry);
  for (const r of record.results) {
    const l = assetLabels(r);
    assert.equal(valueOf(s, "wo_decision", l), r.decision);
    assert.equal(valueOf(s, "wo_wmax_usd", l), r.wmax_usd);
    assert.equal(valueOf(s, "wo_wmax_computed_usd", l), r.wmax_computed_usd);
    assert.equal(valueOf(s, "wo_wallet_count", l), r.wallet_count);
    assert.equal(valueOf(s, "wo_v_ref_usd", l), r.v_ref_usd);
    assert.equal(valueOf(s, "wo_v_t1_usd", l), r.v_t1_usd);
    assert.equal(valueOf(s, "wo_g_usd", l), r.g_usd);
    assert.equal(valueOf(s, "wo_price_t1_usd", l), r.price_t1_usd);
    assert.equal(valueOf(s, "wo_t0_timestamp_seconds", l), Date.parse(r.t0!) / 1000);
    assert.equal(valueOf(s, "wo_t1_timestamp_seconds", l), Date.parse(r.t1!) / 1000);
    assert.equal(valueOf(s, "wo_residual_usd", l), r.gate.residual);
    assert.equal(valueOf(s, "wo_sigma_usd", l), r.gate.sigma);
    assert.equal(valueOf(s, "wo_k_sigma", l), r.gate.k_sigma);
    assert.equal(valueOf(s, "wo_residual_trigger", l), r.gate.triggered ? 1 : 0);
    assert.equal(valueOf(s, "wo_residual_threshold_lower_usd", l), r.gate.threshold_lower);
    assert.equal(valueOf(s, "wo_residual_threshold_upper_usd", l), r.gate.threshold_upper);
    const pl = { asset: r.asset, alternate_asset_name: r.alternate_asset_name };
    const pc = r.price_compare!;
    assert.equal(valueOf(s, "wo_price_delta_abs", pl), pc.delta_abs);
    assert.equal(valueOf(s, "wo_price_delta_rel", pl), pc.delta_rel);
    assert.equal(valueOf(s, "wo_price_mismatch", pl), pc.mismatch ? 1 : 0);
    assert.equal(valueOf(s, "wo_price_compare_unavailable", pl), 0);
    assert.equal(valueOf(s, "wo_price_mismatch_consecutive", pl), pc.consecutive_mismatches);
    for (const o of pc.observations) {
      assert.equal(valueOf(s, "wo_price_usd", { ...pl, source: o.provider }), o.price_usd);
    }
    for (const w of r.wallets) {
      assert.equal(
        valueOf(s, "wo_wallet_wmax_usd", { asset: r.asset, wallet: w.wallet }),
        w.wmax_usd,
      );
    }
  }
  assert.equal(valueOf(s, "wo_last_eval_timestamp_seconds"), NOW / 1000);
  assert.equal(valueOf(s, "wo_build_info", { version: "1.2.3", deno: "2.9.6" }), 1);
  assert.ok(s.every((x) => !Number.isNaN(x.value)), "no NaN sample");
});

Deno.test("createMetrics() publish: label sets of a removed asset disappear", async () => {
  const { registry, metrics } = setup();
  metrics.publish(fakeRecord(1, NOW));
  assert.ok((await scrape(registry)).some((x) => x.labels.asset === "wanusdt"));
  metrics.publish(fakeRecord(2, NOW + 1000, { assets: ["djed", "usdm"] }));
  const s = await scrape(registry);
  assert.equal(s.filter((x) => x.labels.asset === "wanusdt").length, 0);
  assert.equal(s.filter((x) => x.labels.asset === "wanusdc").length, 0);
  assert.equal(valueOf(s, "wo_decision", { asset: "djed" }), 1);
});

Deno.test("createMetrics() publish: a changed ref_mode leaves only the new label set", async () => {
  const { registry, metrics } = setup();
  const first = fakeRecord(1, NOW, { assets: ["djed"] });
  metrics.publish(first);
  const second = fakeRecord(2, NOW, { assets: ["djed"] });
  second.results[0] = { ...second.results[0], ref_mode: "data_range" };
  metrics.publish(second);
  const decisions = (await scrape(registry)).filter((x) => x.name === "wo_decision");
  assert.deepEqual(decisions.map((d) => d.labels.ref_mode), ["data_range"]);
});

Deno.test("createMetrics() publish: null and non-computed values are absent, never NaN", async (t) => {
  const { registry, metrics } = setup();
  const record = fakeRecord(3, NOW, { assets: ["djed", "usdm"], dbDown: true });
  const r0 = record.results[0];
  record.results[1] = {
    ...r0,
    asset: "usdm",
    decision: 0,
    decision_label: "HOLD",
    g_usd: NaN,
    price_compare: {
      ...fakeRecord(1, NOW).results[0].price_compare!,
      unavailable: true,
      delta_abs: null,
      delta_rel: null,
    },
    gate: { ...r0.gate, status: "insufficient_data", residual: null, sigma: null },
  };
  metrics.publish(record);
  const s = await scrape(registry);
  await t.step("ERROR asset has decision -1 and no gate/value series", () => {
    assert.equal(valueOf(s, "wo_decision", { asset: "djed" }), -1);
    for (const n of ["wo_v_ref_usd", "wo_g_usd", "wo_t0_timestamp_seconds", "wo_residual_usd"]) {
      assert.equal(valueOf(s, n, { asset: "djed" }), undefined, n);
    }
  });
  await t.step("NaN g_usd is absent; insufficient gate has no residual series", () => {
    assert.equal(valueOf(s, "wo_g_usd", { asset: "usdm" }), undefined);
    assert.equal(valueOf(s, "wo_residual_trigger", { asset: "usdm" }), undefined);
    assert.equal(valueOf(s, "wo_k_sigma", { asset: "usdm" }), undefined);
  });
  await t.step("unavailable comparison: deltas absent, unavailable = 1", () => {
    assert.equal(valueOf(s, "wo_price_delta_abs", { asset: "usdm" }), undefined);
    assert.equal(valueOf(s, "wo_price_compare_unavailable", { asset: "usdm" }), 1);
  });
  await t.step("per-asset ERROR counted", () => {
    assert.equal(valueOf(s, "wo_evaluation_errors_total", { asset: "djed" }), 1);
  });
  assert.ok(s.every((x) => !Number.isNaN(x.value)));
});

Deno.test("createMetrics() publish: _all_ gives no per-asset series", async () => {
  const { registry, metrics } = setup();
  metrics.publish(fakeRecord(1, NOW));
  metrics.publish(fakeRecord(2, NOW, { assets: [] }));
  const s = await scrape(registry);
  const perAsset = s.filter((x) =>
    x.labels.asset !== undefined && x.name !== "wo_evaluation_errors_total"
  );
  assert.deepEqual(perAsset, []);
  assert.equal(valueOf(s, "wo_evaluation_errors_total", { asset: "_all_" }), 1);
  assert.equal(valueOf(s, "wo_last_eval_timestamp_seconds"), NOW / 1000);
});

Deno.test("createMetrics() expose toggles remove metrics; prefix applies", async (t) => {
  const cases: [ExposeKey, string[]][] = [
    ["decision", ["x_decision"]],
    ["residual_thresholds", ["x_residual_threshold_lower_usd", "x_residual_threshold_upper_usd"]],
    ["price_usd", ["x_price_usd"]],
    ["operational", [
      "x_evaluation_duration_seconds_count",
      "x_evaluation_errors_total",
      "x_greptime_query_duration_seconds_count",
      "x_build_info",
    ]],
  ];
  for (const [key, names] of cases) {
    await t.step(`expose.${key} = false`, async () => {
      const { registry, metrics } = setup({ [key]: false }, "x_");
      metrics.publish(fakeRecord(1, NOW));
      metrics.observeDuration(1);
      metrics.observeQuery("ok", 0.01);
      metrics.evaluationError("_all_");
      const text = await registry.metrics();
      for (const n of names) assert.ok(!text.includes(`${n}{`) && !text.includes(`${n} `), n);
      assert.ok(text.includes("x_last_eval_timestamp_seconds "), "always exposed");
    });
  }
  await t.step("wallet_wmax_usd is off by default", async () => {
    const { registry, metrics } = setup({}, "x_");
    metrics.publish(fakeRecord(1, NOW));
    assert.ok(!(await registry.metrics()).includes("x_wallet_wmax_usd"));
  });
});

Deno.test("createMetrics() histograms use the §12.2 buckets", async () => {
  const { registry, metrics } = setup();
  metrics.observeDuration(0.3);
  metrics.observeQuery("ok", 0.02);
  metrics.observeQuery("error", 3);
  const s = await scrape(registry);
  const durationLe = s.filter((x) => x.name === "wo_evaluation_duration_seconds_bucket")
    .map((x) => x.labels.le);
  assert.deepEqual(durationLe, [
    "0.1",
    "0.25",
    "0.5",
    "1",
    "2.5",
    "5",
    "10",
    "30",
    "60",
    "120",
    "300",
    "+Inf",
  ]);
  assert.equal(valueOf(s, "wo_evaluation_duration_seconds_bucket", { le: "0.5" }), 1);
  assert.equal(valueOf(s, "wo_evaluation_duration_seconds_bucket", { le: "0.25" }), 0);
  assert.equal(
    valueOf(s, "wo_greptime_query_duration_seconds_bucket", { outcome: "ok", le: "0.025" }),
    1,
  );
  assert.equal(valueOf(s, "wo_greptime_query_duration_seconds_count", { outcome: "error" }), 1);
  const queryLe = s.filter((x) =>
    x.name === "wo_greptime_query_duration_seconds_bucket" && x.labels.outcome === "ok"
  ).map((x) => x.labels.le);
  assert.deepEqual(queryLe, [
    "0.005",
    "0.01",
    "0.025",
    "0.05",
    "0.1",
    "0.25",
    "0.5",
    "1",
    "2.5",
    "5",
    "10",
    "+Inf",
  ]);
});

Deno.test("createMetrics() default metrics only when asked", async () => {
  const { registry } = setup();
  assert.ok(!(await registry.metrics()).includes("process_cpu"));
  const r2 = new Registry();
  createMetrics(r2, {
    prefix: "wo_",
    expose: { ...EXPOSE_DEFAULTS },
    version: "1",
    denoVersion: "2",
    defaultMetrics: true,
  });
  assert.ok((await r2.metrics()).includes("wo_process_cpu"));
  assert.equal(r2.contentType, "text/plain; version=0.0.4; charset=utf-8");
});

Deno.test("MetricsRecorder.text() renders once per change and follows every mutation", async () => {
  const { registry, metrics } = setup();
  metrics.publish(fakeRecord(1, NOW));
  const first = await metrics.text();
  assert.equal(first, await registry.metrics());
  // No change in between: the same rendering is reused.
  assert.equal(metrics.text(), metrics.text());
  metrics.observeQuery("ok", 0.02);
  const afterQuery = parsePromText(await metrics.text());
  assert.equal(
    valueOf(afterQuery, "wo_greptime_query_duration_seconds_count", { outcome: "ok" }),
    1,
  );
  metrics.evaluationError("_all_");
  const afterError = parsePromText(await metrics.text());
  assert.equal(valueOf(afterError, "wo_evaluation_errors_total", { asset: "_all_" }), 1);
  const next = fakeRecord(2, NOW + 60_000);
  metrics.publish(next);
  assert.equal(await metrics.text(), await registry.metrics());
});
