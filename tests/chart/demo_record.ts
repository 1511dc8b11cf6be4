/**
 * Runs the real evaluation over the §18 demo dataset (in-process GreptimeDB-compatible server
 * on 127.0.0.1) at a fixed anchor, so chart tests and the docs image use real ChartData.
 */
import { type Config, ConfigSchema } from "../../src/config/schema.ts";
import { createDemoDataset, demoConfigInput, startDemoGreptime } from "../../src/demo/mod.ts";
import type { EvaluationRecord } from "../../src/evaluate/types.ts";
import { createGreptimeClient } from "../../src/greptime/mod.ts";
import { runEvaluation } from "../../src/jobs/evaluation.ts";

/** Fixed demo anchor (start of a UTC hour); the evaluation runs 30 minutes later (§18.4). */
export const DEMO_ANCHOR_MS: number = Date.UTC(2025, 0, 31, 12);

/** Evaluates the demo assets once and returns the record. */
export async function demoRecord(): Promise<EvaluationRecord> {
  return (await demoRun()).record;
}

/** Evaluates the demo assets once; returns the record and the configuration used. */
export async function demoRun(): Promise<{ record: EvaluationRecord; config: Config }> {
  const dataset = await createDemoDataset({ anchorMs: DEMO_ANCHOR_MS });
  const server = await startDemoGreptime(dataset, { hostname: "127.0.0.1", port: 0 });
  try {
    const config = ConfigSchema.parse(
      demoConfigInput({ host: "http://127.0.0.1", port: server.port }),
    ) as Config;
    const g = config.data.databases.greptime;
    const greptime = createGreptimeClient({ url: `${g.host}:${g.port}`, database: g.database });
    const now = DEMO_ANCHOR_MS + 30 * 60_000;
    const record = await runEvaluation({ config, greptime, clock: () => now }, { now });
    return { record, config };
  } finally {
    await server.close();
  }
}
