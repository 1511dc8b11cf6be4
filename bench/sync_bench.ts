/**
 * Transaction sync throughput (issue 5 target: 10,000 transactions over 20 pages into the
 * demo database in < 5 s). Each iteration starts an empty in-process demo GreptimeDB and a
 * fake Liqwid GraphQL server; only the sync itself is timed.
 *
 * Run: deno bench -A bench/sync_bench.ts
 */
import { parseConfig } from "../src/config/mod.ts";
import { startDemoGreptime } from "../src/demo/mod.ts";
import { createGreptimeClient } from "../src/greptime/mod.ts";
import { syncTransactions } from "../src/jobs/sync_mod.ts";
import { createLiqwidClient } from "../src/prices/liqwid.ts";
import { makeHistory, startFakeLiqwid } from "../tests/support/fake_liqwid.ts";

const ALPHABET = "023456789acdefghjklmnpqrstuvwxyz";
const DAY0 = Date.UTC(2025, 0, 1);

function wallet(i: number): string {
  return "addr1" + "q".repeat(56) + ALPHABET[i % 32] + ALPHABET[Math.floor(i / 32) % 32];
}

async function syncOnce(
  b: Deno.BenchContext,
  histories: Record<string, unknown[]>,
  pageLimit: number,
): Promise<void> {
  const fake = startFakeLiqwid({ transactions: histories, pageLimit });
  const server = await startDemoGreptime({ anchorMs: 0, databases: { liqwid: [], minswap: [] } });
  const wallets = Object.keys(histories);
  const { config } = parseConfig(
    `wallets: [${wallets.join(", ")}]\ndomain:\n  assets: [djed]\n` +
      `prices:\n  endpoints: {liqwid_graphql: "${fake.url}"}\n  transaction_sync: {enabled: true}\n`,
    {},
  );
  const greptime = createGreptimeClient({ url: server.url, database: "liqwid", timeoutMs: 30_000 });
  const liqwid = createLiqwidClient({ endpoint: fake.url, timeoutMs: 30_000 });
  try {
    b.start();
    const report = await syncTransactions(
      { config, greptime, liqwid, now: () => Date.UTC(2025, 1, 1), lock: { held: false } },
      { startDate: "2025-01-01", endDate: "2025-01-31" },
    );
    b.end();
    if (!report.success || report.new_transactions !== 10_000) {
      throw new Error(`unexpected report: ${JSON.stringify(report)}`);
    }
  } finally {
    await fake.close();
    await server.close();
  }
}

const twentyWallets: Record<string, unknown[]> = {};
for (let i = 0; i < 20; i++) {
  twentyWallets[wallet(i)] = makeHistory({
    count: 500,
    startMs: DAY0 + i * 1000,
    asset: "djed",
    idPrefix: `w${String(i).padStart(2, "0")}`,
  });
}

Deno.bench({
  name: "sync 10,000 transactions: 20 wallets x 1 page of 500 into the demo database",
  n: 3,
  warmup: 1,
  async fn(b) {
    await syncOnce(b, twentyWallets, 500);
  },
});

Deno.bench({
  name: "sync 10,000 transactions: 1 wallet, time-sliced pages of <= 500",
  n: 3,
  warmup: 1,
  async fn(b) {
    await syncOnce(b, {
      [wallet(0)]: makeHistory({ count: 10_000, startMs: DAY0, asset: "djed", stepMs: 120_000 }),
    }, 500);
  },
});
