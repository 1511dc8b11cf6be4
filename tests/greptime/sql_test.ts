import assert from "node:assert/strict";
import {
  downsampleSql,
  earliestPositionSql,
  lastPriceBeforeSql,
  minswapSeriesSql,
  positionPriceSeriesSql,
  positionsSql,
  probeSql,
  resolveMemoColumn,
  selectAllLimit0,
  sqlIdent,
  sqlString,
  sqlTimestamp,
  transactionsSql,
  whereTs,
} from "../../src/greptime/sql.ts";

Deno.test("sqlIdent() accepts only ^[a-z_][a-z0-9_]{0,127}$ and names the value", async (t) => {
  const ok = ["liqwid_supply_positions_djed", "_x", "a".repeat(128), "t1"];
  const bad = ["", "1abc", "Djed", "a-b", "x; DROP TABLE y", "a".repeat(129), "tbl'", 'a"b', "a b"];
  for (const name of ok) {
    await t.step(`accepts ${name.slice(0, 20)}`, () => assert.equal(sqlIdent(name), name));
  }
  for (const name of bad) {
    await t.step(`rejects ${JSON.stringify(name.slice(0, 20))}`, () => {
      assert.throws(
        () => sqlIdent(name),
        (e: unknown) => e instanceof RangeError && e.message.includes(JSON.stringify(name)),
      );
    });
  }
});

Deno.test("sqlString() doubles quotes and rejects backslashes and control characters", async (t) => {
  const cases: [string, string][] = [
    ["addr1abc", "'addr1abc'"],
    ["x' OR '1'='1", "'x'' OR ''1''=''1'"],
    ["", "''"],
    ["it''s", "'it''''s'"],
    ["ünïcode €", "'ünïcode €'"],
  ];
  for (const [input, expected] of cases) {
    await t.step(input || "(empty)", () => assert.equal(sqlString(input), expected));
  }
  for (const input of ["a\\b", "a\nb", "a\u0000b", "tab\there", "del\u007f"]) {
    await t.step(`rejects ${JSON.stringify(input)}`, () => {
      assert.throws(() => sqlString(input), RangeError);
    });
  }
});

Deno.test("sqlTimestamp() accepts finite integers only", async (t) => {
  assert.equal(sqlTimestamp(1732752000000), "1732752000000");
  assert.equal(sqlTimestamp(-5), "-5");
  for (const v of [1.5, NaN, Infinity, -Infinity, 2 ** 60]) {
    await t.step(`rejects ${v}`, () => assert.throws(() => sqlTimestamp(v), RangeError));
  }
});

Deno.test("whereTs() omits open bounds", async (t) => {
  const cases: [Parameters<typeof whereTs>[0], string][] = [
    [{}, ""],
    [{ startMs: 1, endMs: 2 }, " WHERE ts >= 1 AND ts <= 2"],
    [{ startMs: 1, endMs: null }, " WHERE ts >= 1"],
    [{ startMs: null, endMs: 2 }, " WHERE ts <= 2"],
    [{ startMs: 1, endMs: 2, startExclusive: true }, " WHERE ts > 1 AND ts <= 2"],
  ];
  for (const [b, expected] of cases) {
    await t.step(JSON.stringify(b), () => assert.equal(whereTs(b), expected));
  }
  assert.throws(() => whereTs({ startMs: 0.5 }), RangeError);
});

const ALL_POS = ["ts", "wallet_address", "usd_value", "underlying_units", "price_usd", "market_id"];

Deno.test("statement builders produce the §10.6 statements", async (t) => {
  const cases: [string, string, string][] = [
    [
      "positions, all columns",
      positionsSql("p_djed", ALL_POS, { startMs: 10, endMs: 20 }),
      "SELECT ts, wallet_address, usd_value, underlying_units, price_usd, market_id FROM p_djed " +
      "WHERE ts >= 10 AND ts <= 20 ORDER BY ts ASC",
    ],
    [
      "positions, optional columns missing",
      positionsSql("p_djed", ["ts", "wallet_address", "extra", "price_usd"], { endMs: 20 }),
      "SELECT ts, wallet_address, price_usd FROM p_djed WHERE ts <= 20 ORDER BY ts ASC",
    ],
    [
      "last price before",
      lastPriceBeforeSql("p_djed", 10),
      "SELECT ts, AVG(price_usd) AS price_usd FROM p_djed WHERE ts < 10 AND price_usd IS NOT NULL " +
      "GROUP BY ts ORDER BY ts DESC LIMIT 1",
    ],
    [
      "last price before, inclusive (right_open)",
      lastPriceBeforeSql("p_djed", 10, { inclusive: true }),
      "SELECT ts, AVG(price_usd) AS price_usd FROM p_djed WHERE ts <= 10 AND price_usd IS NOT NULL " +
      "GROUP BY ts ORDER BY ts DESC LIMIT 1",
    ],
    ["earliest", earliestPositionSql("p", 99), "SELECT MIN(ts) AS min_ts FROM p WHERE ts <= 99"],
    ["earliest open", earliestPositionSql("p", null), "SELECT MIN(ts) AS min_ts FROM p"],
    [
      "transactions with memo and tx_hash",
      transactionsSql("w", ["ts", "wallet_address", "amount", "memo", "tx_hash"], "memo", {
        startMs: 1,
        endMs: 2,
      }),
      "SELECT ts, wallet_address, amount, memo, tx_hash FROM w WHERE ts >= 1 AND ts <= 2 ORDER BY ts ASC",
    ],
    [
      "transactions without memo or tx_hash",
      transactionsSql("w", ["ts", "wallet_address", "amount"], null, {}),
      "SELECT ts, wallet_address, amount FROM w ORDER BY ts ASC",
    ],
    [
      "provider series",
      positionPriceSeriesSql("p", { startMs: 5 }),
      "SELECT ts, AVG(price_usd) AS price_usd FROM p WHERE ts >= 5 GROUP BY ts ORDER BY ts ASC",
    ],
    [
      "minswap series",
      minswapSeriesSql("minswap_prices_djed", { startMs: 5, endMs: 6 }),
      "SELECT ts, price_usd FROM minswap_prices_djed WHERE ts >= 5 AND ts <= 6 ORDER BY ts ASC",
    ],
    [
      "downsample",
      downsampleSql("p", ALL_POS, 3600, { startMs: 1, endMs: 2 }),
      "SELECT date_bin(INTERVAL '3600 seconds', ts) AS bucket, MIN(v) AS v_min, AVG(v) AS v_avg, " +
      "MAX(v) AS v_max, COUNT(v) AS n FROM (SELECT ts, SUM(COALESCE(usd_value, underlying_units * price_usd)) " +
      "AS v FROM p WHERE ts >= 1 AND ts <= 2 GROUP BY ts) AS s GROUP BY bucket ORDER BY bucket",
    ],
    ["probe", probeSql(), "SELECT 1"],
    ["columns", selectAllLimit0("t"), "SELECT * FROM t LIMIT 0"],
  ];
  for (const [name, actual, expected] of cases) {
    await t.step(name, () => assert.equal(actual, expected));
  }
});

Deno.test("downsampleSql() uses only the value columns the table has", async (t) => {
  const cases: [string[], string][] = [
    [["ts", "usd_value"], "SUM(usd_value)"],
    [["ts", "underlying_units", "price_usd"], "SUM(underlying_units * price_usd)"],
    [["ts"], "SUM(NULL)"],
  ];
  for (const [cols, expected] of cases) {
    await t.step(cols.join(","), () => assert.ok(downsampleSql("p", cols, 60).includes(expected)));
  }
  assert.throws(() => downsampleSql("p", ALL_POS, 0), RangeError);
  assert.throws(() => downsampleSql("p", ALL_POS, 1.5), RangeError);
});

Deno.test("statement builders reject unsafe table names and bounds", () => {
  assert.throws(() => positionsSql("p; DROP TABLE x", ALL_POS), RangeError);
  assert.throws(() => minswapSeriesSql("P", {}), RangeError);
  assert.throws(() => transactionsSql("w", ["ts"], null, { endMs: NaN }), RangeError);
});

Deno.test("resolveMemoColumn() follows memo_column (§3.2.1)", async (t) => {
  const cases: [Parameters<typeof resolveMemoColumn>[0], string[], string | null][] = [
    ["auto", ["memo", "notes"], "memo"],
    ["auto", ["notes"], "notes"],
    ["auto", ["ts"], null],
    ["notes", ["memo", "notes"], "notes"],
    ["memo", ["notes"], null],
  ];
  for (const [setting, cols, expected] of cases) {
    await t.step(
      `${setting} ${cols}`,
      () => assert.equal(resolveMemoColumn(setting, cols), expected),
    );
  }
});
