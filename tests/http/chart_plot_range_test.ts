/**
 * Plot range and server-side downsampling of the chart routes (SPEC §15.1, §15.3, §10.6),
 * end to end: the real evaluation against the demo GreptimeDB over HTTP, the record in the
 * store, the Hono app served over HTTP, `GET /charts/<asset>.svg`.
 */
import assert from "node:assert/strict";
import { startDemoGreptime } from "../../src/demo/greptime_server.ts";
import { createGreptimeClient } from "../../src/greptime/client.ts";
import { type Config, type ConfigInput, ConfigSchema } from "../../src/config/schema.ts";
import { runEvaluation } from "../../src/jobs/evaluation.ts";
import { compositeOptionsFromConfig, renderCompositeSvg } from "../../src/chart/mod.ts";
import type { ChartData } from "../../src/evaluate/types.ts";
import {
  addr,
  DAY0,
  hm,
  type PosRow,
  refWithdrawal,
  scenarioDataset,
} from "../support/scenario.ts";
import { createFixture, memoryLogger } from "./app_fixture.ts";

const A = addr("a");
const B = addr("b");
const HOURS = 240; // 10 days of hourly snapshots
const T0 = hm(192); // reference withdrawal: 2025-01-09T00:00Z
const NOW = hm(HOURS); // 2025-01-11T00:00Z → window [T0, NOW] holds hours 192..239
const RAW_VALUE_SQL = "SELECT ts, SUM(COALESCE(usd_value, underlying_units * price_usd)) AS v";

function positions(): PosRow[] {
  const rows: PosRow[] = [];
  for (let h = 0; h < HOURS; h++) {
    rows.push({ ts: hm(h), wallet: A, usd: 1000 + h });
    rows.push({ ts: hm(h), wallet: B, usd: 500 });
  }
  return rows;
}

interface Env {
  base: string;
  config: Config;
  /** SQL the demo server received since the last call. */
  newSql(): string[];
  /** Runs one evaluation and publishes it; returns the asset's chart data. */
  evaluate(id: number): Promise<ChartData>;
  setFailure: Awaited<ReturnType<typeof startDemoGreptime>>["setFailure"];
  logs: string[];
}

async function withEnv(
  visualization: ConfigInput["visualization"],
  fn: (env: Env) => Promise<void>,
): Promise<void> {
  const db = await startDemoGreptime(scenarioDataset([{
    positions: positions(),
    withdrawals: [refWithdrawal(T0, A)],
  }]));
  const greptime = createGreptimeClient({ url: db.url, database: "liqwid", maxAttempts: 1 });
  const config = ConfigSchema.parse({
    domain: { assets: ["x"] },
    settings: { timezone: "Europe/Berlin" },
    visualization,
  }) as Config;
  const logs: string[] = [];
  const fixture = createFixture({
    deps: {
      config,
      greptime,
      logger: memoryLogger(logs),
      renderChartSvg: (chart, size) =>
        renderCompositeSvg(chart, compositeOptionsFromConfig(config, chart.asset, size)),
    },
  });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (req) => fixture.app.fetch(req, {}),
  );
  let seen = 0;
  try {
    await fn({
      base: `http://127.0.0.1:${server.addr.port}`,
      config,
      newSql() {
        const out = db.requests.slice(seen).map((r) => r.sql ?? "");
        seen = db.requests.length;
        return out;
      },
      async evaluate(id) {
        const record = await runEvaluation({ config, greptime }, { now: NOW, evaluationId: id });
        fixture.store.publish(record);
        const chart = record.details[0].chart;
        assert.ok(chart, `chart data for x: ${JSON.stringify(record.results[0].reason)}`);
        return chart;
      },
      setFailure: (f, o) => db.setFailure(f, o),
      logs,
    });
  } finally {
    await server.shutdown();
    await db.close();
  }
}

async function getSvg(base: string, query = ""): Promise<string> {
  const res = await fetch(`${base}/charts/x.svg${query}`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^image\/svg\+xml/);
  return await res.text();
}

/** Dates (UTC ms) of the x-axis tick labels of the position panel. */
function positionTickDates(svg: string): number[] {
  const start = svg.indexOf('class="panel panel-position"');
  const end = svg.indexOf('class="panel panel-residual"');
  assert.ok(start >= 0 && end > start, "position panel present");
  const panel = svg.slice(start, end);
  const axis = panel.slice(panel.indexOf('class="axis axis-x"'));
  return [...axis.matchAll(/>(\d{2})-(\d{2}) (\d{2}):(\d{2})</g)].map((m) =>
    Date.UTC(2025, Number(m[1]) - 1, Number(m[2]), Number(m[3]), Number(m[4]))
  );
}

function hoursOf(chart: ChartData): number[] {
  return chart.positions.tsMs.map((t) => (t - DAY0) / 3_600_000);
}

Deno.test("chart plot range inherit draws the window only, without a chart query", async () => {
  await withEnv({}, async ({ base, evaluate, newSql }) => {
    const chart = await evaluate(1);
    assert.equal(chart.plotStartMs, undefined);
    assert.equal(chart.plotEndMs, undefined);
    assert.equal(chart.serverDownsample, undefined);
    assert.deepEqual(hoursOf(chart), Array.from({ length: 48 }, (_, i) => 192 + i));
    newSql();
    const svg = await getSvg(base);
    assert.deepEqual(newSql(), [], "the chart route queries nothing");
    assert.equal(svg, renderCompositeSvg(chart), "same drawing as before plot ranges existed");
    const ticks = positionTickDates(svg);
    assert.ok(ticks.length > 0);
    assert.ok(ticks.every((t) => t >= T0), "no tick before the window");
  });
});

Deno.test("chart plot range relative longer than the window shows pre-window positions", async () => {
  await withEnv(
    { diagnostics: { plot_range: { mode: "relative", relative_duration: "5d" } } },
    async ({ base, evaluate, newSql }) => {
      const chart = await evaluate(1);
      assert.equal(chart.plotStartMs, NOW - 5 * 86_400_000);
      assert.equal(chart.plotEndMs, NOW);
      assert.equal(chart.serverDownsample, null, "120 points ≤ max_points 1500: raw read");
      assert.deepEqual(hoursOf(chart), Array.from({ length: 120 }, (_, i) => 120 + i));
      // V(s) = A + B = 1500 + hour, before and inside the window.
      assert.deepEqual(chart.positions.values, hoursOf(chart).map((h) => 1500 + h));
      newSql();
      const svg = await getSvg(base);
      assert.deepEqual(newSql(), [], "raw plot data was cached during the evaluation");
      const ticks = positionTickDates(svg);
      assert.ok(ticks.some((t) => t < T0), "ticks before the window start");
      assert.ok(ticks.every((t) => t >= chart.plotStartMs!), "no tick before the plot range");
    },
  );
});

Deno.test("chart plot range custom reads naive bounds in settings.timezone", async () => {
  await withEnv(
    { diagnostics: { plot_range: { mode: "custom", start: "2025-01-08T01:00" } } },
    async ({ evaluate }) => {
      const chart = await evaluate(1);
      // 01:00 in Berlin (UTC+1 in January) = 00:00Z on 2025-01-08 = hour 168.
      assert.equal(chart.plotStartMs, hm(168));
      assert.equal(chart.plotEndMs, NOW);
      assert.equal(hoursOf(chart)[0], 168);
      assert.equal(hoursOf(chart).length, 72);
    },
  );
});

const SERVER_VIS: ConfigInput["visualization"] = {
  diagnostics: {
    plot_range: { mode: "relative", relative_duration: "5d" },
    aggregation: { max_points: 100, server_downsample: true },
  },
};

Deno.test("chart plot range beyond the window with more than max_points uses the date_bin query", async () => {
  await withEnv(SERVER_VIS, async ({ base, evaluate, newSql }) => {
    const chart = await evaluate(1);
    assert.ok(chart.serverDownsample, "request left for drawing time");
    assert.equal(chart.serverDownsample.estimatedPoints, 120);
    assert.equal(chart.serverDownsample.binSeconds, 1800, "auto: 30min gives ≤ 250 bins");
    const evalSql = newSql();
    assert.ok(evalSql.length > 0 && evalSql.every((s) => !s.includes("date_bin")));
    assert.deepEqual(hoursOf(chart), Array.from({ length: 48 }, (_, i) => 192 + i));

    const svg = await getSvg(base);
    const sql = newSql();
    assert.equal(sql.length, 1);
    assert.match(sql[0], /^SELECT date_bin\(INTERVAL '1800 seconds', ts\) AS bucket/);
    assert.ok(sql[0].includes(`WHERE ts >= ${NOW - 5 * 86_400_000} AND ts <= ${NOW}`));
    assert.ok(svg.includes('class="whiskers server-bins"'));
    assert.ok(svg.includes("V (server bins 30min: min–max, mean)"));
    assert.ok(positionTickDates(svg).some((t) => t < T0), "bins before the window are drawn");

    await getSvg(base, "?width=800&height=600");
    assert.deepEqual(newSql(), [], "bins are fetched once per evaluation");
  });
});

Deno.test("chart server downsampling falls back to raw data on code 1001 and remembers it", async () => {
  await withEnv(SERVER_VIS, async ({ base, evaluate, newSql, setFailure }) => {
    await evaluate(1);
    newSql();
    setFailure({ mode: "status", status: 400, code: 1001, message: "unsupported" }, { times: 1 });
    const svg = await getSvg(base);
    const sql = newSql();
    assert.equal(sql.length, 2);
    assert.ok(sql[0].includes("date_bin"));
    assert.ok(sql[1].startsWith(RAW_VALUE_SQL));
    assert.ok(!svg.includes("server-bins"));
    assert.ok(svg.includes("V (30min bins: p10/25/50/75/90)"), "client-side §15.3 whiskers");
    assert.ok(positionTickDates(svg).some((t) => t < T0), "raw data before the window");

    await evaluate(2);
    newSql();
    await getSvg(base);
    const again = newSql();
    assert.equal(again.length, 1);
    assert.ok(again[0].startsWith(RAW_VALUE_SQL), "no second date_bin attempt");
  });
});

Deno.test("chart server downsampling failure draws the window and retries later", async () => {
  await withEnv(SERVER_VIS, async ({ base, evaluate, newSql, setFailure, logs }) => {
    const chart = await evaluate(1);
    newSql();
    setFailure({ mode: "status", status: 400, code: 1004, message: "boom" }, { times: 1 });
    const svg = await getSvg(base);
    assert.equal(newSql().length, 1);
    assert.ok(!svg.includes("server-bins"));
    assert.equal(
      svg,
      renderCompositeSvg(
        chart,
        compositeOptionsFromConfig(
          ConfigSchema.parse({ domain: { assets: ["x"] }, visualization: SERVER_VIS }) as Config,
          "x",
        ),
      ),
    );
    assert.ok(logs.some((l) => l.startsWith("WARNING - chart x: server downsampling failed")));
    const healed = await getSvg(base);
    assert.ok(newSql().some((s) => s.includes("date_bin")), "not cached after a failure");
    assert.ok(healed.includes("server-bins"));
  });
});
