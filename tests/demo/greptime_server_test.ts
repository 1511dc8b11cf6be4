import assert from "node:assert/strict";
import { DEMO_WALLETS } from "../../src/demo/mod.ts";
import {
  downsampleSql,
  earliestPositionSql,
  GreptimeHttpError,
  GreptimeQueryError,
  GreptimeTimeoutError,
  lastPriceBeforeSql,
  positionPriceSeriesSql,
  positionsSql,
  sqlString,
  transactionsSql,
} from "../../src/greptime/mod.ts";
import { createTransactionTableSql, insertTransactionsSql } from "../../src/greptime/sync_sql.ts";
import { TEST_ANCHOR_MS as A, withDemoGreptime } from "../support/greptime_demo.ts";

const H = 3_600_000;
const POS = "liqwid_supply_positions_djed";

async function rawPost(url: string, form: Record<string, string>, query = ""): Promise<{
  status: number;
  body: Record<string, unknown>;
}> {
  const res = await fetch(`${url}/v1/sql${query}`, {
    method: "POST",
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: await res.json() };
}

Deno.test("startDemoGreptime() answers SELECT 1 in GreptimeDB's JSON shape", async () => {
  await withDemoGreptime(async ({ server, client }) => {
    const raw = await rawPost(server.url, { sql: "SELECT 1", db: "liqwid" });
    assert.equal(raw.status, 200);
    assert.deepEqual((raw.body.output as unknown[])[0], {
      records: {
        schema: { column_schemas: [{ name: "1", data_type: "Int64" }] },
        rows: [[1]],
        total_rows: 1,
      },
    });
    assert.equal(typeof raw.body.execution_time_ms, "number");
    await client.ping();
    const last = server.requests.at(-1)!;
    assert.equal(last.contentType, "application/x-www-form-urlencoded");
    assert.equal(last.db, "liqwid");
  });
});

Deno.test("startDemoGreptime() accepts db as a query parameter", async () => {
  await withDemoGreptime(async ({ server }) => {
    const raw = await rawPost(
      server.url,
      { sql: "SELECT COUNT(*) AS n FROM minswap_prices_djed" },
      "?db=minswap",
    );
    assert.deepEqual((raw.body.output as { records: { rows: unknown } }[])[0].records.rows, [[
      720,
    ]]);
  });
});

Deno.test("SELECT * … LIMIT 0 returns the column schemas with GreptimeDB types", async () => {
  await withDemoGreptime(async ({ client }) => {
    const r = await client.query(`SELECT * FROM ${POS} LIMIT 0`);
    assert.deepEqual(r.rows, []);
    assert.deepEqual(r.columns, [
      { name: "ts", dataType: "TimestampMillisecond" },
      { name: "wallet_address", dataType: "String" },
      { name: "usd_value", dataType: "Float64" },
      { name: "underlying_units", dataType: "Float64" },
      { name: "price_usd", dataType: "Float64" },
      { name: "market_id", dataType: "String" },
    ]);
    assert.deepEqual(await client.tableColumns("liqwid_withdrawals_djed"), [
      "ts",
      "tx_hash",
      "wallet_address",
      "market_id",
      "amount",
      "notes",
      "created_at",
    ]);
  });
});

Deno.test("the §10.6 statements run against the demo data", async (t) => {
  await withDemoGreptime(async ({ client }) => {
    const cols = await client.tableColumns(POS);
    await t.step("positions within bounds", async () => {
      const r = await client.query(positionsSql(POS, cols, { startMs: A - H, endMs: A }));
      assert.equal(r.rows.length, 6);
      assert.deepEqual(r.rows.map((x) => x.ts), [A - H, A - H, A - H, A, A, A]);
      assert.equal(r.rows[0].wallet_address, DEMO_WALLETS[0]);
    });
    await t.step("right_open excludes the start", async () => {
      const r = await client.query(
        positionsSql(POS, cols, { startMs: A - H, endMs: A, startExclusive: true }),
      );
      assert.equal(r.rows.length, 3);
    });
    await t.step("last price before the window", async () => {
      const all = await client.query(positionPriceSeriesSql(POS, { endMs: A - 5 * H }));
      const r = await client.query(lastPriceBeforeSql(POS, A - 4 * H));
      assert.deepEqual(r.rows, [all.rows.at(-1)]);
      assert.equal(r.rows[0].ts, A - 5 * H);
    });
    await t.step("earliest position", async () => {
      const r = await client.query(earliestPositionSql(POS, A));
      assert.deepEqual(r.rows, [{ min_ts: A - 719 * H }]);
      assert.equal(r.columns[0].dataType, "TimestampMillisecond");
    });
    await t.step("transactions with memo and tx_hash", async () => {
      const table = "liqwid_withdrawals_usdm";
      const tc = await client.tableColumns(table);
      const r = await client.query(transactionsSql(table, tc, "notes", { startMs: A - 300 * H }));
      assert.deepEqual(r.rows.map((x) => [x.amount, x.notes]), [
        [1000, "alert_driven_withdrawal (demo)"],
        [1000, "manual rebalance"],
      ]);
      assert.equal(String(r.rows[0].tx_hash).length, 64);
    });
    await t.step("minswap series in the minswap database", async () => {
      const r = await client.query(
        "SELECT ts, price_usd FROM minswap_prices_wanusdt ORDER BY ts DESC LIMIT 1",
        {
          db: "minswap",
        },
      );
      assert.equal(r.rows[0].ts, A);
      assert.ok(Math.abs((r.rows[0].price_usd as number) - 1) < 0.002);
    });
  });
});

Deno.test("date_bin downsampling buckets per-ts sums like an in-process computation", async () => {
  await withDemoGreptime(async ({ client }) => {
    const cols = await client.tableColumns(POS);
    const bounds = { startMs: A - 100 * H, endMs: A };
    const raw = await client.query(positionsSql(POS, cols, bounds));
    const perTs = new Map<number, number>();
    for (const r of raw.rows) {
      const v = (r.usd_value as number | null) ??
        (r.underlying_units as number) * (r.price_usd as number);
      perTs.set(r.ts as number, (perTs.get(r.ts as number) ?? 0) + v);
    }
    const bucketMs = 6 * H;
    const expected = new Map<number, number[]>();
    for (const [ts, v] of perTs) {
      const b = Math.floor(ts / bucketMs) * bucketMs;
      expected.set(b, [...(expected.get(b) ?? []), v]);
    }
    const r = await client.query(downsampleSql(POS, cols, 6 * 3600, bounds));
    assert.deepEqual(r.columns.map((c) => [c.name, c.dataType]), [
      ["bucket", "TimestampMillisecond"],
      ["v_min", "Float64"],
      ["v_avg", "Float64"],
      ["v_max", "Float64"],
      ["n", "Int64"],
    ]);
    assert.deepEqual(r.rows.map((x) => x.bucket), [...expected.keys()].sort((a, b) => a - b));
    for (const row of r.rows) {
      const vs = expected.get(row.bucket as number)!;
      assert.equal(row.n, vs.length);
      assert.ok(Math.abs((row.v_min as number) - Math.min(...vs)) < 1e-6);
      assert.ok(Math.abs((row.v_max as number) - Math.max(...vs)) < 1e-6);
      assert.ok(Math.abs((row.v_avg as number) - vs.reduce((a, b) => a + b, 0) / vs.length) < 1e-6);
    }
  });
});

Deno.test("CREATE TABLE, multi-row INSERT and upsert on (primary key, ts)", async () => {
  await withDemoGreptime(async ({ client }) => {
    const table = "test_liqwid_deposits_djed";
    assert.equal(await client.execute(createTransactionTableSql(table, "notes")), 0);
    assert.equal(
      await client.execute(createTransactionTableSql(table, "notes")),
      0,
      "IF NOT EXISTS",
    );
    const row = (ts: number, hash: string, amount: number) => ({
      tsMs: ts,
      txHash: hash,
      wallet: DEMO_WALLETS[0],
      marketId: "DJED",
      amount,
      memo: "Synced from Liqwid (tx: x')",
      createdAtMs: 5,
    });
    const [ins] = insertTransactionsSql(table, [
      row(1000, "a", 1),
      row(2000, "b", 2),
      row(1000, "c", 3),
    ], {
      memoColumn: "notes",
      withTxHash: true,
    });
    assert.equal(await client.execute(ins), 3);
    const [again] = insertTransactionsSql(table, [row(1000, "a", 10)], {
      memoColumn: "notes",
      withTxHash: true,
    });
    assert.equal(await client.execute(again), 1);
    const r = await client.query(
      `SELECT ts, tx_hash, amount, notes, created_at FROM ${table} ORDER BY ts ASC, tx_hash ASC`,
    );
    assert.deepEqual(r.rows, [
      { ts: 1000, tx_hash: "a", amount: 10, notes: "Synced from Liqwid (tx: x')", created_at: 5 },
      { ts: 1000, tx_hash: "c", amount: 3, notes: "Synced from Liqwid (tx: x')", created_at: 5 },
      { ts: 2000, tx_hash: "b", amount: 2, notes: "Synced from Liqwid (tx: x')", created_at: 5 },
    ]);
    assert.equal(r.columns.find((c) => c.name === "created_at")?.dataType, "TimestampMillisecond");
  });
});

Deno.test("errors carry GreptimeDB codes and statuses", async (t) => {
  const cases: { name: string; sql: string; db?: string; code: number; status: number }[] = [
    {
      name: "missing table",
      sql: "SELECT * FROM liqwid_supply_positions_nope LIMIT 0",
      code: 4001,
      status: 400,
    },
    { name: "missing database", sql: "SELECT 1", db: "nope", code: 4004, status: 400 },
    { name: "syntax", sql: "SELECT 'unterminated", code: 2000, status: 400 },
    { name: "unknown column", sql: `SELECT nope FROM ${POS}`, code: 3000, status: 400 },
    {
      name: "unsupported statement",
      sql: "DELETE FROM liqwid_deposits_djed",
      code: 1001,
      status: 500,
    },
    { name: "unsupported function", sql: "SELECT load_extension('x')", code: 1001, status: 500 },
    { name: "second statement", sql: `SELECT 1; DROP TABLE ${POS}`, code: 1001, status: 500 },
    { name: "sqlite internals", sql: "SELECT * FROM sqlite_master", code: 4001, status: 400 },
    { name: "comment", sql: "SELECT 1 -- x", code: 2000, status: 400 },
    { name: "union", sql: `SELECT 1 UNION SELECT COUNT(*) FROM ${POS}`, code: 1001, status: 500 },
    { name: "attach", sql: "ATTACH DATABASE '/tmp/x.db' AS x", code: 1001, status: 500 },
    { name: "pragma", sql: "PRAGMA writable_schema = 1", code: 1001, status: 500 },
    { name: "drop", sql: `DROP TABLE ${POS}`, code: 1001, status: 500 },
    {
      name: "insert into missing table",
      sql: "INSERT INTO nope (ts) VALUES (1)",
      code: 4001,
      status: 400,
    },
  ];
  await withDemoGreptime(async ({ server }) => {
    for (const c of cases) {
      await t.step(c.name, async () => {
        const raw = await rawPost(server.url, { sql: c.sql, db: c.db ?? "liqwid" });
        assert.equal(raw.status, c.status);
        assert.equal(raw.body.code, c.code);
        assert.equal(typeof raw.body.error, "string");
        assert.equal(typeof raw.body.execution_time_ms, "number");
      });
    }
    const still = await rawPost(server.url, { sql: `SELECT COUNT(*) FROM ${POS}`, db: "liqwid" });
    assert.deepEqual((still.body.output as { records: { rows: unknown } }[])[0].records.rows, [[
      2160,
    ]]);
  });
});

Deno.test("a missing table surfaces as GreptimeQueryError.isTableNotFound, also after dropTable()", async () => {
  await withDemoGreptime(async ({ server, client }) => {
    assert.equal((await client.tableColumns("liqwid_deposits_usdm")).length, 7);
    assert.equal(server.dropTable("liqwid", "liqwid_deposits_usdm"), true);
    const err = await client.query("SELECT ts FROM liqwid_deposits_usdm").catch((e) => e);
    assert.ok(err instanceof GreptimeQueryError);
    assert.equal(err.isTableNotFound, true);
    assert.equal(err.status, 400);
    assert.equal(err.message, "Table not found: greptime.liqwid.liqwid_deposits_usdm");
  });
});

Deno.test("a quote in a wallet address cannot change the query", async () => {
  await withDemoGreptime(async ({ client }) => {
    const evil = "x' OR '1'='1";
    const sql = `SELECT ts, wallet_address FROM ${POS} WHERE wallet_address = ${sqlString(evil)}`;
    assert.deepEqual((await client.query(sql)).rows, []);
    const honest = `SELECT COUNT(*) AS n FROM ${POS} WHERE wallet_address = ${
      sqlString(DEMO_WALLETS[2])
    }`;
    assert.deepEqual((await client.query(honest)).rows, [{ n: 720 }]);
    // The same text spliced in unescaped would have matched every row.
    const spliced = `SELECT COUNT(*) AS n FROM ${POS} WHERE wallet_address = '${evil}'`;
    assert.deepEqual((await client.query(spliced)).rows, [{ n: 2160 }]);
  });
});

Deno.test("setFailure() makes the server fail the way tests need", async (t) => {
  await t.step("500 twice, then the retry succeeds", async () => {
    await withDemoGreptime(async ({ server, client, waits }) => {
      server.setFailure({ mode: "status", status: 500, code: 1003 }, { times: 2 });
      assert.deepEqual((await client.query("SELECT 1 AS one")).rows, [{ one: 1 }]);
      assert.equal(server.requests.length, 3);
      assert.deepEqual(waits, [250, 500]);
    });
  });
  await t.step("429 with Retry-After", async () => {
    await withDemoGreptime(async ({ server, client, waits }) => {
      server.setFailure({ mode: "status", status: 429, code: 1003, retryAfterSeconds: 3 }, {
        times: 1,
      });
      await client.ping();
      assert.deepEqual(waits, [3000]);
    });
  });
  await t.step("non-JSON 502", async () => {
    await withDemoGreptime(async ({ server, client }) => {
      server.setFailure({ mode: "non_json", status: 502 });
      const err = await client.ping().catch((e) => e);
      assert.ok(err instanceof GreptimeHttpError);
      assert.equal(err.status, 502);
      assert.match(err.bodyExcerpt, /Bad Gateway/);
      assert.equal(server.requests.length, 3);
    });
  });
  await t.step("hang → timeout", async () => {
    await withDemoGreptime(async ({ server, client }) => {
      server.setFailure({ mode: "hang" });
      const err = await client.ping().catch((e) => e);
      assert.ok(err instanceof GreptimeTimeoutError);
      assert.equal(server.requests.length, 1);
    }, { timeoutMs: 100, maxAttempts: 1 });
  });
});

Deno.test("startDemoGreptime() checks Basic credentials when configured", async () => {
  await withDemoGreptime(async ({ server, client }) => {
    await client.ping();
    assert.equal(server.requests[0].authorization, `Basic ${btoa("demo:pw")}`);
    const raw = await rawPost(server.url, { sql: "SELECT 1", db: "liqwid" });
    assert.equal(raw.status, 401);
  }, { auth: { username: "demo", password: "pw" }, username: "demo", password: "pw" });
});

Deno.test("the demo server supports DISTINCT, IN, BETWEEN and ISO strings compared with ts", async (t) => {
  await withDemoGreptime(async ({ client }) => {
    await t.step("DISTINCT wallets", async () => {
      const r = await client.query(
        "SELECT DISTINCT wallet_address FROM liqwid_supply_positions_usdm ORDER BY wallet_address",
      );
      assert.deepEqual(
        r.rows.map((x) => x.wallet_address),
        [DEMO_WALLETS[0], DEMO_WALLETS[1]].sort(),
      );
    });
    await t.step("IN and BETWEEN", async () => {
      const r = await client.query(
        `SELECT COUNT(*) AS n FROM ${POS} WHERE ts BETWEEN ${
          A - H
        } AND ${A} AND wallet_address IN (${sqlString(DEMO_WALLETS[0])}, ${
          sqlString(DEMO_WALLETS[1])
        })`,
      );
      assert.deepEqual(r.rows, [{ n: 4 }]);
    });
    await t.step("ISO string bound", async () => {
      const iso = new Date(A - H).toISOString();
      const r = await client.query(`SELECT COUNT(*) AS n FROM ${POS} WHERE ts >= '${iso}'`);
      assert.deepEqual(r.rows, [{ n: 6 }]);
      const naive = iso.replace("T", " ").replace(".000Z", "");
      const r2 = await client.query(`SELECT COUNT(*) AS n FROM ${POS} WHERE ts >= '${naive}'`);
      assert.deepEqual(r2.rows, [{ n: 6 }]);
    });
  });
});
