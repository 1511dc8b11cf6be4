/**
 * Per-evaluation cost end to end (HTTP + SQL + parsing + maths), the figure behind the
 * README's Scaling section: `runEvaluation` against the in-process demo GreptimeDB.
 *
 * - demo: the §18 dataset (4 assets, 720 hourly snapshots, 2–3 wallets each);
 * - 30 days at 5 minutes: one asset, 10 wallets × 8,640 snapshots (86,400 position rows) with
 *   200 deposits, gate on (lookback 48 h).
 */
import { createDemoDataset } from "../src/demo/dataset.ts";
import { startDemoGreptime } from "../src/demo/greptime_server.ts";
import { demoConfigInput } from "../src/demo/demo_config.ts";
import { type Config, ConfigSchema } from "../src/config/schema.ts";
import { createRuntime } from "../src/jobs/runtime.ts";
import { runEvaluation } from "../src/jobs/evaluation.ts";
import { addr, scenarioDataset, type TxRow } from "../tests/support/scenario.ts";

const HOUR = 3_600_000;
const anchorMs = Math.floor(Date.UTC(2026, 0, 1) / HOUR) * HOUR;

const demo = await startDemoGreptime(await createDemoDataset({ anchorMs }), { port: 0 });
const demoConfig = ConfigSchema.parse(
  demoConfigInput({ host: "http://127.0.0.1", port: demo.port }),
) as Config;
const demoRuntime = createRuntime(demoConfig);

const STEP = 5 * 60_000;
const N = 8_640;
const start = anchorMs - (N - 1) * STEP;
const wallets = Array.from({ length: 10 }, (_, i) => addr("abcdefghij"[i]));
const positions = [];
for (let k = 0; k < N; k++) {
  for (let w = 0; w < wallets.length; w++) {
    positions.push({
      ts: start + k * STEP,
      wallet: wallets[w],
      usd: 10_000 + w * 100 + k * 0.01 + Math.sin(k / 50 + w),
    });
  }
}
const deposits: TxRow[] = Array.from({ length: 200 }, (_, i) => ({
  ts: start + (i * 43 + 7) * STEP + 60_000,
  wallet: wallets[i % wallets.length],
  amount: 5,
}));
const big = await startDemoGreptime(
  scenarioDataset([{
    asset: "big",
    positions,
    deposits,
    withdrawals: [{
      ts: start - 60_000,
      wallet: wallets[0],
      amount: 1,
      memo: "alert_driven_withdrawal",
    }],
  }]),
  { port: 0 },
);
const bigConfig = ConfigSchema.parse({
  domain: { assets: ["big"] },
  data: { databases: { greptime: { host: "http://127.0.0.1", port: big.port } } },
  analysis: { decision: { gate: { enabled: true, lookback_hours: 48, min_points: 10 } } },
}) as Config;
const bigRuntime = createRuntime(bigConfig);

Deno.bench("runEvaluation: demo dataset (4 assets × 720 h)", async () => {
  await runEvaluation(demoRuntime.runDeps, { now: anchorMs + 30 * 60_000 });
});

Deno.bench("runEvaluation: 1 asset, 10 wallets × 30 days at 5 min (86,400 rows)", async () => {
  const r = await runEvaluation(bigRuntime.runDeps, { now: anchorMs + 60_000 });
  if (r.results[0].decision === -1) throw new Error(r.results[0].reason ?? "error");
});

globalThis.addEventListener("unload", () => {
  void demo.close();
  void big.close();
});
