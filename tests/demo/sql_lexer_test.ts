import assert from "node:assert/strict";
import { DemoSqlError, tokenize } from "../../src/demo/sql_lexer.ts";

Deno.test("tokenize() splits the SQL subset and unescapes strings", () => {
  const tokens = tokenize("SELECT a, 'it''s' FROM t WHERE ts >= -1.5e3;");
  assert.deepEqual(tokens.map((t) => [t.type, t.text]), [
    ["ident", "SELECT"],
    ["ident", "a"],
    ["op", ","],
    ["string", "'it''s'"],
    ["ident", "FROM"],
    ["ident", "t"],
    ["ident", "WHERE"],
    ["ident", "ts"],
    ["op", ">="],
    ["op", "-"],
    ["number", "1.5e3"],
  ]);
  assert.equal(tokens[3].value, "it's");
});

Deno.test("tokenize() rejects what is outside the subset", async (t) => {
  const cases: [string, number][] = [
    ["SELECT 1; SELECT 2", 1001],
    ["SELECT 1 -- c", 2000],
    ["SELECT /* c */ 1", 2000],
    ['SELECT "quoted"', 2000],
    ["SELECT `x`", 2000],
    ["SELECT 'open", 2000],
    ["SELECT 12abc", 2000],
  ];
  for (const [sql, code] of cases) {
    await t.step(sql, () => {
      assert.throws(
        () => tokenize(sql),
        (e: unknown) => e instanceof DemoSqlError && e.code === code,
      );
    });
  }
});
