/**
 * Test helper: the demo GreptimeDB server (§18.1) loaded with the §18.3 dataset, plus a
 * client pointed at it with recorded (instant) sleeps.
 */
import {
  createDemoDataset,
  type DemoGreptimeServer,
  startDemoGreptime,
} from "../../src/demo/mod.ts";
import { createGreptimeClient, type GreptimeClient } from "../../src/greptime/mod.ts";
import type { GreptimeClientOptions } from "../../src/greptime/client.ts";

/** The fixed anchor used by demo tests: 2025-01-21T14:00:00Z. */
export const TEST_ANCHOR_MS: number = Date.UTC(2025, 0, 21, 14);

/** Runs `fn` against a fresh demo server; closes it afterwards. */
export async function withDemoGreptime(
  fn: (
    ctx: { server: DemoGreptimeServer; client: GreptimeClient; waits: number[] },
  ) => Promise<void>,
  opts: Partial<GreptimeClientOptions> & { auth?: { username: string; password: string } } = {},
): Promise<void> {
  const ds = await createDemoDataset({ anchorMs: TEST_ANCHOR_MS });
  const server = await startDemoGreptime(ds, { auth: opts.auth });
  const waits: number[] = [];
  const client = createGreptimeClient({
    url: server.url,
    database: "liqwid",
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    random: () => 0,
    ...opts,
  });
  try {
    await fn({ server, client, waits });
  } finally {
    await server.close();
  }
}
