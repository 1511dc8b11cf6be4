import assert from "node:assert/strict";
import { parseConfig } from "../../src/config/mod.ts";
import {
  createSyncRunner,
  SyncBusyError,
  SyncDisabledError,
  SyncInputError,
  syncTransactions,
} from "../../src/jobs/sync_mod.ts";
import { createGreptimeClient } from "../../src/greptime/mod.ts";
import type { Cell, GreptimeClient } from "../../src/greptime/mod.ts";
import { startDemoGreptime } from "../../src/demo/mod.ts";
import { createLiqwidClient } from "../../src/prices/liqwid.ts";
import { createMemoryGreptime } from "../prices/memory_greptime.ts";
import { makeHistory, startFakeLiqwid } from "../support/fake_liqwid.ts";

const W_A = "addr1" + "qa".repeat(29);
const W_B = "addr1" + "qz".repeat(29);
const DAY0 = Date.UTC(2025, 0, 1);
const NOW = Date.UTC(2025, 1, 1);

function config(endpoint: string, extra = "") {
  return parseConfig(
    `wallets: [${W_A}]\ndomain:\n  assets: [djed, usdm]\n  alternate_names: {usdm: usdx}\n` +
      `prices:\n  endpoints: {liqwid_graphql: "${endpoint}"}\n  transaction_sync:\n    enabled: true\n${extra}`,
    {},
  ).config;
}

type Backend = "memory" | "demo";
const BACKENDS: Backend[] = ["memory", "demo"];

interface Env {
  fake: ReturnType<typeof startFakeLiqwid>;
  greptime: GreptimeClient;
  /** Statements the backend received (memory: all; demo: SQL of every request). */
  statements(): string[];
  /** All rows of a table, ascending ts (empty when it does not exist). */
  rows(table: string): Promise<Record<string, Cell>[]>;
  deps: Parameters<typeof syncTransactions>[0];
}

async function withEnv(
  opts: {
    pageLimit?: number;
    history?: Record<string, unknown[]>;
    extra?: string;
    backend?: Backend;
  },
  fn: (env: Env) => Promise<void>,
): Promise<void> {
  const fake = startFakeLiqwid({ pageLimit: opts.pageLimit ?? 100, transactions: opts.history });
  const cfg = config(fake.url, opts.extra ?? "");
  let greptime: GreptimeClient;
  let statements: () => string[];
  let server: Awaited<ReturnType<typeof startDemoGreptime>> | null = null;
  if ((opts.backend ?? "memory") === "demo") {
    // The real HTTP client against the in-process demo GreptimeDB, starting empty.
    server = await startDemoGreptime({ anchorMs: 0, databases: { liqwid: [], minswap: [] } });
    greptime = createGreptimeClient({ url: server.url, database: "liqwid", timeoutMs: 10_000 });
    const srv = server;
    statements = () => srv.requests.map((r) => r.sql ?? "");
  } else {
    const mem = createMemoryGreptime();
    greptime = mem;
    statements = () => mem.statements.map((x) => x.sql);
  }
  const rows = async (table: string) => {
    try {
      const cols = await greptime.query(`SELECT * FROM ${table} LIMIT 0`);
      const names = cols.columns.map((c) => c.name);
      return (await greptime.query(`SELECT ${names.join(", ")} FROM ${table} ORDER BY ts ASC`))
        .rows;
    } catch (err) {
      if ((err as { code?: number }).code === 4001) return [];
      throw err;
    }
  };
  const deps = {
    config: cfg,
    greptime,
    liqwid: createLiqwidClient({
      endpoint: fake.url,
      timeoutMs: 2000,
      sleep: () => Promise.resolve(),
    }),
    now: () => NOW,
  };
  try {
    await fn({ fake, greptime, statements, rows, deps });
  } finally {
    await fake.close();
    await server?.close();
  }
}

function ids(rows: Record<string, Cell>[]): string[] {
  return rows.map((r) => String(r.tx_hash)).sort();
}

Deno.test("syncTransactions() syncing the same window twice writes no duplicate rows", async (t) => {
  for (const backend of BACKENDS) {
    await t.step(backend, async () => {
      const history = makeHistory({ count: 250, startMs: DAY0, asset: "djed" });
      await withEnv(
        { backend, history: { [W_A]: history } },
        async ({ rows, statements, deps, fake }) => {
          const first = await syncTransactions(deps, {
            startDate: "2025-01-01",
            endDate: "2025-01-31",
          });
          assert.equal(first.success, true);
          assert.equal(first.fetched, 250);
          assert.equal(first.deposits_written, 125);
          assert.equal(first.withdrawals_written, 125);
          assert.equal(first.new_transactions, 250);
          assert.ok(fake.requests.length > 3, "250 items with pages of 100 need time slicing");
          const second = await syncTransactions(deps, {
            startDate: "2025-01-01",
            endDate: "2025-01-31",
          });
          assert.equal(second.success, true);
          assert.equal(second.new_transactions, 0);
          assert.equal(second.duplicates_skipped, 250);
          const dep = await rows("liqwid_deposits_djed");
          const wd = await rows("liqwid_withdrawals_djed");
          assert.equal(dep.length, 125);
          assert.equal(wd.length, 125);
          assert.equal(new Set(ids([...dep, ...wd])).size, 250);
          const inserts = statements().filter((x) => x.startsWith("INSERT"));
          assert.equal(inserts.length, 2, "one multi-row INSERT per table, none on the second run");
        },
      );
    });
  }
});

Deno.test("syncTransactions() a failure in the middle of pagination, then a retry, ends with every transaction exactly once", async (t) => {
  for (const backend of BACKENDS) {
    await t.step(backend, async () => {
      const a = makeHistory({ count: 60, startMs: DAY0, asset: "djed", idPrefix: "aa" });
      const b = makeHistory({
        count: 330,
        startMs: DAY0 + 7_000,
        asset: "djed",
        idPrefix: "bb",
        stepMs: 45_000,
      });
      await withEnv({ backend, history: { [W_A]: a, [W_B]: b } }, async ({ rows, deps, fake }) => {
        const cfg = {
          ...deps.config,
          wallets: [{ address: W_A, label: null }, { address: W_B, label: null }],
        };
        const run = { ...deps, config: cfg };
        // W_A fits one page (1 request); W_B needs slicing and its 3rd request fails on both
        // attempts (500 twice), after two slices were already answered.
        fake.fail("http_500", { op: "transactions", after: 1 + 2, times: 2 });
        const first = await syncTransactions(run, {
          startDate: "2025-01-01",
          endDate: "2025-01-31",
        });
        assert.equal(first.success, false);
        assert.equal(first.errors.length, 1);
        assert.equal(first.errors[0].wallet, W_B.slice(0, 8) + "..." + W_B.slice(-4));
        assert.match(first.errors[0].message, /HTTP 500/);
        assert.equal(first.wallets_synced, 1);
        assert.equal(first.new_transactions, 60);
        assert.equal(fake.requests.length, 5);
        const retry = await syncTransactions(run, {
          startDate: "2025-01-01",
          endDate: "2025-01-31",
        });
        assert.equal(retry.success, true);
        assert.equal(retry.new_transactions, 330);
        assert.equal(retry.duplicates_skipped, 60);
        const all = [
          ...await rows("liqwid_deposits_djed"),
          ...await rows("liqwid_withdrawals_djed"),
        ];
        assert.equal(all.length, 390);
        assert.deepEqual(ids(all), [...a, ...b].map((x) => x.id).sort());
      });
    });
  }
});

Deno.test("syncTransactions() writes UTC instants whatever the host time zone", async () => {
  const script = `
    import { parseConfig } from "${new URL("../../src/config/mod.ts", import.meta.url).href}";
    import { syncTransactions } from "${
    new URL("../../src/jobs/sync_mod.ts", import.meta.url).href
  }";
    import { createMemoryGreptime } from "${
    new URL("../prices/memory_greptime.ts", import.meta.url).href
  }";
    const W = "${W_A}";
    const liqwid = {
      markets: () => Promise.resolve([]),
      transactions: (_w, a, b) => Promise.resolve({ totalCount: 3, results: [
        { id: "naive", type: "SUPPLY", displayName: "DJED", time: "2025-01-21T14:30:22", amount: 1 },
        { id: "zulu", type: "SUPPLY", displayName: "DJED", time: "2025-01-21T14:30:22.500Z", amount: 2 },
        { id: "offset", type: "WITHDRAW", displayName: "DJED", time: "2025-01-21T23:30:22+09:00", amount: -3 },
      ].filter(() => a <= Date.UTC(2025, 0, 21) && b >= Date.UTC(2025, 0, 22) - 1) }),
    };
    const { config } = parseConfig("wallets: [" + W + "]\\ndomain:\\n  assets: [djed]\\nprices:\\n  endpoints: {liqwid_graphql: 'http://127.0.0.1:1'}\\n  transaction_sync: {enabled: true}\\n", {});
    const db = createMemoryGreptime();
    const r = await syncTransactions({ config, greptime: db, liqwid, now: () => ${NOW} }, { startDate: "2025-01-21", endDate: "2025-01-21" });
    console.log(JSON.stringify({ window: r.window, tz: Intl.DateTimeFormat().resolvedOptions().timeZone,
      sql: db.statements.filter((s) => s.sql.startsWith("INSERT")).map((s) => s.sql.replace(/, \\d{13}\\)/g, ", <created>)")) }));
  `;
  const outputs: { window: unknown; tz: string; sql: string[] }[] = [];
  for (const tz of ["UTC", "Asia/Tokyo"]) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--ext=ts", script],
      env: { TZ: tz },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    outputs.push(JSON.parse(new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!));
  }
  assert.equal(outputs[1].tz, "Asia/Tokyo", "the subprocess really ran in Tokyo time");
  assert.deepEqual(outputs[0].window, outputs[1].window);
  assert.deepEqual(outputs[0].window, {
    start: "2025-01-21T00:00:00.000Z",
    end: "2025-01-21T23:59:59.999Z",
  });
  assert.deepEqual(outputs[0].sql, outputs[1].sql);
  const all = outputs[0].sql.join("\n");
  const t = Date.UTC(2025, 0, 21, 14, 30, 22);
  assert.match(all, new RegExp(`\\(${t}, 'naive'`));
  assert.match(all, new RegExp(`\\(${t + 500}, 'zulu'`));
  assert.match(all, new RegExp(`\\(${t}, 'offset'`));
});

Deno.test("syncTransactions() skips and counts bad API input, never failing the sync", async (t) => {
  for (const backend of BACKENDS) {
    await t.step(backend, async () => {
      const good = {
        id: "g1",
        type: "SUPPLY",
        displayName: "DJED",
        time: "2025-01-02T00:00:00Z",
        amount: 4,
      };
      const items: unknown[] = [
        good,
        { ...good, id: "g1" }, // same id again: de-duplicated
        {
          id: "alt",
          type: "withdraw",
          displayName: "usdx",
          time: "2025-01-02T01:00:00Z",
          amount: -2,
        },
        {
          id: "borrow",
          type: "BORROW",
          displayName: "DJED",
          time: "2025-01-02T02:00:00Z",
          amount: 1,
        },
        {
          id: "repay",
          type: "REPAY",
          displayName: "DJED",
          time: "2025-01-02T03:00:00Z",
          amount: 1,
        },
        {
          id: "unknown",
          type: "SUPPLY",
          displayName: "IUSD",
          time: "2025-01-02T04:00:00Z",
          amount: 1,
        },
        { id: "noamount", type: "SUPPLY", displayName: "DJED", time: "2025-01-02T05:00:00Z" },
        {
          id: "stramount",
          type: "SUPPLY",
          displayName: "DJED",
          time: "2025-01-02T06:00:00Z",
          amount: "12",
        },
        {
          id: "zero",
          type: "SUPPLY",
          displayName: "DJED",
          time: "2025-01-02T07:00:00Z",
          amount: 0,
        },
        { id: "badtime", type: "SUPPLY", displayName: "DJED", time: "yesterday", amount: 1 },
        { id: 42, type: 7, displayName: "DJED", time: "2025-01-02T08:00:00Z", amount: 1 },
        { type: "SUPPLY", displayName: "DJED", time: "2025-01-02T09:00:00Z", amount: 1 }, // no id
        "not an object",
        null,
      ];
      await withEnv({ backend, history: { [W_A]: items } }, async ({ rows, deps }) => {
        const r = await syncTransactions(deps, { startDate: "2025-01-01", endDate: "2025-01-31" });
        assert.equal(r.success, true);
        assert.deepEqual(r.errors, []);
        assert.equal(r.deposits_written, 1);
        assert.equal(r.withdrawals_written, 1);
        assert.equal(r.skipped_other_type, 2);
        assert.equal(r.skipped_unknown_asset, 1);
        assert.equal(r.skipped_invalid, 8);
        assert.equal(r.fetched, 13);
        const wd = await rows("liqwid_withdrawals_usdm");
        assert.equal(wd.length, 1, "alternate name usdx maps to usdm, type case-insensitive");
        assert.equal(wd[0].amount, 2, "amount is |amount|");
        assert.equal(wd[0].notes, "alert_driven_withdrawal Synced from Liqwid (tx: alt)");
        const dep = await rows("liqwid_deposits_djed");
        assert.equal(dep[0].notes, "Synced from Liqwid (tx: g1)");
        assert.equal(dep[0].wallet_address, W_A);
        assert.equal(dep[0].created_at, NOW);
      });
    });
  }
});

Deno.test("syncTransactions() memo tagging, memo column and --test-prefix tables", async (t) => {
  const items = [
    { id: "w1", type: "WITHDRAW", displayName: "DJED", time: "2025-01-02T00:00:00Z", amount: -5 },
  ];
  await t.step("tag_withdrawals false → plain memo; memo_column memo", async () => {
    await withEnv({
      history: { [W_A]: items },
      extra:
        "    tag_withdrawals: false\ndata:\n  datasets:\n    transactions: {memo_column: memo}\n",
    }, async ({ rows, statements, deps }) => {
      await syncTransactions(deps, { startDate: "2025-01-01", endDate: "2025-01-31" });
      const create = statements().find((x) => x.startsWith("CREATE"))!;
      assert.equal(
        create,
        "CREATE TABLE IF NOT EXISTS liqwid_withdrawals_djed (ts TIMESTAMP(3) NOT NULL, tx_hash STRING, wallet_address STRING, market_id STRING, amount DOUBLE, memo STRING, created_at TIMESTAMP(3), TIME INDEX (ts), PRIMARY KEY (tx_hash))",
      );
      assert.equal(
        (await rows("liqwid_withdrawals_djed"))[0].memo,
        "Synced from Liqwid (tx: w1)",
      );
    });
  });
  await t.step("testPrefix → test_ tables, report says so", async () => {
    await withEnv({ backend: "demo", history: { [W_A]: items } }, async ({ rows, deps }) => {
      const r = await syncTransactions({ ...deps, testPrefix: true }, { startDate: "2025-01-01" });
      assert.equal(r.test_prefix, true);
      assert.equal((await rows("test_liqwid_withdrawals_djed")).length, 1);
      assert.equal((await rows("liqwid_withdrawals_djed")).length, 0);
      assert.equal(r.window.end, new Date(NOW).toISOString(), "end defaults to now");
    });
  });
});

Deno.test("syncTransactions() recognises legacy memo ids and tables without tx_hash", async (t) => {
  for (const backend of BACKENDS) {
    await t.step(backend, async () => {
      const id = "0123456789abcdef" + "ff".repeat(24);
      const items = [
        { id, type: "SUPPLY", displayName: "DJED", time: "2025-01-02T00:00:00Z", amount: 5 },
        {
          id: "new1",
          type: "SUPPLY",
          displayName: "DJED",
          time: "2025-01-03T00:00:00Z",
          amount: 6,
        },
      ];
      await withEnv({ backend, history: { [W_A]: items } }, async ({ greptime, rows, deps }) => {
        // A table written by the original tool: no tx_hash, ids in the memo (16-char prefix).
        await greptime.execute(
          "CREATE TABLE IF NOT EXISTS liqwid_deposits_djed (ts TIMESTAMP(3) NOT NULL, " +
            "wallet_address STRING, amount DOUBLE, notes STRING, TIME INDEX (ts))",
        );
        await greptime.execute(
          "INSERT INTO liqwid_deposits_djed (ts, wallet_address, amount, notes) VALUES " +
            `(${
              Date.UTC(2025, 0, 2)
            }, '${W_A}', 5, 'Synced from Liqwid (tx: 0123456789abcdef...)')`,
        );
        const r = await syncTransactions(deps, { startDate: "2025-01-01", endDate: "2025-01-31" });
        assert.equal(r.duplicates_skipped, 1);
        assert.equal(r.deposits_written, 1);
        const stored = await rows("liqwid_deposits_djed");
        assert.equal(stored.length, 2);
        assert.equal(stored[1].notes, "Synced from Liqwid (tx: new1)");
        assert.equal("tx_hash" in stored[1], false, "legacy table: no tx_hash column written");
      });
    });
  }
});

Deno.test("syncTransactions() wallets = configured ∪ position tables, invalid skipped, ascending", async (t) => {
  for (const backend of BACKENDS) {
    await t.step(backend, async () => {
      await withEnv({ backend }, async ({ greptime, deps, fake }) => {
        await greptime.execute(
          "CREATE TABLE IF NOT EXISTS liqwid_supply_positions_djed (ts TIMESTAMP(3) NOT NULL, " +
            "wallet_address STRING, usd_value DOUBLE, TIME INDEX (ts))",
        );
        await greptime.execute(
          "INSERT INTO liqwid_supply_positions_djed (ts, wallet_address, usd_value) VALUES " +
            `(1, '${W_B}', 1), (2, '${W_A}', 1), (3, 'not-an-address', 1), (4, NULL, 1), (5, '${W_B}', 2)`,
        );
        const warnings: string[] = [];
        const logger = {
          debug() {},
          info() {},
          error() {},
          warning: (m: string) => warnings.push(m),
        };
        const r = await syncTransactions({ ...deps, logger }, {
          startDate: "2025-01-01",
          endDate: "2025-01-02",
        });
        assert.equal(r.wallets_synced, 2);
        const asked = fake.requests.map((q) =>
          (q.variables as { input: { addresses: string[] } }).input.addresses[0]
        );
        assert.deepEqual(asked, [W_A, W_B]);
        assert.ok(warnings.some((w) => w.includes("invalid wallet address")));
        assert.ok(
          warnings.some((w) => w.includes("liqwid_supply_positions_usdm")),
          "missing table is a warning",
        );
      });
    });
  }
});

Deno.test("syncTransactions() a slice under 1 s that is still incomplete fails only that wallet", async () => {
  const same = Array.from({ length: 3 }, (_, i) => ({
    id: `s${i}`,
    type: "SUPPLY",
    displayName: "DJED",
    time: "2025-01-05T00:00:00.000Z",
    amount: 1,
  }));
  await withEnv({ pageLimit: 2, history: { [W_A]: same, [W_B]: [same[0]] } }, async ({ deps }) => {
    const cfg = {
      ...deps.config,
      wallets: [{ address: W_A, label: null }, { address: W_B, label: null }],
    };
    const r = await syncTransactions({ ...deps, config: cfg }, {
      startDate: "2025-01-01",
      endDate: "2025-01-31",
    });
    assert.equal(r.success, false);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0].message, /below 1 s/);
    assert.equal(r.wallets_synced, 1);
  });
});

Deno.test("syncTransactions() window rules (§16.2)", async (t) => {
  const cases: { name: string; start?: string; end?: string; ok?: [string, string] }[] = [
    {
      name: "dates",
      start: "2025-01-01",
      end: "2025-01-31",
      ok: ["2025-01-01T00:00:00.000Z", "2025-01-31T23:59:59.999Z"],
    },
    {
      name: "offset datetimes",
      start: "2025-01-01T09:00:00+09:00",
      end: "2025-01-02T00:00Z",
      ok: ["2025-01-01T00:00:00.000Z", "2025-01-02T00:00:00.000Z"],
    },
    {
      name: "default start",
      end: "2025-01-01",
      ok: ["2023-10-01T00:00:00.000Z", "2025-01-01T23:59:59.999Z"],
    },
    { name: "naive datetime", start: "2025-01-01T00:00:00", end: "2025-01-02" },
    { name: "start after end", start: "2025-02-01", end: "2025-01-01" },
    { name: "garbage", start: "last week" },
    { name: "impossible date", start: "2025-02-30" },
  ];
  for (const c of cases) {
    await t.step(c.name, async () => {
      await withEnv({}, async ({ deps }) => {
        const p = syncTransactions(deps, { startDate: c.start, endDate: c.end });
        if (c.ok) {
          const r = await p;
          assert.deepEqual([r.window.start, r.window.end], c.ok);
        } else {
          await assert.rejects(p, SyncInputError);
        }
      });
    });
  }
});

Deno.test("createSyncRunner() allows one sync at a time", async () => {
  await withEnv(
    { history: { [W_A]: makeHistory({ count: 3, startMs: DAY0, asset: "djed" }) } },
    async ({ deps, fake }) => {
      const runner = createSyncRunner({ ...deps, lock: { held: false } });
      const other = createSyncRunner({ ...deps }); // the module-level lock: independent here
      fake.fail("timeout", { op: "transactions" });
      const slow = runner.run({ startDate: "2025-01-01", endDate: "2025-01-31" });
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(runner.running(), true);
      assert.equal(other.running(), false);
      await assert.rejects(runner.run({ startDate: "2025-01-01" }), SyncBusyError);
      await fake.close(); // releases the delayed answer
      const report = await slow;
      assert.equal(runner.running(), false);
      assert.equal(report.errors.length, 1);
    },
  );
});

Deno.test("syncTransactions() refuses when sync is disabled", async () => {
  const { config } = parseConfig("domain:\n  assets: [djed]\n", {});
  await assert.rejects(
    syncTransactions({ config, greptime: createMemoryGreptime(), now: () => NOW }, {}),
    SyncDisabledError,
  );
});

Deno.test("syncTransactions() API failures while fetching fail only that wallet", async (t) => {
  const cases: {
    fault: "graphql_error" | "http_503" | "malformed_json" | "timeout";
    requests: number;
    message: RegExp;
  }[] = [
    { fault: "graphql_error", requests: 1, message: /GraphQL error/ },
    { fault: "http_503", requests: 2, message: /HTTP 503/ },
    { fault: "malformed_json", requests: 1, message: /malformed JSON/ },
    { fault: "timeout", requests: 1, message: /timed out/ },
  ];
  for (const c of cases) {
    await t.step(c.fault, async () => {
      const history = {
        [W_A]: makeHistory({ count: 3, startMs: DAY0, asset: "djed", idPrefix: "a" }),
        [W_B]: makeHistory({ count: 4, startMs: DAY0, asset: "djed", idPrefix: "b" }),
      };
      await withEnv({ history }, async ({ deps, fake, rows }) => {
        const cfg = {
          ...deps.config,
          wallets: [{ address: W_A, label: null }, { address: W_B, label: null }],
        };
        const liqwid = createLiqwidClient({
          endpoint: fake.url,
          timeoutMs: 200,
          sleep: () => Promise.resolve(),
        });
        fake.fail(c.fault, { op: "transactions", times: c.requests });
        const r = await syncTransactions({ ...deps, config: cfg, liqwid }, {
          startDate: "2025-01-01",
          endDate: "2025-01-31",
        });
        assert.equal(r.success, false);
        assert.equal(r.errors.length, 1);
        assert.match(r.errors[0].message, c.message);
        assert.equal(r.errors[0].wallet, W_A.slice(0, 8) + "..." + W_A.slice(-4));
        assert.equal(r.wallets_synced, 1);
        assert.equal(r.new_transactions, 4);
        assert.equal(fake.requests.length, c.requests + 1);
        const all = [
          ...await rows("liqwid_deposits_djed"),
          ...await rows("liqwid_withdrawals_djed"),
        ];
        assert.deepEqual(ids(all), history[W_B].map((x) => x.id).sort());
      });
    });
  }
});

Deno.test("syncTransactions() splits a table's rows into INSERTs of at most 500 rows (§16.5) and reports every §16.6 field", async () => {
  // 2202 items alternate SUPPLY/WITHDRAW: 1101 rows per table → 500 + 500 + 101.
  const history = makeHistory({ count: 2202, startMs: DAY0, asset: "djed", stepMs: 1000 });
  await withEnv({ history: { [W_A]: history }, pageLimit: 5000 }, async ({ statements, deps }) => {
    const report = await syncTransactions(deps, { startDate: "2025-01-01", endDate: "2025-01-31" });
    const rowsPerInsert = (table: string) =>
      statements()
        .filter((s) => s.startsWith(`INSERT INTO ${table} `))
        .map((s) => s.split("), (").length);
    assert.deepEqual(rowsPerInsert("liqwid_deposits_djed"), [500, 500, 101]);
    assert.deepEqual(rowsPerInsert("liqwid_withdrawals_djed"), [500, 500, 101]);
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
    assert.deepEqual(
      [report.success, report.fetched, report.new_transactions, report.wallets_synced],
      [true, 2202, 2202, 1],
    );
    assert.deepEqual(report.window, {
      start: "2025-01-01T00:00:00.000Z",
      end: "2025-01-31T23:59:59.999Z",
    });
    assert.equal(report.started_at, new Date(NOW).toISOString());
  });
});
