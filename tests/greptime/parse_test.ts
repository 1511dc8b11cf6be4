import assert from "node:assert/strict";
import { GreptimeHttpError, GreptimeQueryError } from "../../src/greptime/errors.ts";
import { parseSqlResponse } from "../../src/greptime/parse.ts";

function records(type: string, cells: string[]): string {
  return `{"output":[{"records":{"schema":{"column_schemas":[{"name":"ts","data_type":"${type}"}]},` +
    `"rows":[${cells.map((c) => `[${c}]`).join(",")}]}}]}`;
}

Deno.test("parseSqlResponse() converts every timestamp unit to epoch ms (floor)", async (t) => {
  const cases: [string, string, number | null][] = [
    ["TimestampSecond", "1732752000", 1732752000000],
    ["TimestampMillisecond", "1732752000123", 1732752000123],
    ["timestampmillisecond", "1732752000123", 1732752000123],
    ["TimestampMicrosecond", "1732752000123999", 1732752000123],
    ["TimestampMicrosecond", "-1", -1],
    ["TimestampNanosecond", "1732752000123999999", 1732752000123],
    ["TIMESTAMPNANOSECOND", "9007199254740993000", 9007199254740],
    ["TimestampNanosecond", "-9007199254740993001", -9007199254741],
    ["TimestampNanosecond", "999999", 0],
    ["TimestampNanosecond", "null", null],
  ];
  for (const [type, cell, expected] of cases) {
    await t.step(`${type} ${cell}`, () => {
      const [out] = parseSqlResponse(200, records(type, [cell, "1000000"]));
      assert.equal(out.kind, "records");
      if (out.kind !== "records") return;
      assert.equal(out.result.rows[0].ts, expected);
    });
  }
});

Deno.test("parseSqlResponse() keeps non-timestamp values and row order", () => {
  const text =
    '{"output":[{"records":{"schema":{"column_schemas":[{"name":"a","data_type":"Int64"},' +
    '{"name":"b","data_type":"Boolean"},{"name":"c","data_type":"Json"}]},' +
    '"rows":[[12345678901234567890,true,{"k":1}],[1,false,null]]}},{"affectedrows":5}]}';
  const outs = parseSqlResponse(200, text);
  assert.equal(outs.length, 2);
  assert.deepEqual(outs[1], { kind: "affected", affectedRows: 5 });
  if (outs[0].kind !== "records") throw new Error("records expected");
  assert.deepEqual(outs[0].result.rows, [
    { a: 12345678901234567000, b: true, c: '{"k":1}' },
    { a: 1, b: false, c: null },
  ]);
});

Deno.test("parseSqlResponse() maps error bodies", async (t) => {
  await t.step("code ≠ 0 with 200", () => {
    assert.throws(
      () => parseSqlResponse(200, '{"code":1001,"error":"nope"}'),
      (e: unknown) =>
        e instanceof GreptimeQueryError && e.code === 1001 && e.status === 200 &&
        e.message === "nope",
    );
  });
  await t.step("JSON without code on 500", () => {
    assert.throws(
      () => parseSqlResponse(500, '{"x":1}'),
      (e: unknown) =>
        e instanceof GreptimeHttpError && e.status === 500 && e.bodyExcerpt === '{"x":1}',
    );
  });
  await t.step("non-object JSON", () => {
    assert.throws(() => parseSqlResponse(200, "[1]"), GreptimeHttpError);
  });
  await t.step("empty body", () => {
    assert.throws(
      () => parseSqlResponse(502, ""),
      (e: unknown) => e instanceof GreptimeHttpError && e.bodyExcerpt === "",
    );
  });
});

Deno.test("parseSqlResponse() reads Decimal128 cells given as strings as numbers", () => {
  const text = `{"output":[{"records":{"schema":{"column_schemas":[` +
    `{"name":"usd_value","data_type":"Decimal128(38, 10)"},{"name":"memo","data_type":"String"}]},` +
    `"rows":[["1234.5000000000","12.5"],[null,"x"],["not a number","y"]]}}]}`;
  const [out] = parseSqlResponse(200, text);
  assert.equal(out.kind, "records");
  if (out.kind !== "records") return;
  assert.deepEqual(out.result.rows.map((r) => r.usd_value), [1234.5, null, "not a number"]);
  // Plain string columns stay strings.
  assert.equal(out.result.rows[0].memo, "12.5");
});
