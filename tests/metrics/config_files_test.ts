/**
 * The monitoring examples in config/ refer only to metrics the service really exposes, and
 * have the structure Prometheus and Grafana expect.
 */
import assert from "node:assert/strict";
import { parse } from "yaml";
import { createMetrics, Registry } from "../../src/metrics/mod.ts";
import { EXPOSE_DEFAULTS } from "../../src/config/schema.ts";

const CONFIG_DIR = new URL("../../config/", import.meta.url);

async function exposedNames(): Promise<Set<string>> {
  const registry = new Registry();
  createMetrics(registry, {
    prefix: "wo_",
    expose: { ...EXPOSE_DEFAULTS, wallet_wmax_usd: true },
    version: "t",
    denoVersion: "t",
  });
  const names = new Set<string>();
  for (const m of await registry.getMetricsAsJSON()) {
    names.add(m.name);
    if (String(m.type) === "histogram") {
      for (const s of ["_bucket", "_sum", "_count"]) names.add(m.name + s);
    }
  }
  return names;
}

function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\b(wo_[a-z0-9_]+)/g)].map((m) => m[1]);
}

Deno.test("config/alert_rules.yml: rule structure and known metrics", async (t) => {
  const doc = parse(await Deno.readTextFile(new URL("alert_rules.yml", CONFIG_DIR))) as {
    groups: { name: string; rules: Record<string, unknown>[] }[];
  };
  const known = await exposedNames();
  const rules = doc.groups.flatMap((g) => g.rules);
  assert.deepEqual(rules.map((r) => r.alert), [
    "ResidualGateTriggered",
    "WmaxDroppedToZero",
    "OrchestratorEvaluationStale",
    "OrchestratorEvaluationErrors",
    "OrchestratorDown",
  ]);
  for (const r of rules) {
    await t.step(String(r.alert), () => {
      assert.deepEqual(
        Object.keys(r).sort(),
        ["alert", "annotations", "expr", "for", "labels"],
      );
      assert.match(String(r.for), /^\d+[smhd]$/);
      assert.equal(typeof r.expr, "string");
      const labels = r.labels as Record<string, string>;
      assert.ok(["warning", "critical"].includes(labels.severity));
      const ann = r.annotations as Record<string, string>;
      assert.ok(ann.summary && ann.description);
      for (const n of metricNames(String(r.expr))) assert.ok(known.has(n), `${n} is exposed`);
    });
  }
});

Deno.test("config/grafana_dashboard.json: the seed's five panels on exposed metrics", async () => {
  const dash = JSON.parse(await Deno.readTextFile(new URL("grafana_dashboard.json", CONFIG_DIR)));
  const known = await exposedNames();
  const panels = dash.panels as { title: string; type: string; targets: { expr: string }[] }[];
  assert.deepEqual(panels.map((p) => [p.title, p.type]), [
    ["Decision Status", "gauge"],
    ["W_max Value", "timeseries"],
    ["Corrected Gains", "timeseries"],
    ["Residual Gating", "timeseries"],
    ["Residual Trigger", "stat"],
  ]);
  for (const p of panels) {
    assert.ok(p.targets.length > 0);
    for (const tg of p.targets) {
      assert.ok(tg.expr.includes('asset="$asset"'), tg.expr);
      for (const n of metricNames(tg.expr)) assert.ok(known.has(n), `${n} is exposed`);
    }
  }
  assert.equal(dash.templating.list[0].name, "asset");
});

Deno.test("config/prometheus.yml.example scrapes /metrics on 9808", async () => {
  const doc = parse(await Deno.readTextFile(new URL("prometheus.yml.example", CONFIG_DIR)));
  const job = doc.scrape_configs[0];
  assert.equal(job.job_name, "alert_orchestrator");
  assert.equal(job.metrics_path, "/metrics");
  assert.deepEqual(job.static_configs[0].targets, ["localhost:9808"]);
  assert.deepEqual(doc.rule_files, ["alert_rules.yml"]);
});
