import assert from "node:assert/strict";
import {
  buildDateBinSql,
  buildRawValueSql,
  fetchServerDownsampled,
  isServerDownsampleUnsupported,
} from "../../src/chart/mod.ts";
import { GreptimeQueryError } from "../../src/greptime/errors.ts";
import type { GreptimeClient, QueryResult } from "../../src/greptime/types.ts";

function fakeClient(
  answer: (sql: string) => QueryResult | Error,
): GreptimeClient & { sql: string[] } {
  const sql: string[] = [];
  return {
    sql,
    url: "http://127.0.0.1:4000",
    database: "liqwid",
    query(s: string) {
      sql.push(s);
      const a = answer(s);
      return a instanceof Error ? Promise.reject(a) : Promise.resolve(a);
    },
    execute: () => Promise.resolve(0),
    tableColumns: () => Promise.resolve([]),
    ping: () => Promise.resolve(),
  };
}

const RAW: QueryResult = {
  columns: [{ name: "ts", dataType: "TimestampMillisecond" }, { name: "v", dataType: "Float64" }],
  rows: [{ ts: 1000, v: 5 }, { ts: 2000, v: null }, { ts: 3000, v: 7 }],
};

Deno.test("buildDateBinSql() writes the §10.6 date_bin statement", () => {
  assert.equal(
    buildDateBinSql("liqwid_supply_positions_djed", {
      startMs: 1000,
      endMs: 5000,
      binSeconds: 3600,
    }),
    "SELECT date_bin(INTERVAL '3600 seconds', ts) AS bucket, MIN(v) AS v_min, AVG(v) AS v_avg, " +
      "MAX(v) AS v_max, COUNT(v) AS n FROM (SELECT ts, SUM(COALESCE(usd_value, underlying_units * " +
      "price_usd)) AS v FROM liqwid_supply_positions_djed WHERE ts >= 1000 AND ts <= 5000 GROUP BY ts) " +
      "AS s GROUP BY bucket ORDER BY bucket",
  );
  assert.match(
    buildDateBinSql("t", { startMs: null, endMs: null, binSeconds: 60 }),
    /FROM t GROUP BY ts/,
  );
  assert.equal(
    buildRawValueSql("t", { startMs: 10, endMs: null }),
    "SELECT ts, SUM(COALESCE(usd_value, underlying_units * price_usd)) AS v FROM t WHERE ts >= 10 " +
      "GROUP BY ts ORDER BY ts ASC",
  );
});

Deno.test("buildDateBinSql() rejects unsafe input", async (t) => {
  const cases: [string, () => string][] = [
    [
      "table with a quote",
      () => buildDateBinSql("t'; DROP", { startMs: 0, endMs: 1, binSeconds: 60 }),
    ],
    [
      "upper-case table",
      () => buildDateBinSql("Positions", { startMs: 0, endMs: 1, binSeconds: 60 }),
    ],
    [
      "fractional timestamp",
      () => buildDateBinSql("t", { startMs: 0.5, endMs: 1, binSeconds: 60 }),
    ],
    ["NaN timestamp", () => buildRawValueSql("t", { startMs: Number.NaN, endMs: 1 })],
    ["zero bin", () => buildDateBinSql("t", { startMs: 0, endMs: 1, binSeconds: 0 })],
    ["fractional bin", () => buildDateBinSql("t", { startMs: 0, endMs: 1, binSeconds: 1.5 })],
  ];
  for (const [name, f] of cases) await t.step(name, () => assert.throws(f, RangeError));
});

Deno.test("fetchServerDownsampled() returns the server's bins", async () => {
  const client = fakeClient(() => ({
    columns: [],
    rows: [
      { bucket: 0, v_min: 1, v_avg: 2, v_max: 3, n: 4 },
      { bucket: 3_600_000, v_min: 5, v_avg: 6, v_max: 7, n: 8 },
      { bucket: 7_200_000, v_min: null, v_avg: null, v_max: null, n: 0 },
    ],
  }));
  const res = await fetchServerDownsampled(client, "t", {
    startMs: 0,
    endMs: 9_000_000,
    binSeconds: 3600,
  });
  assert.deepEqual(res, {
    kind: "bins",
    binSeconds: 3600,
    bins: [
      { bucketMs: 0, min: 1, avg: 2, max: 3, count: 4 },
      { bucketMs: 3_600_000, min: 5, avg: 6, max: 7, count: 8 },
    ],
  });
  assert.equal(client.sql.length, 1);
  assert.match(client.sql[0], /^SELECT date_bin/);
});

Deno.test("fetchServerDownsampled() falls back to raw rows on 'unsupported' codes and remembers it", async (t) => {
  for (const code of [1001, 2000, 3000, 3001]) {
    await t.step(`code ${code}`, async () => {
      const client = fakeClient((sql) =>
        sql.includes("date_bin") ? new GreptimeQueryError(400, code, "unsupported") : RAW
      );
      assert.equal(isServerDownsampleUnsupported(client), false);
      const first = await fetchServerDownsampled(client, "t", {
        startMs: 0,
        endMs: 5000,
        binSeconds: 60,
      });
      assert.deepEqual(first, { kind: "raw", series: { tsMs: [1000, 3000], values: [5, 7] } });
      assert.equal(isServerDownsampleUnsupported(client), true);
      await fetchServerDownsampled(client, "t", { startMs: 0, endMs: 5000, binSeconds: 60 });
      assert.deepEqual(client.sql.map((s) => s.includes("date_bin")), [true, false, false]);
    });
  }
  await t.step("memory is per client", async () => {
    const other = fakeClient(() => ({ columns: [], rows: [] }));
    assert.equal(isServerDownsampleUnsupported(other), false);
    await fetchServerDownsampled(other, "t", { startMs: 0, endMs: 1, binSeconds: 60 });
    assert.match(other.sql[0], /date_bin/);
  });
});

Deno.test("fetchServerDownsampled() propagates other errors without remembering", async () => {
  const client = fakeClient(() => new GreptimeQueryError(400, 4001, "table not found"));
  await assert.rejects(
    fetchServerDownsampled(client, "t", { startMs: 0, endMs: 1, binSeconds: 60 }),
    GreptimeQueryError,
  );
  assert.equal(isServerDownsampleUnsupported(client), false);
  const net = fakeClient(() => new TypeError("connection refused"));
  await assert.rejects(
    fetchServerDownsampled(net, "t", { startMs: 0, endMs: 1, binSeconds: 60 }),
    TypeError,
  );
});
