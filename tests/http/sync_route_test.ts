/**
 * `POST /api/sync/transactions` end to end (SPEC §13.1, §16): the Hono app served over real
 * HTTP with the real sync runner, the fake Liqwid GraphQL server and the demo GreptimeDB.
 */
import assert from "node:assert/strict";
import { parseConfig } from "../../src/config/mod.ts";
import type { Config } from "../../src/config/mod.ts";
import { createSyncRunner, type SyncLock } from "../../src/jobs/sync.ts";
import { createSyncHandler, isSyncAvailable } from "../../src/http/sync_handler.ts";
import { createGreptimeClient } from "../../src/greptime/client.ts";
import type { Cell, GreptimeClient } from "../../src/greptime/types.ts";
import { startDemoGreptime } from "../../src/demo/greptime_server.ts";
import { makeHistory, startFakeLiqwid } from "../support/fake_liqwid.ts";
import { createFixture } from "./app_fixture.ts";
import type { AppDeps } from "../../src/http/deps.ts";

const W_A = "addr1" + "qa".repeat(29);
const NOW = Date.UTC(2025, 1, 1);
const DAY0 = Date.UTC(2025, 0, 1);
const ROUTES = ["/api/sync/transactions", "/api/sync-transactions"] as const;

function syncConfig(endpoint: string, enabled = true): Config {
  return parseConfig(
    `wallets: [${W_A}]\ndomain:\n  assets: [djed]\n` +
      `prices:\n  endpoints: {liqwid_graphql: "${endpoint}"}\n` +
      `  transaction_sync:\n    enabled: ${enabled}\n`,
    {},
  ).config;
}

interface Env {
  base: string;
  greptime: GreptimeClient;
  sqlSeen(): string[];
  rows(table: string): Promise<Record<string, Cell>[]>;
  /** Holds every Liqwid request until `release()` when `gate` was requested. */
  release(): void;
  /** Resolves when the first Liqwid request was made (the sync holds its lock by then). */
  liqwidCalled: Promise<void>;
}

async function withEnv(
  opts: { enabled?: boolean; history?: unknown[]; gate?: boolean },
  fn: (env: Env) => Promise<void>,
): Promise<void> {
  const fake = startFakeLiqwid({ pageLimit: 100, transactions: { [W_A]: opts.history ?? [] } });
  const db = await startDemoGreptime({ anchorMs: 0, databases: { liqwid: [], minswap: [] } });
  const greptime = createGreptimeClient({ url: db.url, database: "liqwid", maxAttempts: 1 });
  const config = syncConfig(fake.url, opts.enabled ?? true);
  const { promise: opened, resolve: release } = Promise.withResolvers<void>();
  if (!opts.gate) release();
  const { promise: liqwidCalled, resolve: onLiqwidCall } = Promise.withResolvers<void>();
  const gatedFetch: typeof fetch = async (input, init) => {
    onLiqwidCall();
    await opened;
    return await fetch(input, init);
  };
  const lock: SyncLock = { held: false };
  const deps: Partial<AppDeps> = isSyncAvailable(config)
    ? {
      sync: createSyncHandler(
        createSyncRunner({ config, greptime, now: () => NOW, lock, fetch: gatedFetch }),
      ),
    }
    : {};
  const { app } = createFixture({ deps });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (req) => app.fetch(req, {}),
  );
  const rows = async (table: string): Promise<Record<string, Cell>[]> => {
    try {
      return (await greptime.query(
        `SELECT ts, tx_hash, wallet_address, amount, notes FROM ${table} ORDER BY ts ASC`,
      )).rows;
    } catch (err) {
      if ((err as { code?: number }).code === 4001) return [];
      throw err;
    }
  };
  try {
    await fn({
      base: `http://127.0.0.1:${server.addr.port}`,
      greptime,
      sqlSeen: () => db.requests.map((r) => r.sql ?? ""),
      rows,
      release: () => release(),
      liqwidCalled,
    });
  } finally {
    release();
    await server.shutdown();
    await fake.close();
    await db.close();
  }
}

function post(url: string, body?: unknown): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

Deno.test("POST /api/sync/transactions syncs the window and answers the §16.6 report", async (t) => {
  for (const route of ROUTES) {
    await t.step(route, async () => {
      const history = makeHistory({ count: 6, startMs: DAY0 + 3_600_000, asset: "djed" });
      await withEnv({ history }, async ({ base, rows }) => {
        const res = await post(`${base}${route}`, {
          start_date: "2025-01-01",
          end_date: "2025-01-31",
        });
        assert.equal(res.status, 200);
        assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
        const report = await res.json();
        assert.deepEqual(Object.keys(report).sort(), [
          "deposits_written",
          "duplicates_skipped",
          "errors",
          "fetched",
          "finished_at",
          "new_transactions",
          "skipped_invalid",
          "skipped_other_type",
          "skipped_unknown_asset",
          "started_at",
          "success",
          "test_prefix",
          "wallets_synced",
          "window",
          "withdrawals_written",
        ]);
        assert.equal(report.success, true);
        assert.equal(report.test_prefix, false);
        assert.deepEqual(report.window, {
          start: "2025-01-01T00:00:00.000Z",
          end: "2025-01-31T23:59:59.999Z",
        });
        assert.equal(report.wallets_synced, 1);
        assert.equal(report.fetched, 6);
        assert.equal(report.deposits_written, 3);
        assert.equal(report.withdrawals_written, 3);
        assert.equal(report.new_transactions, 6);
        assert.deepEqual(report.errors, []);
        assert.equal(report.started_at, new Date(NOW).toISOString());
        const deposits = await rows("liqwid_deposits_djed");
        const withdrawals = await rows("liqwid_withdrawals_djed");
        assert.equal(deposits.length, 3);
        assert.equal(withdrawals.length, 3);
        assert.deepEqual(
          [...deposits, ...withdrawals].map((r) => r.tx_hash).sort(),
          history.map((h) => h.id).sort(),
        );
        for (const w of withdrawals) {
          assert.match(String(w.notes), /^alert_driven_withdrawal Synced from Liqwid \(tx: /);
        }
        for (const d of deposits) {
          assert.equal(d.wallet_address, W_A);
          assert.match(String(d.notes), /^Synced from Liqwid \(tx: /);
        }
      });
    });
  }
});

Deno.test("POST /api/sync/transactions run twice writes no duplicate rows", async () => {
  const history = makeHistory({ count: 8, startMs: DAY0 + 3_600_000, asset: "djed" });
  await withEnv({ history }, async ({ base, rows, sqlSeen }) => {
    const body = { start_date: "2025-01-01", end_date: "2025-01-31" };
    const first = await (await post(`${base}/api/sync/transactions`, body)).json();
    assert.equal(first.new_transactions, 8);
    const insertsAfterFirst = sqlSeen().filter((s) => s.startsWith("INSERT")).length;
    const second = await post(`${base}/api/sync-transactions`, body);
    assert.equal(second.status, 200);
    const report = await second.json();
    assert.equal(report.success, true);
    assert.equal(report.fetched, 8);
    assert.equal(report.new_transactions, 0);
    assert.equal(report.duplicates_skipped, 8);
    const all = [...await rows("liqwid_deposits_djed"), ...await rows("liqwid_withdrawals_djed")];
    assert.equal(all.length, 8);
    assert.equal(new Set(all.map((r) => r.tx_hash)).size, 8);
    assert.equal(
      sqlSeen().filter((s) => s.startsWith("INSERT")).length,
      insertsAfterFirst,
      "the second run inserts nothing",
    );
  });
});

Deno.test("POST /api/sync/transactions answers 409 while a sync runs", async () => {
  const history = makeHistory({ count: 2, startMs: DAY0 + 3_600_000, asset: "djed" });
  await withEnv({ history, gate: true }, async ({ base, release, liqwidCalled }) => {
    const first = post(`${base}/api/sync/transactions`, { start_date: "2025-01-01" });
    await liqwidCalled; // the first sync now holds the lock, waiting on the gated Liqwid fetch
    const busy = await post(`${base}/api/sync-transactions`);
    assert.equal(busy.status, 409);
    assert.equal(busy.headers.get("content-type"), "application/problem+json");
    const problem = await busy.json();
    assert.equal(problem.status, 409);
    assert.match(problem.detail, /already running/);
    release();
    const done = await first;
    assert.equal(done.status, 200);
    assert.equal((await done.json()).new_transactions, 2);
    const again = await post(`${base}/api/sync/transactions`, { start_date: "2025-01-01" });
    assert.equal(again.status, 200, "the lock is released after the sync");
    await again.body?.cancel();
  });
});

Deno.test("POST /api/sync/transactions rejects bad windows with 400", async (t) => {
  const cases: { name: string; body: unknown; detail: RegExp }[] = [
    {
      name: "naive datetime",
      body: { start_date: "2025-01-01T10:00:00" },
      detail: /start_date.*needs an offset or Z/,
    },
    {
      name: "start after end",
      body: { start_date: "2025-02-01", end_date: "2025-01-01" },
      detail: /start_date must be before end_date/,
    },
    { name: "not a string", body: { start_date: 20250101 }, detail: /start_date/ },
  ];
  await withEnv({}, async ({ base, sqlSeen }) => {
    for (const c of cases) {
      await t.step(c.name, async () => {
        const res = await post(`${base}/api/sync/transactions`, c.body);
        assert.equal(res.status, 400);
        const problem = await res.json();
        assert.equal(problem.type, "urn:alert-orchestrator:problem:invalid-request");
        assert.match(problem.detail, c.detail);
      });
    }
    assert.equal(sqlSeen().filter((s) => s.startsWith("INSERT")).length, 0);
  });
});

Deno.test("POST /api/sync/transactions answers 404 sync disabled when sync is not enabled", async (t) => {
  await withEnv({ enabled: false }, async ({ base, sqlSeen }) => {
    for (const route of ROUTES) {
      await t.step(route, async () => {
        const res = await post(`${base}${route}`);
        assert.equal(res.status, 404);
        const problem = await res.json();
        assert.equal(problem.detail, "sync disabled");
      });
    }
    assert.deepEqual(sqlSeen(), [], "no database access");
  });
});
